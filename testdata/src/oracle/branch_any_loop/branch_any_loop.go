// Package branch_any_loop is a regression case of the locklint oracle
// (internal/oracle), shrunk from the program of seed 3467. The // want
// and // maybe comments are the oracle's verdict; locklint departs from
// it as the finding says (findings.go), which TestRegressions checks.
//
// Finding: branch-any-loop
// A leak is reported at a break or continue out of a loop entered with
// the lock already held (ordinary control flow: the path goes on to
// the real exit), instead of at the exit that leaves the lock held.
//
// locklint reports, when recorded:
//   line 28: unreleased: s.mu2 is still locked after this continue, but other paths unlock it: unlock it before the continue, or defer the Unlock right after Lock
//   line 30: unreleased: s.mu2 is not locked here (it was already unlocked on this path): unlocking it again is a fatal error at run time; remove one of the two unlocks

package branch_any_loop

import "sync"

type S struct {
	mu2 sync.Mutex
	f0  bool
}

func (s *S) F() {
	s.mu2.Lock() // maybe: unreleased
	for i0 := 0; i0 < 2; i0++ {
		if s.f0 {
			continue // maybe: unreleased
		}
		s.mu2.Unlock() // want: unreleased
	}
} // want: unreleased
