// Package select_relock shows a wait loop that unlocks around a blocking
// select and locks again, under a deferred Unlock (quic-go's stream
// reads and writes). Every return is made holding the lock, so the
// deferred Unlock releases it once. go/ssa follows the blocking select
// with a panic block of its own (no case matched), which cannot run: it
// is not an exit, and the deferred Unlock does not run there on the
// released lock; silent. Broken unlocks in the loop and returns without
// locking again: the deferred Unlock then releases an unlocked lock.
package select_relock

import "sync"

type Stream struct {
	mu       sync.Mutex
	ready    bool
	closed   bool
	dataCh   chan struct{}
	deadline chan struct{}
}

func (s *Stream) Wait() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		if s.ready {
			return true
		}
		s.mu.Unlock()
		select {
		case <-s.dataCh:
		case <-s.deadline:
		}
		s.mu.Lock()
	}
}

func (s *Stream) Broken() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		if s.ready {
			return true
		}
		s.mu.Unlock() // want `^s\.mu is unlocked here and again by the deferred Unlock`
		select {
		case <-s.dataCh:
		case <-s.deadline:
			return false
		}
		s.mu.Lock()
	}
}
