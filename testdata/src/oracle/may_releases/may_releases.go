// Package may_releases is a regression case of the locklint oracle
// (internal/oracle), shrunk from the program of seed 1001241. The // want
// and // maybe comments are the oracle's verdict; locklint departs from
// it as the finding says (findings.go), which TestRegressions checks.
//
// Finding: may-releases
// A deferred release that only some returns of the deferred function
// make (defer func() { if held { mu.Unlock() } }(), defer
// s.unlockIf(c)) is applied only if the lock is held when it runs,
// whatever the condition: an Unlock before it, with the condition
// true, is a double unlock that is not reported.
//
// locklint reports, when recorded:
//   nothing

package may_releases

import "sync"

type S struct {
	mu0 sync.Mutex
}

func (s *S) unlockMu0If(c bool) {
	if c {
		s.mu0.Unlock()
	}
}

func (s *S) F(p0 bool) {
	s.mu0.Lock()
	defer s.unlockMu0If(p0)
	s.unlockMu0If(true) // want: unreleased
}
