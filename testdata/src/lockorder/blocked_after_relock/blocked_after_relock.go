// Package blocked_after_relock shows one root cause reported once. Check
// holds s.mu and calls Shutdown, which locks s.mu again (doubleacquire
// reports that call) and then waits for the send loop, whose Done comes
// after it locks s.mu. The goroutine blocks on its own lock first: the
// wait under s.mu at the same call is the same bug, and lockorder says
// nothing there. Drain holds s.mu and calls stopLoop, which only waits:
// that wait is reported.
package blocked_after_relock

import "sync"

type Server struct {
	mu      sync.Mutex
	wg      sync.WaitGroup
	running bool
	sent    int
}

func NewServer() *Server {
	s := &Server{running: true}
	s.wg.Add(1)
	go s.sendLoop()
	return s
}

func (s *Server) sendLoop() {
	defer s.wg.Done()
	s.mu.Lock()
	s.sent++
	s.mu.Unlock()
}

func (s *Server) Shutdown() {
	s.mu.Lock()
	s.running = false
	s.mu.Unlock()
	s.wg.Wait()
}

func (s *Server) stopLoop() {
	s.wg.Wait()
}

func (s *Server) Check() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sent > 1 {
		s.Shutdown()
	}
}

func (s *Server) Drain() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopLoop() // want `s.mu is held while calling s.stopLoop`
}
