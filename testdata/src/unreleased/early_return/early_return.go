// Package early_return shows an early return that leaves a.mu locked
// while the normal path unlocks it: every later Lock of the accounts
// blocks forever. Deferring the Unlock, or unlocking before every
// return, is fine.
package early_return

import (
	"errors"
	"sync"
)

var ErrNoAccount = errors.New("no such account")

type Accounts struct {
	mu   sync.Mutex
	byID map[string]int64
}

// Withdraw forgets to unlock when the account is missing.
func (a *Accounts) Withdraw(id string, amount int64) error {
	a.mu.Lock()
	bal, ok := a.byID[id]
	if !ok {
		return ErrNoAccount // want `^a\.mu is still locked after this return, but other paths unlock it: unlock it before the return, or defer the Unlock right after Lock$`
	}
	a.byID[id] = bal - amount
	a.mu.Unlock()
	return nil
}

// Deposit defers the Unlock and returns from several places.
func (a *Accounts) Deposit(id string, amount int64) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if amount <= 0 {
		return errors.New("amount must be positive")
	}
	bal, ok := a.byID[id]
	if !ok {
		return ErrNoAccount
	}
	a.byID[id] = bal + amount
	return nil
}

// Balance unlocks before each return.
func (a *Accounts) Balance(id string) (int64, error) {
	a.mu.Lock()
	bal, ok := a.byID[id]
	if !ok {
		a.mu.Unlock()
		return 0, ErrNoAccount
	}
	a.mu.Unlock()
	return bal, nil
}
