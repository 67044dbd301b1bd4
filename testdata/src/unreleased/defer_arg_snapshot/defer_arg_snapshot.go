// Package defer_arg_snapshot: the arguments of a deferred call are
// evaluated at the defer statement. A flag a closure captures (so go/ssa
// keeps it on the heap and loads it at the defer) and sets later does
// not change what the deferred call was given (the oracle's seed
// 5075028).
package defer_arg_snapshot

import "sync"

type S struct{ mu sync.Mutex }

func (s *S) unlockIf(c bool) {
	if c {
		s.mu.Unlock()
	}
}

// Given false: the deferred call releases nothing, the closure does.
func (s *S) ok() {
	held := false
	defer s.unlockIf(held)
	s.mu.Lock()
	held = true
	defer func() {
		if held {
			s.mu.Unlock()
		}
	}()
}

// Given true: both release.
func (s *S) bad() {
	held := false
	s.mu.Lock()
	held = true
	defer s.unlockIf(held) // want `^s\.mu is not locked here \(it was already unlocked on this path\), but s\.unlockIf unlocks it: a fatal error at run time; remove the earlier unlock or this call$`
	defer func() {
		if held {
			s.mu.Unlock()
		}
	}()
}
