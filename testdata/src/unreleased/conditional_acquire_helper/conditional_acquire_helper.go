// Package conditional_acquire_helper shows a helper that returns holding
// the lock only when its flag says so (lockIf(c) takes c.mu if need):
// its summary holds the lock under that condition, and a caller that does
// not decide the flag goes on with two paths, one where the helper took
// the lock (the flag true) and one where it did not. Update releases
// under the same flag and is silent; Forget releases only if the cache is
// also dirty, and leaks the lock when it is not.
package conditional_acquire_helper

import "sync"

type Cache struct {
	mu    sync.Mutex
	items map[string]int
	dirty bool
}

func (c *Cache) lockIf(need bool) {
	if need {
		c.mu.Lock()
	}
}

func (c *Cache) Update(k string, v int, locked bool) {
	c.lockIf(!locked)
	c.items[k] = v
	if !locked {
		c.mu.Unlock()
	}
}

func (c *Cache) Forget(k string, need bool) {
	c.lockIf(need)
	delete(c.items, k)
	if need && c.dirty {
		c.mu.Unlock()
	}
} // want `c\.mu is still locked at the end of the function, but other paths unlock it`
