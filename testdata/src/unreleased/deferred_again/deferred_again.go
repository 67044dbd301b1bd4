// Package deferred_again shows an explicit Unlock on a path where a
// deferred Unlock of the same mutex is pending: the deferred one then
// unlocks an unlocked mutex, a fatal error at run time. Unlocking around
// slow work and locking again before returning is fine.
package deferred_again

import (
	"errors"
	"sync"
)

type Source interface {
	Fetch(key string) ([]byte, error)
}

type Store struct {
	mu     sync.Mutex
	data   map[string][]byte
	max    int
	source Source
}

func (s *Store) check(v []byte) error {
	if len(v) > s.max {
		return errors.New("store: value too large")
	}
	return nil
}

// Save unlocks by hand on the error path although Unlock is deferred.
func (s *Store) Save(key string, v []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(v); err != nil {
		s.mu.Unlock() // want `^s\.mu is unlocked here and again by the deferred Unlock when the function returns: the second unlock is a fatal error at run time; remove one of them$`
		return err
	}
	s.data[key] = v
	return nil
}

// Refresh releases the lock around the slow fetch and takes it back
// before the deferred Unlock runs.
func (s *Store) Refresh(key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	src := s.source
	s.mu.Unlock()
	v, err := src.Fetch(key)
	s.mu.Lock()
	if err != nil {
		return err
	}
	s.data[key] = v
	return nil
}
