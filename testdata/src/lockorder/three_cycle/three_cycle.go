// Package three_cycle shows a lock-order cycle through three locks, no
// two of which are ever taken in both orders: PlaceOrder takes Orders.mu
// then Stock.mu, Restock takes Stock.mu then Billing.mu, Refund takes
// Billing.mu then Orders.mu. Three goroutines, one in each, can each hold
// their first lock and wait for the next. Every edge is reported, each
// message starting with its own edge. Checkout, Settle and Audit take
// Cart.mu < Wallet.mu < Journal.mu in one order (Audit skips the middle
// lock): no cycle.
package three_cycle

import "sync"

type Orders struct {
	mu      sync.Mutex
	pending map[string]int
}

type Stock struct {
	mu    sync.Mutex
	units map[string]int
}

type Billing struct {
	mu      sync.Mutex
	credits map[string]int
}

// PlaceOrder reserves stock for an order.
func PlaceOrder(o *Orders, s *Stock, sku string, n int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	s.mu.Lock() // want `^lock order cycle: PlaceOrder takes Orders\.mu then Stock\.mu; Restock takes Stock\.mu then Billing\.mu; Refund takes Billing\.mu then Orders\.mu: goroutines in these functions can deadlock; take the locks in one order everywhere$`
	defer s.mu.Unlock()
	s.units[sku] -= n
	o.pending[sku] += n
}

// Restock charges for new stock.
func Restock(s *Stock, b *Billing, sku string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b.mu.Lock() // want `^lock order cycle: Restock takes Stock\.mu then Billing\.mu; Refund takes Billing\.mu then Orders\.mu; PlaceOrder takes Orders\.mu then Stock\.mu: goroutines in these functions can deadlock; take the locks in one order everywhere$`
	defer b.mu.Unlock()
	b.credits[sku] -= n
	s.units[sku] += n
}

// Refund credits a customer and cancels the pending order.
func Refund(b *Billing, o *Orders, sku string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	o.mu.Lock() // want `^lock order cycle: Refund takes Billing\.mu then Orders\.mu; PlaceOrder takes Orders\.mu then Stock\.mu; Restock takes Stock\.mu then Billing\.mu: goroutines in these functions can deadlock; take the locks in one order everywhere$`
	defer o.mu.Unlock()
	b.credits[sku] += o.pending[sku]
	delete(o.pending, sku)
}

type Cart struct {
	mu    sync.Mutex
	items []string
}

type Wallet struct {
	mu      sync.Mutex
	balance int
}

type Journal struct {
	mu      sync.Mutex
	entries []string
}

// Checkout takes Cart.mu then Wallet.mu.
func Checkout(c *Cart, w *Wallet, price int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	w.mu.Lock()
	defer w.mu.Unlock()
	w.balance -= price * len(c.items)
	c.items = nil
}

// Settle takes Wallet.mu then Journal.mu.
func Settle(w *Wallet, j *Journal) {
	w.mu.Lock()
	defer w.mu.Unlock()
	j.mu.Lock()
	defer j.mu.Unlock()
	j.entries = append(j.entries, "settled")
}

// Audit takes Cart.mu then Journal.mu: the same order, skipping Wallet.
func Audit(c *Cart, j *Journal) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	j.mu.Lock()
	defer j.mu.Unlock()
	return len(c.items) + len(j.entries)
}
