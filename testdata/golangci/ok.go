package gcltest

import "sync"

// Stack is Counter and Queue written correctly: the lock is released on
// every path, and the helper called under the lock does not lock again.
type Stack struct {
	mu    sync.Mutex
	items []string
}

// Pop unlocks on the early return too, through the defer.
func (s *Stack) Pop() (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.items) == 0 {
		s.resetLocked()
		return "", false
	}
	top := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return top, true
}

// resetLocked expects s.mu held.
func (s *Stack) resetLocked() {
	s.items = nil
}
