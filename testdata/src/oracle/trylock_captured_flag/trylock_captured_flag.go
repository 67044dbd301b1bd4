// Package trylock_captured_flag is a regression case of the locklint
// oracle (internal/oracle), shrunk from the program of seed 2028098. The
// // want and // maybe comments are the oracle's verdict; locklint
// departs from it as the finding says (findings.go), which
// TestRegressions checks.
//
// Finding: trylock-captured-flag
// A TryLock result stored in a flag that a deferred function literal
// captures (so go/ssa keeps it on the heap) was not linked to the
// TryLock: a later branch on the flag followed both edges, and a lock
// taken where the flag is false was reported as a double acquire on the
// path where the TryLock had succeeded.
//
// locklint reports, when recorded:
//   line 25: doubleacquire: s.mu0 is already held; s.lockMu0 locks it again, so the call blocks forever (sync.Mutex is not reentrant): release it before the call or call a variant that expects it held

package trylock_captured_flag

import "sync"

type S struct {
	mu0 sync.Mutex
}

func (s *S) lockMu0() {
	s.mu0.Lock()
}

func (s *S) F() {
	h0 := false
	h0 = s.mu0.TryLock()
	defer func() {
		if h0 {
		}
	}()
	if h0 {
	} else {
		s.lockMu0()
	}
}
