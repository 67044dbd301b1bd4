// Package after_self_deadlock shows the shape of nats-server's
// TestJetStreamClusterDomains: with the server's lock held and a remote's
// read lock under it, the test calls Shutdown, which locks the server's
// lock again. That call blocks for ever on the goroutine's own lock (the
// double acquire is doubleacquire's report); it never waits for another
// goroutine, so it orders nothing: Inspect is silent here, though
// AddLeaf takes the two locks in the other order. Check is the near
// miss: it takes the server's lock under the remote's without holding it
// already, a real inversion with AddLeaf.
package after_self_deadlock

import "sync"

type Remote struct {
	sync.RWMutex
	account string
}

type Server struct {
	mu      sync.Mutex
	remotes []*Remote
	running bool
}

func (s *Server) Shutdown() {
	s.mu.Lock()
	s.running = false
	s.mu.Unlock()
}

func (s *Server) AddLeaf(r *Remote) {
	s.mu.Lock()
	r.RLock() // want `lock order inversion: \(\*Server\)\.AddLeaf takes Server\.mu then Remote\.RWMutex; Check takes Remote\.RWMutex then Server\.mu`
	s.remotes = append(s.remotes, r)
	r.RUnlock()
	s.mu.Unlock()
}

func Inspect(s *Server, r *Remote) {
	s.mu.Lock()
	r.RLock()
	if r.account == "" {
		s.Shutdown()
	}
	r.RUnlock()
	s.mu.Unlock()
}

func Check(s *Server, r *Remote) {
	r.RLock()
	if r.account == "" {
		s.Shutdown() // want `lock order inversion: Check takes Remote\.RWMutex then Server\.mu; \(\*Server\)\.AddLeaf takes Server\.mu then Remote\.RWMutex`
	}
	r.RUnlock()
}
