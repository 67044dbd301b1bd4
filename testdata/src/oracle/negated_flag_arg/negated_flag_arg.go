// Package negated_flag_arg is a regression case of the locklint oracle
// (internal/oracle), shrunk from the program of seed 1687. The // want
// and // maybe comments are the oracle's verdict; locklint departs from
// it as the finding says (findings.go), which TestRegressions checks.
//
// Finding: negated-flag-arg
// The argument of a guarded helper that negates a local holding a
// constant at that point (h = true; s.lockIf(!h)) is not evaluated:
// the helper's acquisition is taken to happen, and a double acquire is
// reported.
//
// locklint reports, when recorded:
//   line 33: doubleacquire: s.mu1 is already held; s.lockMu1If locks it again, so the call blocks forever (sync.Mutex is not reentrant): release it before the call or call a variant that expects it held

package negated_flag_arg

import "sync"

type S struct {
	mu1 sync.Mutex
}

func (s *S) lockMu1If(c bool) {
	if c {
		s.mu1.Lock()
	}
}

func (s *S) F() {
	h0 := false
	s.mu1.Lock()
	h0 = true
	s.lockMu1If(!h0)
}
