// Package held_flag_local shows a lock taken on some paths only, with a
// local boolean recording whether it is held: the engine tags the flag
// (a phi of constants in SSA) with its value on each incoming edge, so
// `if !held { mu.Lock() }` locks only where the lock is free. Ensure is
// correct; Twice locks again exactly where the flag says it is held.
package held_flag_local

import "sync"

type Set struct {
	mu    sync.Mutex
	items map[string]bool
}

// Ensure adds key, locking once whichever way it gets there.
func (s *Set) Ensure(key string, fast bool) {
	held := false
	if !fast {
		s.mu.Lock()
		held = true
		if s.items[key] {
			s.mu.Unlock()
			return
		}
	}
	if !held {
		s.mu.Lock()
	}
	s.items[key] = true
	s.mu.Unlock()
}

// Twice tests the flag the wrong way round.
func (s *Set) Twice(key string, fast bool) {
	held := false
	if !fast {
		s.mu.Lock()
		held = true
	}
	if held {
		s.mu.Lock() // want `s.mu is already held; this Lock blocks forever \(sync.Mutex is not reentrant\): release it first`
	}
	s.items[key] = true
	s.mu.Unlock()
}
