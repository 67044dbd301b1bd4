// Package result_says_held shows conditional acquire helpers whose
// result says whether they return holding the lock: tryAcquire returns
// true only with p.mu held, lockValid returns nil only with s.mu held.
// Their own returns are not leaks, and callers that unlock on success
// are fine. Touch is not: its leaking return and its releasing return
// both return a constant nil, so no caller can tell them apart.
package result_says_held

import (
	"errors"
	"sync"
)

type Pool struct {
	mu     sync.Mutex
	closed bool
	free   []int
}

type Store struct {
	mu     sync.Mutex
	broken bool
	m      map[string]int
}

var errBroken = errors.New("store is broken")

// tryAcquire returns true holding p.mu, or false without it.
func (p *Pool) tryAcquire() bool {
	if !p.mu.TryLock() {
		return false
	}
	if p.closed {
		p.mu.Unlock()
		return false
	}
	return true
}

// Put returns id to the pool unless the pool is busy or closed.
func (p *Pool) Put(id int) {
	if p.tryAcquire() {
		p.free = append(p.free, id)
		p.mu.Unlock()
	}
}

// lockValid returns nil holding s.mu, or an error without it.
func (s *Store) lockValid() error {
	s.mu.Lock()
	if s.broken {
		s.mu.Unlock()
		return errBroken
	}
	return nil
}

// Set stores v under k.
func (s *Store) Set(k string, v int) error {
	if err := s.lockValid(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	s.m[k] = v
	return nil
}

// Touch forgets to unlock when k is missing.
func (s *Store) Touch(k string) error {
	s.mu.Lock()
	if _, ok := s.m[k]; !ok {
		return nil // want `^s\.mu is still locked after this return`
	}
	s.m[k]++
	s.mu.Unlock()
	return nil
}

// Lookup returns a zero value with an error while still holding s.mu: a
// zero value next to an error says nothing about the lock, so this is a
// leak, not a conditional acquire helper.
func (s *Store) Lookup(k string) (string, error) {
	s.mu.Lock()
	if _, ok := s.m[k]; !ok {
		return "", errBroken // want `^s\.mu is still locked after this return`
	}
	v := k
	s.mu.Unlock()
	return v, nil
}
