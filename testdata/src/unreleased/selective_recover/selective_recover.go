// Package selective_recover shows a worker whose deferred handler
// recovers only the package's own shutdown panic (errExiting) and
// panics again with anything else (goleveldb's compaction loops): an
// assertion panic under it is not recovered, so a lock held across a
// call that can panic there ends with the process: silent. Drain is the
// near miss: its handler re-panics runtime errors only (by type, not by
// value) and recovers the assertion, so the lock stays held: reported.
package selective_recover

import (
	"errors"
	"runtime"
	"sync"
)

var errExiting = errors.New("exiting")

type Store struct {
	mu   sync.Mutex
	refs int
}

// decref panics when the count goes negative (an internal invariant).
func (s *Store) decref() {
	s.refs--
	if s.refs < 0 {
		panic("negative ref")
	}
}

func (s *Store) drop() {
	s.mu.Lock()
	s.decref()
	s.mu.Unlock()
}

// compaction recovers errExiting only.
func (s *Store) compaction() {
	defer func() {
		if x := recover(); x != nil {
			if x != errExiting {
				panic(x)
			}
		}
	}()
	s.drop()
}

func (s *Store) Start() { go s.compaction() }

// Drain recovers everything but run-time errors.
func (s *Store) Drain() {
	defer func() {
		if x := recover(); x != nil {
			if err, ok := x.(runtime.Error); ok {
				panic(err)
			}
		}
	}()
	s.mu.Lock()
	s.decref() // want `^s\.mu is held across s\.decref, which can panic, and is released by a plain Unlock: a recovered panic leaves it locked forever; defer the Unlock right after Lock$`
	s.mu.Unlock()
}
