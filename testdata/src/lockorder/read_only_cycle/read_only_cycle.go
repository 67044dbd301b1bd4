// Package read_only_cycle shows a cycle made only of read locks:
// Describe read-locks Catalog.mu then Prices.mu, Quote read-locks
// Prices.mu then Catalog.mu. Readers do not exclude each other, so this
// deadlocks only if writers queue on both locks at the same moment; it is
// not reported. Reserve and Available have the same shape, but Reserve
// write-locks its inner lock: that cycle is reported on both sides.
package read_only_cycle

import "sync"

type Catalog struct {
	mu    sync.RWMutex
	names map[string]string
}

type Prices struct {
	mu     sync.RWMutex
	byItem map[string]int
}

// Describe read-locks Catalog.mu then Prices.mu.
func Describe(c *Catalog, p *Prices, item string) (string, int) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	p.mu.RLock()
	defer p.mu.RUnlock()
	return c.names[item], p.byItem[item]
}

// Quote read-locks Prices.mu then Catalog.mu: the other order, but only
// reads.
func Quote(p *Prices, c *Catalog, item string) string {
	p.mu.RLock()
	defer p.mu.RUnlock()
	c.mu.RLock()
	defer c.mu.RUnlock()
	if _, ok := p.byItem[item]; !ok {
		return ""
	}
	return c.names[item]
}

type Inventory struct {
	mu    sync.RWMutex
	units map[string]int
}

type Reservations struct {
	mu   sync.RWMutex
	held map[string]int
}

// Reserve read-locks Inventory.mu, then write-locks Reservations.mu.
func Reserve(inv *Inventory, r *Reservations, item string) bool {
	inv.mu.RLock()
	defer inv.mu.RUnlock()
	r.mu.Lock() // want `^lock order inversion: Reserve takes Inventory\.mu then Reservations\.mu; Available takes Reservations\.mu then Inventory\.mu: goroutines in both can deadlock; take the locks in one order everywhere$`
	defer r.mu.Unlock()
	if inv.units[item] <= r.held[item] {
		return false
	}
	r.held[item]++
	return true
}

// Available read-locks Reservations.mu then Inventory.mu.
func Available(r *Reservations, inv *Inventory, item string) int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	inv.mu.RLock() // want `^lock order inversion: Available takes Reservations\.mu then Inventory\.mu; Reserve takes Inventory\.mu then Reservations\.mu: goroutines in both can deadlock; take the locks in one order everywhere$`
	defer inv.mu.RUnlock()
	return inv.units[item] - r.held[item]
}
