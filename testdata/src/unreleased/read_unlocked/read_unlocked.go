// Package read_unlocked shows an RWMutex read-locked and released with
// Unlock instead of RUnlock: a fatal error at run time. RLock/RUnlock
// pairs, on a named field or on an embedded RWMutex, are fine.
package read_unlocked

import "sync"

type Catalog struct {
	mu       sync.RWMutex
	products map[string]int64
}

// Price releases the read lock with Unlock.
func (c *Catalog) Price(sku string) (int64, bool) {
	c.mu.RLock()
	p, ok := c.products[sku]
	c.mu.Unlock() // want `^c\.mu is read-locked but released with Unlock: a fatal error at run time, and the read lock is never released; use RUnlock$`
	return p, ok
}

// PriceFixed pairs RLock with RUnlock.
func (c *Catalog) PriceFixed(sku string) (int64, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	p, ok := c.products[sku]
	return p, ok
}

// Index embeds its RWMutex.
type Index struct {
	sync.RWMutex
	terms map[string][]int
}

func (ix *Index) Lookup(term string) []int {
	ix.RLock()
	defer ix.RUnlock()
	return ix.terms[term]
}

func (ix *Index) Len() int {
	ix.RLock()
	n := len(ix.terms)
	ix.RUnlock()
	return n
}
