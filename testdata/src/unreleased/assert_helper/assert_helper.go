// Package assert_helper shows assertion helpers that do not return when
// their argument is wrong (a test's require_NoError(t, err) calls
// t.Fatalf when err != nil; must(err) panics), called right after the
// caller unlocked in the branch where the argument is wrong (the shape of
// many nats-server tests). The helper's summary ensures err == nil when
// it returns, so in that branch the call does not return and the later
// Unlock is not reached: Compact and Flush are silent. Report is the near
// miss: warn only logs, so the second Unlock is a double unlock.
package assert_helper

import (
	"errors"
	"log"
	"sync"
	"testing"
)

func requireNoError(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("require no error, but got: %v", err)
	}
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

func warn(err error) {
	if err != nil {
		log.Printf("warning: %v", err)
	}
}

type store struct {
	mu    sync.Mutex
	dirty int
}

var errFull = errors.New("full")

func (s *store) compact() error {
	if s.dirty > 10 {
		return errFull
	}
	return nil
}

func Compact(t *testing.T, s *store) {
	s.mu.Lock()
	if err := s.compact(); err != nil {
		s.mu.Unlock()
		requireNoError(t, err)
	}
	s.dirty = 0
	s.mu.Unlock()
}

func Flush(s *store) {
	s.mu.Lock()
	err := s.compact()
	if err != nil {
		s.mu.Unlock()
		must(err)
	}
	s.dirty = 0
	s.mu.Unlock()
}

func Report(s *store) {
	s.mu.Lock()
	if err := s.compact(); err != nil {
		s.mu.Unlock()
		warn(err)
	}
	s.dirty = 0
	s.mu.Unlock() // want `s\.mu is not locked here \(it was already unlocked on this path\)`
}
