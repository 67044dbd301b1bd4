// Package via_call shows a method that holds s.mu and calls another
// method of the same store that locks s.mu: the call blocks forever.
// Calling a helper that expects the lock held, or calling Delete after
// the Unlock, is fine.
package via_call

import (
	"sync"
	"time"
)

type SessionStore struct {
	mu       sync.Mutex
	sessions map[string]time.Time
}

// Delete removes one session.
func (s *SessionStore) Delete(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deleteLocked(id)
}

// deleteLocked removes one session; s.mu must be held.
func (s *SessionStore) deleteLocked(id string) {
	delete(s.sessions, id)
}

// Expire removes expired sessions, calling the locking Delete.
func (s *SessionStore) Expire(now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, exp := range s.sessions {
		if exp.Before(now) {
			s.Delete(id) // want `^s\.mu is already held; s\.Delete locks it again, so the call blocks forever \(sync\.Mutex is not reentrant\): release it before the call or call a variant that expects it held$`
		}
	}
}

// ExpireLocked calls the helper that does not lock.
func (s *SessionStore) ExpireLocked(now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, exp := range s.sessions {
		if exp.Before(now) {
			s.deleteLocked(id)
		}
	}
}

// ExpireOne finds the oldest session under the lock and deletes it
// after the Unlock.
func (s *SessionStore) ExpireOne() {
	s.mu.Lock()
	var oldest string
	var at time.Time
	for id, exp := range s.sessions {
		if oldest == "" || exp.Before(at) {
			oldest, at = id, exp
		}
	}
	s.mu.Unlock()
	if oldest != "" {
		s.Delete(oldest)
	}
}
