// Package rw_loop_release_helper shows a read lock taken in a loop and
// released in each iteration by a helper (runlock), not by an RUnlock
// written in the loop: every iteration starts with the lock free, so
// the next RLock is not recursive and the Lock after the loop is not an
// upgrade. A loop that read-locks without releasing (Leaky) read-locks
// recursively from its second iteration on, and holds the read lock
// when it ends: the Lock after it is an upgrade.
package rw_loop_release_helper

import "sync"

type Index struct {
	mu   sync.RWMutex
	keys []string
}

func (x *Index) runlock() { x.mu.RUnlock() }

// Scan read-locks once per key and releases through runlock each time.
func (x *Index) Scan(n int) int {
	found := 0
	for i := 0; i < n; i++ {
		x.mu.RLock()
		if i < len(x.keys) {
			found++
		}
		x.runlock()
	}
	x.mu.Lock()
	x.keys = x.keys[:found]
	x.mu.Unlock()
	return found
}

// Leaky forgets to release the read lock in its loop.
func (x *Index) Leaky(n int) {
	for i := 0; i < n; i++ {
		x.mu.RLock() // want `^x\.mu is already read-locked by this goroutine; a second RLock deadlocks as soon as a writer calls Lock between the two: do not read-lock recursively$`
	}
	x.mu.Lock() // want `^x\.mu is read-locked by this goroutine; Lock waits for every reader, this one included, and blocks forever: RUnlock first \(an RWMutex cannot be upgraded\)$`
	x.keys = nil
	x.mu.Unlock()
}
