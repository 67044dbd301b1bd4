// Package clean uses locks correctly only: locklint must report nothing
// here.
package clean

import (
	"sync"

	"example.com/vetmod/registry"
)

// Counter is a counter safe for concurrent use.
type Counter struct {
	mu sync.Mutex
	n  map[string]int
}

// Inc increments the count of key.
func (c *Counter) Inc(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	c.n[key]++
}

// Get returns the count of key, releasing the lock on both paths.
func (c *Counter) Get(key string) (int, bool) {
	c.mu.Lock()
	v, ok := c.n[key]
	if !ok {
		c.mu.Unlock()
		return 0, false
	}
	c.mu.Unlock()
	return v, true
}

// Snapshot reads under the lock and calls out of the registry after
// releasing it.
func (c *Counter) Snapshot() int {
	c.mu.Lock()
	total := 0
	for _, v := range c.n {
		total += v
	}
	c.mu.Unlock()
	return total + registry.Len()
}
