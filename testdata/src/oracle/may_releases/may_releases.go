// Package may_releases is a regression case of the locklint oracle
// (internal/oracle), shrunk from the program of seed 485. The // want
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
	mu1 sync.Mutex
}

func (s *S) F() {
	h0 := false
	s.mu1.Lock()
	h0 = true
	defer func() {
		if h0 {
			s.mu1.Unlock()
		}
	}()
	s.mu1.Unlock() // want: unreleased
}
