// Package goroutine shows locks taken by a new goroutine while the
// spawning goroutine holds them: the new goroutine waits until the lock
// is released, which is not a double acquire. The same Delete called
// directly while holding the lock is.
package goroutine

import (
	"sync"
	"time"
)

type Store struct {
	mu      sync.Mutex
	entries map[string]time.Time
	saves   int
	save    func(map[string]time.Time)
}

func (s *Store) Delete(id string) {
	s.mu.Lock()
	delete(s.entries, id)
	s.mu.Unlock()
}

// ExpireAsync deletes in new goroutines; they wait for the Unlock.
func (s *Store) ExpireAsync(now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, exp := range s.entries {
		if exp.Before(now) {
			go s.Delete(id)
		}
	}
}

// Checkpoint saves a copy in the background; the goroutine locks s.mu
// for itself.
func (s *Store) Checkpoint() {
	s.mu.Lock()
	defer s.mu.Unlock()
	snapshot := make(map[string]time.Time, len(s.entries))
	for k, v := range s.entries {
		snapshot[k] = v
	}
	go func() {
		s.save(snapshot)
		s.mu.Lock()
		s.saves++
		s.mu.Unlock()
	}()
}

// ExpireSync calls Delete in the same goroutine.
func (s *Store) ExpireSync(now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, exp := range s.entries {
		if exp.Before(now) {
			s.Delete(id) // want `^s\.mu is already held; s\.Delete locks it again`
		}
	}
}
