// Package many_sites shows one inversion taken at many places: Get, Put
// and Scan each take Cache.mu then Stats.mu, and Flush takes them the
// other way round. It is one bug, reported once per side: at Get, the
// first place, which names the two others as related positions, and at
// Flush.
package many_sites

import "sync"

type Stats struct {
	mu   sync.Mutex
	hits int
}

type Cache struct {
	mu    sync.Mutex
	items map[string]int
	stats *Stats
}

func (c *Cache) Get(k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stats.mu.Lock() // want `^lock order inversion: \(\*Cache\)\.Get takes Cache\.mu then Stats\.mu; \(\*Cache\)\.Flush takes Stats\.mu then Cache\.mu: goroutines in both can deadlock; take the locks in one order everywhere \(2 more places in this package take Cache\.mu then Stats\.mu; they are listed as related positions\)$`
	c.stats.hits++
	c.stats.mu.Unlock()
	return c.items[k]
}

func (c *Cache) Put(k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stats.mu.Lock()
	c.stats.hits = 0
	c.stats.mu.Unlock()
	c.items[k] = v
}

func (c *Cache) Scan() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stats.mu.Lock()
	defer c.stats.mu.Unlock()
	return len(c.items) + c.stats.hits
}

func (c *Cache) Flush() {
	c.stats.mu.Lock()
	defer c.stats.mu.Unlock()
	c.mu.Lock() // want `^lock order inversion: \(\*Cache\)\.Flush takes Stats\.mu then Cache\.mu; \(\*Cache\)\.Get takes Cache\.mu then Stats\.mu: goroutines in both can deadlock; take the locks in one order everywhere$`
	c.items = map[string]int{}
	c.stats.hits = 0
	c.mu.Unlock()
}
