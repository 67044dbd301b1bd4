// Package result_says_held shows conditional acquire helpers whose
// result says whether they return holding the lock: tryAcquire returns
// true only with p.mu held, lockValid returns nil only with s.mu held,
// and so does beginWrite (bbolt's beginRWTx: "Obtain writer lock. This
// is released by the transaction when it closes."), which has a
// deferred call: go/ssa then returns its results through slots.
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
	meta   sync.Mutex
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

// Tx is a write transaction: Commit releases the store's lock.
type Tx struct{ s *Store }

// beginWrite returns a transaction holding s.mu, or an error without it.
func (s *Store) beginWrite() (*Tx, error) {
	s.mu.Lock()
	s.meta.Lock()
	defer s.meta.Unlock()
	if s.broken {
		s.mu.Unlock()
		return nil, errBroken
	}
	return &Tx{s: s}, nil
}

// Commit ends the transaction.
func (tx *Tx) Commit() {
	tx.s.mu.Unlock()
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

// Find has a deferred call too, and still leaks when k is missing: both
// of its returns return a constant nil.
func (s *Store) Find(k string) error {
	s.mu.Lock()
	s.meta.Lock()
	defer s.meta.Unlock()
	if _, ok := s.m[k]; !ok {
		return nil // want `^s\.mu is still locked after this return`
	}
	s.mu.Unlock()
	return nil
}
