// Package double_unlock_loop_once: bad releases in a loop, which paths
// holding the lock from several iterations reach, are reported once per
// place and message (go vet printed each of line 16's twice; the
// oracle's seed 5091909).
package double_unlock_loop_once

import "sync"

type S struct{ rw sync.RWMutex }

func (s *S) F(n int) {
	s.rw.RLock()
	defer s.rw.RUnlock() // want `^s\.rw is write-locked but released with RUnlock: a fatal error at run time; use Unlock$`
	for i := 0; i < 2; i++ {
		// The three reports of the RUnlock below, once each.
		s.rw.RUnlock() // want `^s\.rw is not locked here \(it was already unlocked on this path\): unlocking it again is a fatal error at run time; remove one of the two unlocks$` `^s\.rw is unlocked here and again by the deferred Unlock when the function returns: the second unlock is a fatal error at run time; remove one of them$` `^s\.rw is write-locked but released with RUnlock: a fatal error at run time; use Unlock$`
		for j := 0; j < n; j++ {
			s.rw.Lock()
			s.rw.RLock()
		}
	}
}
