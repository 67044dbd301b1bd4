// Package trylock_captured_flag: a TryLock result stored in a flag that
// a deferred closure captures decides later branches on the flag, as a
// local's does (the oracle's seed 2028098).
package trylock_captured_flag

import "sync"

type S struct {
	mu sync.Mutex
}

func (s *S) lock() {
	s.mu.Lock()
}

// Locks where the TryLock failed: not a double acquire.
func (s *S) ok() {
	held := false
	held = s.mu.TryLock()
	defer func() {
		if held {
			s.mu.Unlock()
		}
	}()
	if !held {
		s.lock()
		held = true
	}
}

// Locks again where the TryLock succeeded: a double acquire.
func (s *S) bad() {
	held := false
	held = s.mu.TryLock()
	defer func() {
		if held {
			s.mu.Unlock()
		}
	}()
	if held {
		s.lock() // want `s\.mu is already held; s\.lock locks it again, so the call blocks forever \(sync\.Mutex is not reentrant\): release it before the call or call a variant that expects it held`
	}
}
