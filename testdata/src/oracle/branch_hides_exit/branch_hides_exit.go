// Package branch_hides_exit is a regression case of the locklint oracle
// (internal/oracle), shrunk from the program of seed 13968. The // want
// and // maybe comments are the oracle's verdict; locklint departs from
// it as the finding says (findings.go), which TestRegressions checks.
//
// Finding: branch-hides-exit
// (with branch-any-loop+branch-hides-exit)
// When some path to an exit leaves a loop through a break or continue
// with the lock held, the leak is reported there only: another path
// reaching the same exit with the lock held, through no branch, gets
// no report.
//
// locklint reports, when recorded:
//   line 31: unreleased: s.rw1 is not locked here (it was already unlocked on this path): unlocking it again is a fatal error at run time; remove one of the two unlocks
//   line 33: unreleased: s.rw1 is still locked after this break, but other paths unlock it: unlock it before the break, or defer the Unlock right after Lock

package branch_hides_exit

import "sync"

type S struct {
	rw1 sync.RWMutex
	f0  bool
}

func (s *S) F(p0 bool) {
	s.rw1.Lock() // maybe: unreleased
	if p0 {
		for i0 := 0; i0 < 2; i0++ {
			if s.f0 {
				s.rw1.Unlock() // want: unreleased
			} else {
				break // maybe: unreleased
			}
		}
	}
} // want: unreleased
