// Package goroutine_handoff shows a lock taken by one goroutine and
// released by another it starts: the spawned goroutine's deferred Unlock
// releases it, so the spawning function is fine. An early return before
// the hand-off leaves it held.
package goroutine_handoff

import (
	"errors"
	"sync"
)

var errClosed = errors.New("snapshotter: closed")

type Snapshotter struct {
	mu     sync.Mutex
	closed bool
	dirty  bool
	write  func() error
	errs   []error
}

// Start keeps others out until the background write finishes.
func (s *Snapshotter) Start() {
	s.mu.Lock()
	go func() {
		defer s.mu.Unlock()
		if err := s.write(); err != nil {
			s.errs = append(s.errs, err)
		}
	}()
}

// StartChecked forgets the Unlock on the closed path.
func (s *Snapshotter) StartChecked() error {
	s.mu.Lock()
	if s.closed {
		return errClosed // want `^s\.mu is still locked after this return`
	}
	if !s.dirty {
		s.mu.Unlock()
		return nil
	}
	go func() {
		defer s.mu.Unlock()
		if err := s.write(); err != nil {
			s.errs = append(s.errs, err)
		}
	}()
	return nil
}
