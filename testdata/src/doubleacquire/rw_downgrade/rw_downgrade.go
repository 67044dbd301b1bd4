// Package rw_downgrade shows a route table that holds the write lock and
// read-locks the same RWMutex, directly (an attempted "downgrade") or
// through Len: RLock waits for the writer, which is this goroutine, so
// it blocks forever. Reading under the write lock through a helper that
// does not lock is fine.
package rw_downgrade

import "sync"

type Routes struct {
	mu      sync.RWMutex
	table   map[string]string
	max     int
	version int
}

func (r *Routes) Len() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.lenLocked()
}

// lenLocked counts the routes; r.mu must be held in either mode.
func (r *Routes) lenLocked() int { return len(r.table) }

// Replace swaps the table and tries to downgrade to a read lock.
func (r *Routes) Replace(table map[string]string) int {
	r.mu.Lock()
	r.table = table
	r.version++
	r.mu.RLock() // want `^r\.mu is write-locked by this goroutine; RLock waits for the writer, this goroutine, and blocks forever: read under the write lock without RLock, or Unlock first$`
	r.mu.Unlock()
	n := len(r.table)
	r.mu.RUnlock()
	return n
}

// Add checks the size through the read-locking Len.
func (r *Routes) Add(path, target string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.Len() >= r.max { // want `^r\.mu is write-locked by this goroutine; r\.Len locks it with RLock, which waits for the writer, this goroutine, and blocks forever: call a variant that expects the lock held$`
		return false
	}
	r.table[path] = target
	return true
}

// AddFixed reads under the write lock it already holds.
func (r *Routes) AddFixed(path, target string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.lenLocked() >= r.max {
		return false
	}
	r.table[path] = target
	return true
}
