// Package trylock_edges_join is a regression case of the locklint oracle
// (internal/oracle), shrunk from the program of seed 4376. The // want
// and // maybe comments are the oracle's verdict; locklint departs from
// it as the finding says (findings.go), which TestRegressions checks.
//
// Finding: trylock-edges-join
// An if on TryLock whose two branches reach the same block without an
// instruction (an empty body, or a break on both sides) loses the
// success: go/ssa threads the jumps, both edges of the If go to one
// block, and the lock is taken as not held after it.
//
// locklint reports, when recorded:
//   nothing

package trylock_edges_join

import "sync"

type S struct {
	mu1 sync.Mutex
}

func (s *S) F() {
	for i0 := 0; i0 < 2; i0++ {
		if s.mu1.TryLock() {
		}
		break
	}
	s.mu1.Lock() // want: doubleacquire
}
