// Package correlated_condition shows a lock taken and released under the
// same unchanged condition: if lock { Lock } ... if lock { Unlock } holds
// and releases it on the same paths, so it is fine. A return between the
// two leaves it held when lock is true.
package correlated_condition

import (
	"errors"
	"sync"
)

var errTooLarge = errors.New("cache: value too large")

type Cache struct {
	mu    sync.Mutex
	items map[string][]byte
	max   int
}

// put stores v, locking only when the caller does not hold c.mu.
func (c *Cache) put(key string, v []byte, lock bool) {
	if lock {
		c.mu.Lock()
	}
	c.items[key] = v
	if lock {
		c.mu.Unlock()
	}
}

// putChecked returns early between the two conditions.
func (c *Cache) putChecked(key string, v []byte, lock bool) error {
	if lock {
		c.mu.Lock()
	}
	if len(v) > c.max {
		return errTooLarge // want `^c\.mu is still locked after this return`
	}
	c.items[key] = v
	if lock {
		c.mu.Unlock()
	}
	return nil
}

func (c *Cache) Put(key string, v []byte) { c.put(key, v, true) }

func (c *Cache) PutAll(kv map[string][]byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, v := range kv {
		c.put(k, v, false)
	}
}
