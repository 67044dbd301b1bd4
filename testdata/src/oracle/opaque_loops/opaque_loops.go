// Package opaque_loops is a regression case of the locklint oracle
// (internal/oracle), shrunk from the program of seed 13. The // want
// and // maybe comments are the oracle's verdict; locklint departs from
// it as the finding says (findings.go), which TestRegressions checks.
//
// Finding: opaque-loops
// The engine does not evaluate a loop's condition: for i := 0; i < 2;
// i++ may run zero times or once for it, so it reports leaks and
// double unlocks on paths that skip or cut short a loop that always
// runs twice.
//
// locklint reports, when recorded:
//   line 27: unreleased: s.mu0 is not locked here (it was already unlocked on this path): unlocking it again is a fatal error at run time; remove one of the two unlocks
//   line 29: unreleased: s.mu0 is still locked at the end of the function, but other paths unlock it: unlock it on every path, or defer the Unlock right after Lock

package opaque_loops

import "sync"

type S struct {
	mu0 sync.Mutex
}

func (s *S) F() {
	s.mu0.Lock()
	for i0 := 0; i0 < 2; i0++ {
		s.mu0.Unlock() // want: unreleased
	}
}
