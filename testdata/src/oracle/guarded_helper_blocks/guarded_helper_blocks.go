// Package guarded_helper_blocks is a regression case of the locklint oracle
// (internal/oracle), shrunk from the program of seed 1003318. The // want
// and // maybe comments are the oracle's verdict; locklint departs from
// it as the finding says (findings.go), which TestRegressions checks.
//
// Finding: guarded-helper-blocks
// A call of a conditional lock helper (s.lockIf(s.f)) whose condition
// the call does not decide, made with the lock held, is reported as a
// double acquire and then blocks the path whatever the condition: the
// path where it is false, which does not lock, is lost, and a leak
// after the call is not reported. Fixed: that path forks and goes on
// (lockstate.forkBlockingGuard).
//
// locklint reports, when recorded:
//   line 35: doubleacquire: s.mu0 is already held; s.lockMu0If locks it again, so the call blocks forever (sync.Mutex is not reentrant): release it before the call or call a variant that expects it held
//   line 37: unreleased: s.mu0 is not locked here (it was already unlocked on this path): unlocking it again is a fatal error at run time; remove one of the two unlocks

package guarded_helper_blocks

import "sync"

type S struct {
	mu0 sync.Mutex
	f0  bool
}

func (s *S) lockMu0If(c bool) {
	if c {
		s.mu0.Lock()
	}
}

func (s *S) F(n int) {
	s.mu0.Lock()      // maybe: unreleased
	s.lockMu0If(s.f0) // want: doubleacquire
	for i0 := 0; i0 < n; i0++ {
		s.mu0.Unlock() // want: unreleased
	}
} // want: unreleased
