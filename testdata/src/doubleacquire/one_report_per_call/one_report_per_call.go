// Package one_report_per_call shows a call site reported once for one
// held lock: Check holds s.mu and calls Shutdown, which read-locks s.mu
// (in running) and then locks it (in stop). Both would block; the call
// is one bug, reported once, with the shortest chain.
package one_report_per_call

import "sync"

type Server struct {
	mu      sync.RWMutex
	started bool
	n       int
}

func (s *Server) running() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.started
}

func (s *Server) Shutdown() {
	if !s.running() {
		return
	}
	s.mu.Lock()
	s.started = false
	s.mu.Unlock()
}

func (s *Server) Check() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.n > 3 {
		s.Shutdown() // want `s.mu is already held; s.Shutdown locks it again`
	}
}
