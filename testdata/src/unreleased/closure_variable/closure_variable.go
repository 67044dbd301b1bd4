// Package closure_variable shows a lock released by a closure that
// another closure calls (the shape of nats-server's
// (*stream).processAtomicBatch: `rollback := func() { ...; mset.clMu.Unlock() }`
// and `fail := func(...) error { rollback(); ... }`, and a return of
// fail(...) inside the locked section). The engine follows the call of
// rollback through the variable both closures share, so fail releases
// b.mu and Commit leaks nothing. Abort is the near miss: its early
// return neither calls fail nor unlocks.
package closure_variable

import (
	"errors"
	"sync"
)

var errBad = errors.New("bad entry")

type Batch struct {
	mu      sync.Mutex
	entries []string
	seq     int
}

func (b *Batch) Commit(entries []string) error {
	b.mu.Lock()
	old := b.seq
	rollback := func() {
		b.seq = old
		b.mu.Unlock()
	}
	fail := func(err error) error {
		rollback()
		return err
	}
	for _, e := range entries {
		if e == "" {
			return fail(errBad)
		}
		b.seq++
		b.entries = append(b.entries, e)
	}
	rollback()
	return nil
}

func (b *Batch) Abort(entries []string) error {
	b.mu.Lock()
	done := func() {
		b.mu.Unlock()
	}
	for _, e := range entries {
		if e == "" {
			return errBad // want `b\.mu is still locked after this return, but other paths unlock it`
		}
	}
	done()
	return nil
}
