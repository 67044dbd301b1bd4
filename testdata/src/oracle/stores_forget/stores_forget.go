// Package stores_forget is a regression case of the locklint oracle
// (internal/oracle), shrunk from the program of seed 265. The // want
// and // maybe comments are the oracle's verdict; locklint departs from
// it as the finding says (findings.go), which TestRegressions checks.
//
// Finding: stores-forget
// A store of a constant to a field (s.f = false), or to a flag a
// deferred function literal captures, is not carried to a later test
// of it: the test is taken as unknown, and the branch the constant
// excludes is followed.
//
// locklint reports, when recorded:
//   line 33: doubleacquire: s.mu2 is already held; s.lockMu2If locks it again, so the call blocks forever (sync.Mutex is not reentrant): release it before the call or call a variant that expects it held

package stores_forget

import "sync"

type S struct {
	mu2 sync.Mutex
	f0  bool
}

func (s *S) lockMu2If(c bool) {
	if c {
		s.mu2.Lock()
	}
}

func (s *S) F() {
	s.mu2.Lock()
	s.f0 = false
	s.lockMu2If(s.f0)
}
