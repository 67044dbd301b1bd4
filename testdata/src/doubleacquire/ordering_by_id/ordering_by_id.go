// Package ordering_by_id shows the usual way to lock two accounts without
// a lock-order inversion: swap them so the lower id is locked first, then
// lock both. a and b are two instances; that is not a double acquire.
// Calling a.Balance, which locks a.mu, while holding both is.
package ordering_by_id

import "sync"

type Account struct {
	id      int
	mu      sync.Mutex
	balance int64
}

func (a *Account) Balance() int64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.balance
}

// Transfer locks both accounts in id order.
func Transfer(from, to *Account, amount int64) bool {
	a, b := from, to
	if a.id > b.id {
		a, b = b, a
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	b.mu.Lock()
	defer b.mu.Unlock()
	if from.balance < amount {
		return false
	}
	from.balance -= amount
	to.balance += amount
	return true
}

// Total locks both and then asks a for its balance through the locking
// getter.
func Total(x, y *Account) int64 {
	a, b := x, y
	if a.id > b.id {
		a, b = b, a
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	b.mu.Lock()
	defer b.mu.Unlock()
	return a.Balance() + b.balance // want `^a\.mu is already held; a\.Balance locks it again`
}
