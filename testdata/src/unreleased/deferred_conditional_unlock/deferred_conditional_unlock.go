// Package deferred_conditional_unlock shows the shape of testing's
// (*common).frameSkip: the method is called with s.mu held and walks up
// to the parent scopes, locking each one it moves to. A flag,
// shouldUnlock, says whether the current s.mu is one the method locked
// itself; the loop unlocks the previous scope's lock under the flag
// before moving on, and a deferred closure unlocks the last one under
// the same flag. The caller's lock is never released, and every lock
// the method takes is released once, so nothing is reported.
package deferred_conditional_unlock

import "sync"

type Scope struct {
	mu     sync.Mutex
	parent *Scope
	vars   map[string]string
}

// lookup finds name in s or its parents; s.mu must be held.
func (s *Scope) lookup(name string) (string, bool) {
	shouldUnlock := false
	defer func() {
		if shouldUnlock {
			s.mu.Unlock()
		}
	}()
	for {
		if v, ok := s.vars[name]; ok {
			return v, true
		}
		if s.parent != nil {
			parent := s.parent
			// s is no longer looked at: unlock it unless it is the
			// caller's.
			if shouldUnlock {
				s.mu.Unlock()
			}
			s = parent
			s.mu.Lock()
			shouldUnlock = true
			continue
		}
		return "", false
	}
}

// Get looks name up, holding s.mu as lookup expects.
func (s *Scope) Get(name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, _ := s.lookup(name)
	return v
}
