// Package guarded_release_helper shows a leak at a continue that a
// release helper after the loop does not always mend. Process locks
// s.mu in the loop and records it in held; after the loop it calls
// unlockIf(s.strict), which unlocks only when its argument is true. When
// s.strict is false the lock stays held past the return, and the path
// that took it left the loop at the continue: the leak is reported there
// (the oracle's seed 5141899). The helper's release is guarded by its
// parameter, so the lock still held after the call is not only "a
// holding from before" the call: the walk back from the return goes on
// through it to the continue. With a constant true argument the helper
// always unlocks (Flush): silent.
package guarded_release_helper

import "sync"

type S struct {
	mu     sync.Mutex
	strict bool
	n      int
}

func (s *S) unlockIf(ok bool) {
	if ok {
		s.mu.Unlock()
	}
}

func (s *S) Process(items []int) {
	held := false
	for _, it := range items {
		if it < 0 && !held {
			s.mu.Lock()
			held = true
			continue // want `^s\.mu is still locked after this continue, but other paths unlock it`
		}
		s.n += it
	}
	if held {
		s.unlockIf(s.strict)
	}
}

func (s *S) Flush(items []int) {
	held := false
	for _, it := range items {
		if it < 0 && !held {
			s.mu.Lock()
			held = true
			continue
		}
		s.n += it
	}
	if held {
		s.unlockIf(true)
	}
}
