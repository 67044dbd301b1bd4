// Package test_caller_gate shows a gate that test files do not take
// away. moveLocked and swapLocked take s.a and s.b in opposite orders,
// and every call of them in the package holds s.mu (the "lock must be
// held" helpers of nats' file store): silent. The test calls swapLocked
// without s.mu, in one goroutine, as nats' benchmark calls
// removeMsgsInRange; the test variant does not report the production
// helpers for it.
package test_caller_gate

import "sync"

type Store struct {
	mu   sync.Mutex
	a, b sync.Mutex
	n    int
}

func (s *Store) moveLocked() {
	s.a.Lock()
	s.b.Lock()
	s.n++
	s.b.Unlock()
	s.a.Unlock()
}

func (s *Store) swapLocked() {
	s.b.Lock()
	s.a.Lock()
	s.n--
	s.a.Unlock()
	s.b.Unlock()
}

func (s *Store) Move() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.moveLocked()
}

func (s *Store) Swap() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.swapLocked()
}
