// Package guarded_holds is a regression case of the locklint oracle
// (internal/oracle), shrunk from the program of seed 6. The // want
// and // maybe comments are the oracle's verdict; locklint departs from
// it as the finding says (findings.go), which TestRegressions checks.
//
// Finding: guarded-holds
// A call of a helper that locks under a boolean parameter
// (s.lockIf(true)) is checked as an acquisition but leaves nothing
// held, so a second Lock after it is not reported; a call (not
// deferred) of one that unlocks under a parameter (s.unlockIf(true))
// releases nothing, so a leak is reported after it.
//
// locklint reports, when recorded:
//   nothing

package guarded_holds

import "sync"

type S struct {
	mu0 sync.Mutex
}

func (s *S) lockMu0() {
	s.mu0.Lock()
}

func (s *S) lockMu0If(c bool) {
	if c {
		s.mu0.Lock()
	}
}

func (s *S) F(p0 bool) {
	s.lockMu0If(p0)
	s.lockMu0() // want: doubleacquire
}
