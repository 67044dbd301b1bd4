// Package via_call shows an inversion whose edges go through callees:
// (*Cache).Get holds Cache.mu while recordMiss locks Stats.mu, and
// (*Stats).Reset holds Stats.mu while purge locks Cache.mu. Neither
// function calls Lock on the second mutex itself, so the reports are at
// the calls that lead to it. Len, which calls out of the cache only after
// releasing Cache.mu, and Get's call of a callee that takes no lock are
// fine.
package via_call

import "sync"

type Stats struct {
	mu     sync.Mutex
	misses int
	hits   int
}

func (s *Stats) recordMiss() {
	s.mu.Lock()
	s.misses++
	s.mu.Unlock()
}

func (s *Stats) total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits + s.misses
}

type Cache struct {
	mu      sync.Mutex
	entries map[string][]byte
	stats   *Stats
}

// hash takes no lock: calling it under Cache.mu adds no order.
func (c *Cache) hash(key string) string { return key }

// Get holds Cache.mu while recordMiss takes Stats.mu.
func (c *Cache) Get(key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.entries[c.hash(key)]
	if !ok {
		c.stats.recordMiss() // want `^lock order inversion: \(\*Cache\)\.Get takes Cache\.mu then Stats\.mu; \(\*Stats\)\.Reset takes Stats\.mu then Cache\.mu: goroutines in both can deadlock; take the locks in one order everywhere$`
	}
	return v, ok
}

func (c *Cache) purge() {
	c.mu.Lock()
	clear(c.entries)
	c.mu.Unlock()
}

// Reset holds Stats.mu while purge takes Cache.mu: the other order.
func (s *Stats) Reset(c *Cache) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hits, s.misses = 0, 0
	c.purge() // want `^lock order inversion: \(\*Stats\)\.Reset takes Stats\.mu then Cache\.mu; \(\*Cache\)\.Get takes Cache\.mu then Stats\.mu: goroutines in both can deadlock; take the locks in one order everywhere$`
}

// Len releases Cache.mu before it asks the stats.
func (c *Cache) Len() (entries, lookups int) {
	c.mu.Lock()
	entries = len(c.entries)
	c.mu.Unlock()
	return entries, c.stats.total()
}
