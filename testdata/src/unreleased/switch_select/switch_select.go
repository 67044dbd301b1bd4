// Package switch_select shows returns inside a switch case and a select
// case that leave the lock held while the other cases unlock it. The
// variant that unlocks in every case is fine.
package switch_select

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

var errIdle = errors.New("scheduler: nothing running")

type Scheduler struct {
	mu      sync.Mutex
	running int
	wake    chan struct{}
}

func (s *Scheduler) Handle(kind string) error {
	s.mu.Lock()
	switch kind {
	case "start":
		s.running++
	case "stop":
		if s.running == 0 {
			return errIdle // want `^s\.mu is still locked after this return`
		}
		s.running--
	default:
		s.mu.Unlock()
		return fmt.Errorf("scheduler: unknown event %q", kind)
	}
	s.mu.Unlock()
	return nil
}

// Wait returns from the select case with the lock held.
func (s *Scheduler) Wait(ctx context.Context) error {
	s.mu.Lock()
	select {
	case <-ctx.Done():
		return ctx.Err() // want `^s\.mu is still locked after this return`
	case <-s.wake:
		s.running++
	}
	s.mu.Unlock()
	return nil
}

// HandleFixed unlocks in every case.
func (s *Scheduler) HandleFixed(kind string) error {
	s.mu.Lock()
	switch kind {
	case "start":
		s.running++
	case "stop":
		if s.running == 0 {
			s.mu.Unlock()
			return errIdle
		}
		s.running--
	default:
		s.mu.Unlock()
		return fmt.Errorf("scheduler: unknown event %q", kind)
	}
	s.mu.Unlock()
	return nil
}
