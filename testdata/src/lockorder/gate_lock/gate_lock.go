// Package gate_lock shows two locks taken in both orders, each time
// under a common outer lock (a gate lock, as lockdep calls it).
// Rebalance takes s.left then s.right, Mirror s.right then s.left, both
// holding s.gate for writing: they exclude each other, so the inversion
// cannot deadlock and is silent; Scan holds the gate only for reading,
// which still excludes it from the writers. Peek and Scan both hold the
// gate for reading only: they can run at the same time, and their
// inversion is reported, naming each other (not the gated writers).
package gate_lock

import "sync"

type Store struct {
	gate        sync.RWMutex
	left, right sync.Mutex
	l, r        []int
}

func (s *Store) Rebalance() {
	s.gate.Lock()
	defer s.gate.Unlock()
	s.left.Lock()
	s.right.Lock()
	s.l, s.r = s.r, s.l
	s.right.Unlock()
	s.left.Unlock()
}

func (s *Store) Mirror() {
	s.gate.Lock()
	defer s.gate.Unlock()
	s.right.Lock()
	s.left.Lock()
	copy(s.l, s.r)
	s.left.Unlock()
	s.right.Unlock()
}

func (s *Store) Scan() int {
	s.gate.RLock()
	defer s.gate.RUnlock()
	s.right.Lock()
	s.left.Lock() // want `lock order inversion: \(\*Store\)\.Scan takes Store\.right then Store\.left; \(\*Store\)\.Peek takes Store\.left then Store\.right`
	n := len(s.l) + len(s.r)
	s.left.Unlock()
	s.right.Unlock()
	return n
}

func (s *Store) Peek() int {
	s.gate.RLock()
	defer s.gate.RUnlock()
	s.left.Lock()
	s.right.Lock() // want `lock order inversion: \(\*Store\)\.Peek takes Store\.left then Store\.right; \(\*Store\)\.Scan takes Store\.right then Store\.left`
	n := len(s.l) - len(s.r)
	s.right.Unlock()
	s.left.Unlock()
	return n
}
