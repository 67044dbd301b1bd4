// Package assert_helper shows assertion helpers that do not return when
// their argument is wrong (a test's require_NoError(t, err) calls
// t.Fatalf when err != nil; must(err) panics), called right after the
// caller unlocked in the branch where the argument is wrong (the shape of
// many nats-server tests). The helper's summary ensures err == nil when
// it returns, so in that branch the call does not return and the later
// Unlock is not reached: Compact and Flush are silent, and so are Size,
// whose helper ensures two arguments are equal (require_Len(t, l, 1)
// after l != 1), and Create, which passes a typed pointer known to be
// non-nil as an error (never nil, so the helper never returns). Report is
// the near miss: warn only logs, so the second Unlock is a double unlock.
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

func requireLen(t testing.TB, a, b int) {
	t.Helper()
	if a != b {
		t.Fatalf("require len, but got: %v != %v", a, b)
	}
}

type apiError struct{ code int }

func (e *apiError) Error() string { return "api error" }

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

func Size(t *testing.T, s *store, items map[string]int) {
	s.mu.Lock()
	if l := len(items); l != 1 {
		s.mu.Unlock()
		requireLen(t, l, 1)
	}
	s.dirty = 0
	s.mu.Unlock()
}

func (s *store) create() *apiError {
	if s.dirty > 3 {
		return &apiError{code: 1}
	}
	return nil
}

func Create(t *testing.T, s *store) {
	s.mu.Lock()
	if perr := s.create(); perr != nil {
		s.mu.Unlock()
		requireNoError(t, perr)
	}
	s.dirty = 1
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
