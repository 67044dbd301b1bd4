// Package direct_relock shows a sync.Mutex locked a second time in the
// same function, where Unlock was meant: the second Lock waits for the
// goroutine itself and never returns. Next to it, the same store locking
// twice with an Unlock in between, which is fine.
package direct_relock

import (
	"sync"
	"time"
)

type session struct {
	user string
	seen time.Time
}

type Store struct {
	mu       sync.Mutex
	sessions map[string]*session
}

// Touch marks a session as seen. The last line should be an Unlock.
func (s *Store) Touch(id string) {
	s.mu.Lock()
	sess, ok := s.sessions[id]
	if !ok {
		s.mu.Unlock()
		return
	}
	sess.seen = time.Now()
	s.mu.Lock() // want `^s\.mu is already held; this Lock blocks forever \(sync\.Mutex is not reentrant\): release it first$`
}

// Renew releases the lock while it builds the new session, then takes
// it again: the second Lock finds it free.
func (s *Store) Renew(id string) {
	s.mu.Lock()
	old := s.sessions[id]
	s.mu.Unlock()

	fresh := &session{seen: time.Now()}
	if old != nil {
		fresh.user = old.user
	}

	s.mu.Lock()
	s.sessions[id] = fresh
	s.mu.Unlock()
}

// Get locks once and releases with defer.
func (s *Store) Get(id string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.sessions[id]
	if !ok {
		return "", false
	}
	return sess.user, true
}
