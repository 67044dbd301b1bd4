// Package deferred_flag_guard shows the shape of etcd's applySnapshot:
// the lock is released early on the normal path, which sets a flag, and
// a deferred closure releases it only if the flag is unset (a panic
// before the early release). The deferred release is conditional, so
// the early Unlock is not a double unlock: Apply is silent. So is Wait
// (containerd's test event queue), whose flag is declared `var unlocked
// bool`: it is false, not the true stored later, when an early return
// runs the deferred closure, which then releases the lock. Twice is the
// near miss: its deferred closure releases unconditionally.
package deferred_flag_guard

import "sync"

type Server struct {
	bemu sync.Mutex
	be   int
}

func (s *Server) Apply(n int) {
	unlocked := false
	s.bemu.Lock()
	defer func() {
		if !unlocked {
			s.bemu.Unlock()
		}
	}()
	s.be = n
	s.bemu.Unlock()
	unlocked = true
}

func (s *Server) Twice(n int) {
	s.bemu.Lock()
	defer func() {
		s.bemu.Unlock()
	}()
	s.be = n
	s.bemu.Unlock() // want `s\.bemu is unlocked here and again by the deferred Unlock when the function returns: the second unlock is a fatal error at run time; remove one of them`
}

func (s *Server) Wait(ch <-chan int) (int, bool) {
	var unlocked bool
	s.bemu.Lock()
	defer func() {
		if !unlocked {
			s.bemu.Unlock()
		}
	}()
	if s.be < 0 {
		return 0, false
	}
	s.bemu.Unlock()
	unlocked = true
	return <-ch, true
}
