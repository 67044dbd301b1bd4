// Package read_counts shows read locks held more than once: two
// successful TryRLocks are two holdings, each released by its own
// RUnlock (the shape of sync's TestTryLock); and a function that releases
// two read locks some other goroutine took (sync's TestRLocker) releases
// a lock it does not hold twice, which an RWMutex allows for read locks.
// A Mutex unlocked twice without being locked is still reported.
package read_counts

import "sync"

type Table struct {
	mu   sync.RWMutex
	rows map[string]int
}

// Peek read-locks twice with TryRLock and releases both.
func (t *Table) Peek(k string) (int, bool) {
	if !t.mu.TryRLock() {
		return 0, false
	}
	if !t.mu.TryRLock() {
		t.mu.RUnlock()
		return 0, false
	}
	v, ok := t.rows[k]
	t.mu.RUnlock()
	t.mu.RUnlock()
	return v, ok
}

// releaseReaders releases two read locks taken by the reader goroutine.
func releaseReaders(mu *sync.RWMutex, handed <-chan bool) {
	<-handed
	mu.RUnlock()
	<-handed
	mu.RUnlock()
}

// releaseTwice unlocks a Mutex twice: the second is a fatal error.
func releaseTwice(mu *sync.Mutex) {
	mu.Unlock()
	mu.Unlock() // want `^mu is not locked here \(it was already unlocked on this path\)`
}
