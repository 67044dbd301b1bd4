package gcltest

import "sync"

// Cache is a map guarded by mu. Get and Put each have a real bug that is
// silenced, so the end-to-end test expects no issue in this file: Get's
// by locklint's own directive on the reported line, Put's by
// golangci-lint's nolint directive on the function, which also covers the
// related position (golangci-lint reports it as an issue of its own).
type Cache struct {
	mu sync.Mutex
	m  map[string]string
}

// Get returns early with c.mu still locked when the map is empty.
func (c *Cache) Get(k string) (string, bool) {
	c.mu.Lock()
	if c.m == nil {
		return "", false //locklint:ignore unreleased test fixture: a real early return with the lock held, silenced on its line
	}
	v, ok := c.m[k]
	c.mu.Unlock()
	return v, ok
}

// Put returns early with c.mu still locked when k is empty.
//
//nolint:locklint // test fixture: a real early return with the lock held, silenced by golangci-lint
func (c *Cache) Put(k, v string) {
	c.mu.Lock()
	if k == "" {
		return
	}
	if c.m == nil {
		c.m = map[string]string{}
	}
	c.m[k] = v
	c.mu.Unlock()
}
