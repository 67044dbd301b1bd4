// Package trylock_flag is a regression case of the locklint oracle
// (internal/oracle), shrunk from the program of seed 119. The // want
// and // maybe comments are the oracle's verdict; locklint departs from
// it as the finding says (findings.go), which TestRegressions checks.
//
// Finding: trylock-flag
// A TryLock whose result is stored (ok := mu.TryLock()) and not tested
// at once holds the lock for the engine only from a later branch on
// it: a path that locks again, or returns, before that branch is not
// seen holding it.
//
// locklint reports, when recorded:
//   nothing

package trylock_flag

import "sync"

type S struct {
	mu1 sync.Mutex
}

func (s *S) F() {
	h0 := false
	_ = h0
	h0 = s.mu1.TryLock()
	s.mu1.Lock() // want: doubleacquire
}
