// Package deferred_closures shows locks released by deferred closures,
// including one that recovers, and by a conditional defer: all silent.
// A closure deferred only after an early return has already left with
// the lock held is not.
package deferred_closures

import (
	"errors"
	"fmt"
	"sync"
)

var errAborted = errors.New("txn: aborted")

type Txn struct {
	mu      sync.Mutex
	aborted bool
	done    bool
	writes  map[string]string
	touched int
}

func (t *Txn) Commit(apply func(map[string]string) error) error {
	t.mu.Lock()
	defer func() {
		t.done = true
		t.mu.Unlock()
	}()
	if t.aborted {
		return errAborted
	}
	return apply(t.writes)
}

func (t *Txn) Apply(apply func(map[string]string)) (err error) {
	t.mu.Lock()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("txn: apply panicked: %v", r)
		}
		t.mu.Unlock()
	}()
	apply(t.writes)
	return nil
}

func (t *Txn) Touch(shared bool) {
	if shared {
		t.mu.Lock()
		defer t.mu.Unlock()
	}
	t.touched++
}

// Rollback defers the unlocking closure too late.
func (t *Txn) Rollback() error {
	t.mu.Lock()
	if t.done {
		return errAborted // want `^t\.mu is still locked after this return`
	}
	defer func() {
		t.aborted = true
		t.mu.Unlock()
	}()
	t.writes = nil
	return nil
}
