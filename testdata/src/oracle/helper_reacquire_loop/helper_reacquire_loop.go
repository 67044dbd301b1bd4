// Package helper_reacquire_loop is a regression case of the locklint
// oracle (internal/oracle), written by hand from the disagreements the
// oracle found under opaque-loops (the generator does not produce a
// function that releases a lock it did not take: the oracle leaves
// what its caller holds to the engine's conventions). There is no
// // want comment: nothing is to be reported.
//
// Finding: helper-reacquire-loop
// A function called with a lock held that releases it and takes it back
// through helpers in a loop (for ... { s.unlockMu(); s.lockMu() }) is
// reported as leaving the lock held at its end; with Unlock and Lock
// written in the loop (waitLocked2), or with the helpers outside a loop
// (waitLocked3), it is (rightly) not.
//
// locklint reports, when recorded:
//   line 36: unreleased: s.rw0 is still locked at the end of the function, but other paths unlock it: unlock it on every path, or defer the Unlock right after Lock

package helper_reacquire_loop

import "sync"

type S struct {
	rw0 sync.RWMutex
}

func (s *S) lockRw0()   { s.rw0.Lock() }
func (s *S) unlockRw0() { s.rw0.Unlock() }

// waitLocked is called with s.rw0 held.
func (s *S) waitLocked(n int) {
	for i := 0; i < n; i++ {
		s.unlockRw0()
		s.lockRw0()
	}
}

// waitLocked2 is called with s.rw0 held.
func (s *S) waitLocked2(n int) {
	for i := 0; i < n; i++ {
		s.rw0.Unlock()
		s.rw0.Lock()
	}
}

// waitLocked3 is called with s.rw0 held.
func (s *S) waitLocked3() {
	s.unlockRw0()
	s.lockRw0()
}
