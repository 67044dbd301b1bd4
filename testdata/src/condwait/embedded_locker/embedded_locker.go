// Package embedded_locker shows a Cond whose Locker is a struct that
// embeds its mutex (miniredis: m.signal = sync.NewCond(&m), Miniredis
// embedding sync.Mutex): m.Lock() locks m.Mutex, so that is the Cond's
// lock. block takes it unless the caller already holds it ("it's already
// locked" when nested): on the path that does not lock, the flag says
// the caller does; silent. Peek waits holding nothing on any path:
// reported.
package embedded_locker

import "sync"

type Server struct {
	sync.Mutex
	signal *sync.Cond
	ready  bool
}

func New() *Server {
	s := Server{}
	s.signal = sync.NewCond(&s)
	return &s
}

func (s *Server) block(nested bool) {
	if !nested {
		s.Lock()
		defer s.Unlock()
	}
	for !s.ready {
		s.signal.Wait()
	}
}

func (s *Server) Run() { s.block(false) }

func (s *Server) RunNested() {
	s.Lock()
	defer s.Unlock()
	s.block(true)
}

func (s *Server) Peek() {
	for !s.ready {
		s.signal.Wait() // want `^s\.signal\.Wait is called without holding`
	}
}
