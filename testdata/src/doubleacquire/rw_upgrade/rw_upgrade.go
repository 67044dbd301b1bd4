// Package rw_upgrade shows a cache that holds the read lock and then
// asks for the write lock, directly or through Set: Lock waits for every
// reader, including this goroutine, so it blocks forever (an RWMutex
// cannot be upgraded). Releasing the read lock first and checking again
// under the write lock is fine.
package rw_upgrade

import "sync"

type Cache struct {
	mu    sync.RWMutex
	items map[string]string
	load  func(string) string
}

func (c *Cache) Set(k, v string) {
	c.mu.Lock()
	c.items[k] = v
	c.mu.Unlock()
}

// Get tries to fill the cache under the read lock.
func (c *Cache) Get(k string) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if v, ok := c.items[k]; ok {
		return v
	}
	v := c.load(k)
	c.mu.Lock() // want `^c\.mu is read-locked by this goroutine; Lock waits for every reader, this one included, and blocks forever: RUnlock first \(an RWMutex cannot be upgraded\)$`
	c.items[k] = v
	c.mu.Unlock()
	return v
}

// GetOrLoad does the same through Set.
func (c *Cache) GetOrLoad(k string) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	v, ok := c.items[k]
	if !ok {
		v = c.load(k)
		c.Set(k, v) // want `^c\.mu is read-locked by this goroutine; c\.Set locks it with Lock, which waits for every reader, this one included, and blocks forever: RUnlock before the call \(an RWMutex cannot be upgraded\)$`
	}
	return v
}

// GetFixed releases the read lock, then locks for writing and checks
// again.
func (c *Cache) GetFixed(k string) string {
	c.mu.RLock()
	v, ok := c.items[k]
	c.mu.RUnlock()
	if ok {
		return v
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.items[k]; ok {
		return v
	}
	v = c.load(k)
	c.items[k] = v
	return v
}
