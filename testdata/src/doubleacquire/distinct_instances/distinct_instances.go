// Package distinct_instances shows locks of the same type on different
// instances, and different fields of one struct: holding dst.mu and
// locking src.mu, or holding hitsMu and locking missesMu, takes two
// different locks and is not a double acquire. Holding dst.mu and calling
// dst.Add, which locks dst.mu, is.
package distinct_instances

import "sync"

type Counter struct {
	mu sync.Mutex
	n  int
}

func (c *Counter) Add(n int) {
	c.mu.Lock()
	c.n += n
	c.mu.Unlock()
}

// Merge moves src's count into dst: two parameters, two locks.
func Merge(dst, src *Counter) {
	dst.mu.Lock()
	defer dst.mu.Unlock()
	src.mu.Lock()
	defer src.mu.Unlock()
	dst.n += src.n
	src.n = 0
}

// MergeVia holds dst.mu and calls the locking dst.Add.
func MergeVia(dst, src *Counter) {
	dst.mu.Lock()
	defer dst.mu.Unlock()
	src.mu.Lock()
	n := src.n
	src.n = 0
	src.mu.Unlock()
	dst.Add(n) // want `^dst\.mu is already held; dst\.Add locks it again`
}

type CacheStats struct {
	hitsMu   sync.Mutex
	hits     int
	missesMu sync.Mutex
	misses   int
}

// Ratio locks two different fields of one struct.
func (s *CacheStats) Ratio() float64 {
	s.hitsMu.Lock()
	defer s.hitsMu.Unlock()
	s.missesMu.Lock()
	defer s.missesMu.Unlock()
	if s.hits+s.misses == 0 {
		return 0
	}
	return float64(s.hits) / float64(s.hits+s.misses)
}
