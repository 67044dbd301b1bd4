// Package loops_forget_fields is a regression case of the locklint oracle
// (internal/oracle), shrunk from the program of seed 2027888. The // want
// and // maybe comments are the oracle's verdict; locklint departs from
// it as the finding says (findings.go), which TestRegressions checks.
//
// Finding: loops-forget-fields
// Loads of a field in a loop are not correlated across iterations
// (contrary to doc.go: loads of the same path, with no store between,
// are the same condition): a branch on s.f taken one way in the first
// iteration can be taken the other way in the next.
//
// locklint reports, when recorded:
//   line 30: unreleased: s.rw0 is still locked after this break, but other paths unlock it: unlock it before the break, or defer the Unlock right after Lock
//   line 30: unreleased: s.rw0 is still locked after this break, but other paths unlock it: unlock it before the break, or defer the Unlock right after Lock
//   line 32: doubleacquire: s.rw0 is still held from the previous loop iteration; locking it again blocks forever: unlock it on every path through the loop body
//   line 34: doubleacquire: s.rw0 is already held; this Lock blocks forever (sync.RWMutex is not reentrant): release it first

package loops_forget_fields

import "sync"

type S struct {
	rw0 sync.RWMutex
	f0  bool
}

func (s *S) F() {
	for i0 := 0; i0 < 2; i0++ {
		if s.f0 {
			break
		} else {
			s.rw0.Lock() // want: doubleacquire; maybe: unreleased
			s.rw0.Unlock()
			s.rw0.Lock() // maybe: doubleacquire unreleased
		}
	}
} // maybe: unreleased
