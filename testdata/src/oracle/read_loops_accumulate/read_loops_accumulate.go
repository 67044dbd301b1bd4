// Package read_loops_accumulate is a regression case of the locklint oracle
// (internal/oracle), shrunk from the program of seed 11714. The // want
// and // maybe comments are the oracle's verdict; locklint departs from
// it as the finding says (findings.go), which TestRegressions checks.
//
// Finding: read-loops-accumulate
// An RLock in a loop with no RUnlock primitive in the loop is taken as
// read-locked an unknown number of times, even when a release helper
// called in the loop unlocks it each time: the next iteration's RLock
// is reported as recursive, and a Lock after the loop as an upgrade.
//
// locklint reports, when recorded:
//   line 29: doubleacquire: s.rw0 is already read-locked by this goroutine; a second RLock deadlocks as soon as a writer calls Lock between the two: do not read-lock recursively

package read_loops_accumulate

import "sync"

type S struct {
	rw0 sync.RWMutex
}

// lockRw0 is a writer: a recursive read lock of rw0 is reported.
func (s *S) lockRw0() {
	s.rw0.Lock()
}

func (s *S) runlockRw0() {
	s.rw0.RUnlock()
}

func (s *S) F(p0 bool) {
	for i0 := 0; i0 < 2; i0++ {
		s.rw0.RLock()
		s.runlockRw0()
	}
}
