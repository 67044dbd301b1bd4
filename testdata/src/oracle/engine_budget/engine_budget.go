// Package engine_budget is a regression case of the locklint oracle
// (internal/oracle), shrunk from the program of seed 2002849 (features off: GuardedHelpers,Fields). The // want
// and // maybe comments are the oracle's verdict; locklint departs from
// it as the finding says (findings.go), which TestRegressions checks.
//
// Finding: engine-budget
// The engine gives up on F (too many states) and reports nothing,
// although F is a dozen lines with two locks: read locks taken in
// nested loops make the read counts, part of the lock facts, grow
// until the state budget is hit.
//
// locklint reports, when recorded:
//   nothing

package engine_budget

import "sync"

type S struct {
	rw0 sync.RWMutex
	mu1 sync.Mutex
}

func (s *S) F(n int) {
	if s.rw0.TryRLock() { // maybe: unreleased
		s.mu1.Lock() // maybe: unreleased
	}
	for i0 := 0; i0 < n; i0++ {
		s.rw0.RLock() // maybe: doubleacquire
		for i1 := 0; i1 < n; i1++ {
			s.rw0.RUnlock() // want: unreleased
			s.mu1.Lock()    // want: doubleacquire
		}
		for i1 := 0; i1 < 2; i1++ {
			s.mu1.Unlock() // want: unreleased
		}
	}
} // maybe: unreleased
