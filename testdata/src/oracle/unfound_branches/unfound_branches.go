// Package unfound_branches is a regression case of the locklint oracle
// (internal/oracle), shrunk from the program of seed 4006. The // want
// and // maybe comments are the oracle's verdict; locklint departs from
// it as the finding says (findings.go), which TestRegressions checks.
//
// Finding: unfound-branches
// A break or continue is found in the syntax from the statement before
// it (go/ssa jumps have no position): after an if, a loop or an
// assignment to a local (h = true), or first in a loop body or in an
// if on a parameter or a flag, it is not found, and the leak is
// reported at the exit or an earlier branch instead.
//
// locklint reports, when recorded:
//   line 33: unreleased: s.mu1 is still locked at the end of the function, but other paths unlock it: unlock it on every path, or defer the Unlock right after Lock

package unfound_branches

import "sync"

type S struct {
	mu0 sync.Mutex
	mu1 sync.Mutex
}

func (s *S) F() {
	for i0 := 0; i0 < 2; i0++ {
		s.mu1.Lock() // maybe: unreleased
		if s.mu0.TryLock() {
			s.mu1.Unlock()
		}
		break // want: unreleased
	}
} // maybe: unreleased
