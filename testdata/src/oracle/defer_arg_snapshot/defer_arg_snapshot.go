// Package defer_arg_snapshot is a regression case of the locklint oracle
// (internal/oracle), shrunk from the program of seed 5075028. The // want
// and // maybe comments are the oracle's verdict; locklint departs from
// it as the finding says (findings.go), which TestRegressions checks.
//
// Finding: defer-arg-snapshot
// A deferred call's argument that loads a flag a closure captures was
// evaluated at the exit, after a later store to the flag decided it:
// defer s.unlockMu0If(h0) with h0 false at the defer, then h0 = true,
// gave a false double unlock.
//
// locklint reports, when recorded:
//   line 24: unreleased: s.mu0 is not locked here (it was already unlocked on this path), but s.unlockMu0If unlocks it: a fatal error at run time; remove the earlier unlock or this call

package defer_arg_snapshot

import "sync"

type S struct {
	mu0 sync.Mutex
}

func (s *S) lockMu0() {
	s.mu0.Lock()
}

func (s *S) unlockMu0If(c bool) {
	if c {
		s.mu0.Unlock()
	}
}

func (s *S) F() {
	h0 := false
	defer s.unlockMu0If(h0)
	s.lockMu0()
	h0 = true
	defer func() {
		if h0 {
			s.mu0.Unlock()
		}
	}()
}
