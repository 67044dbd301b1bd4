// Package shadow_releases_share is a regression case of the locklint oracle
// (internal/oracle), shrunk from the program of seed 1002958 (features off: Loops). The // want
// and // maybe comments are the oracle's verdict; locklint departs from
// it as the finding says (findings.go), which TestRegressions checks.
//
// Finding: shadow-releases-share
// After a double acquire (reported), the engine goes on with two
// holdings; a release that ends one of them marks the lock released
// although the other is still held, so that path, which really never
// gets past the deadlock, counts as reaching the exit having released
// the lock, and a real leak on another path to that exit is dropped as
// shared (when a release helper or a deferred function literal
// releases the lock elsewhere).
//
// locklint reports, when recorded:
//   line 36: doubleacquire: s.mu0 is already held; this Lock blocks forever (sync.Mutex is not reentrant): release it first

package shadow_releases_share

import "sync"

type S struct {
	mu0 sync.Mutex
}

func (s *S) unlockMu0() {
	s.mu0.Unlock()
}

func (s *S) F(p0 bool) {
	s.mu0.Lock() // maybe: unreleased
	if p0 {
		s.mu0.Unlock()
		s.mu0.Lock() // maybe: unreleased
		defer s.mu0.Unlock()
		s.mu0.Lock() // want: doubleacquire
	}
} // want: unreleased
