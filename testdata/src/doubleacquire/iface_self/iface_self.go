// Package iface_self shows a call through an interface-valued field that
// the package only ever sets to the object itself: a connection pool
// whose health checker is, outside of tests, the pool (p.health = p).
// takeIdle holds p.mu and calls p.health.Healthy, which is
// (*Pool).Healthy and locks p.mu: the call blocks forever. Cache.get
// calls its loader through a field that two types may fill, one of which
// never locks: the implementations disagree, and nothing is reported.
// Stats.report calls a field the package sets to another object of a
// lock-free type.
package iface_self

import "sync"

type Checker interface {
	Healthy(addr string) bool
}

type Pool struct {
	mu       sync.Mutex
	failures map[string]int
	idle     map[string][]int
	health   Checker
}

func NewPool() *Pool {
	p := &Pool{failures: map[string]int{}, idle: map[string][]int{}}
	p.health = p
	return p
}

func (p *Pool) Healthy(addr string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.failures[addr] < 3
}

func (p *Pool) takeIdle(addr string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.health.Healthy(addr) { // want `^p\.mu is already held; p\.health\.Healthy calls \(\*Pool\)\.Healthy, which locks it again, so the call blocks forever \(sync\.Mutex is not reentrant\): release it before the call or call a variant that expects it held$`
		return len(p.idle[addr])
	}
	return 0
}

// Loader fills a Cache.
type Loader interface {
	Load(key string) string
}

type Cache struct {
	mu     sync.Mutex
	data   map[string]string
	loader Loader
}

// selfLoader locks the cache it belongs to; constLoader locks nothing.
func (c *Cache) Load(key string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.data["default"]
}

type constLoader struct{ v string }

func (l constLoader) Load(string) string { return l.v }

func NewCache(fixed bool) *Cache {
	c := &Cache{data: map[string]string{}}
	if fixed {
		c.loader = constLoader{"x"}
	} else {
		c.loader = c
	}
	return c
}

func (c *Cache) get(key string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.data[key]; ok {
		return v
	}
	return c.loader.Load(key) // possible callees disagree: no report
}

type Stats struct {
	mu   sync.Mutex
	n    int
	sink Checker
}

type quiet struct{}

func (quiet) Healthy(string) bool { return true }

func NewStats() *Stats { return &Stats{sink: quiet{}} }

func (s *Stats) report() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	return s.sink.Healthy("x")
}
