// Package trylock shows TryLock. A failed TryLock does not hold the lock,
// so a Lock on that branch is fine, and TryLock never blocks. A
// successful TryLock does hold it: calling the locking Evict on that
// branch blocks forever.
package trylock

import "sync"

type Cache struct {
	mu    sync.Mutex
	items map[string][]byte
	limit int
}

func (c *Cache) Evict() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.evictLocked()
}

func (c *Cache) evictLocked() {
	for k := range c.items {
		if len(c.items) <= c.limit {
			return
		}
		delete(c.items, k)
	}
}

// TryEvict gives up when the cache is busy.
func (c *Cache) TryEvict() bool {
	if !c.mu.TryLock() {
		return false
	}
	defer c.mu.Unlock()
	c.evictLocked()
	return true
}

// EvictSoon tries first and waits only when the lock is taken.
func (c *Cache) EvictSoon() {
	if !c.mu.TryLock() {
		c.mu.Lock()
	}
	defer c.mu.Unlock()
	c.evictLocked()
}

// MaybeEvict calls the locking Evict after a successful TryLock.
func (c *Cache) MaybeEvict() {
	if c.mu.TryLock() {
		defer c.mu.Unlock()
		if len(c.items) > c.limit {
			c.Evict() // want `^c\.mu is already held; c\.Evict locks it again`
		}
	}
}
