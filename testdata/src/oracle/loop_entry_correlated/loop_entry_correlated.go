// Package loop_entry_correlated is a regression case of the locklint oracle
// (internal/oracle), shrunk from the program of seed 16471. The // want
// and // maybe comments are the oracle's verdict; locklint departs from
// it as the finding says (findings.go), which TestRegressions checks.
//
// Finding: loop-entry-correlated
// Combined with opaque-loops: the outcome of the first test of an
// inner loop's condition is kept across the iterations of the outer
// loop, so a path that released the lock after skipping the inner loop
// never reaches a return in it, and a leak there that such a path
// would share (and drop) is reported.
//
// locklint reports, when recorded:
//   line 33: unreleased: s.mu0 is still locked after this return, but other paths unlock it: unlock it before the return, or defer the Unlock right after Lock
//   line 35: unreleased: s.mu0 is not locked here (it was already unlocked on this path): unlocking it again is a fatal error at run time; remove one of the two unlocks

package loop_entry_correlated

import "sync"

type S struct {
	mu0 sync.Mutex
}

func (s *S) unlockMu0() {
	s.mu0.Unlock()
}

func (s *S) F() {
	s.mu0.Lock()
	for i0 := 0; i0 < 2; i0++ {
		for i1 := 0; i1 < 2; i1++ {
			return
		}
		s.mu0.Unlock()
	}
}
