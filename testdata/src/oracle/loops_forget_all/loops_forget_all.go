// Package loops_forget_all is a regression case of the locklint oracle
// (internal/oracle), shrunk from the program of seed 18468. The // want
// and // maybe comments are the oracle's verdict; locklint departs from
// it as the finding says (findings.go), which TestRegressions checks.
//
// Finding: loops-forget-all
// At a loop's head, the states of paths with equal lock facts merge
// and keep only the branch outcomes they share: a parameter or flag
// tested one way in an iteration can be taken the other way in the
// next one.
//
// locklint reports, when recorded:
//   line 31: unreleased: s.mu1 is not locked here (it was already unlocked on this path): unlocking it again is a fatal error at run time; remove one of the two unlocks

package loops_forget_all

import "sync"

type S struct {
	mu1 sync.Mutex
}

func (s *S) F(p0 bool, n int) {
	h0 := false
	for i0 := 0; i0 < n; i0++ {
		if p0 {
			h0 = true
			continue
		}
		if h0 {
			s.mu1.Unlock()
		}
	}
}
