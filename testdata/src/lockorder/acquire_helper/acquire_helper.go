// Package acquire_helper takes two locks through a helper that returns
// holding them: lockBoth locks Bank.accountsMu then Bank.ledgerMu and
// leaves both held for its callers, Post and Close, to release with
// unlockBoth. Reconcile takes ledgerMu then accountsMu: the inversion is
// reported at lockBoth's inner Lock (where the helper's order is decided)
// and at Reconcile's. Balance, which uses the helper and takes nothing
// else, adds nothing; Summary releases ledgerMu before it takes
// accountsMu.
package acquire_helper

import "sync"

type Bank struct {
	accountsMu sync.Mutex
	accounts   map[string]int64

	ledgerMu sync.Mutex
	ledger   []string
}

// lockBoth locks accountsMu, then ledgerMu, and returns holding both.
func (b *Bank) lockBoth() {
	b.accountsMu.Lock()
	b.ledgerMu.Lock() // want `^lock order inversion: \(\*Bank\)\.lockBoth takes Bank\.accountsMu then Bank\.ledgerMu; \(\*Bank\)\.Reconcile takes Bank\.ledgerMu then Bank\.accountsMu: goroutines in both can deadlock; take the locks in one order everywhere$`
}

func (b *Bank) unlockBoth() {
	b.ledgerMu.Unlock()
	b.accountsMu.Unlock()
}

// Post records a payment under both locks.
func (b *Bank) Post(from, to string, amount int64) {
	b.lockBoth()
	defer b.unlockBoth()
	b.accounts[from] -= amount
	b.accounts[to] += amount
	b.ledger = append(b.ledger, from+"->"+to)
}

// Balance reads under both locks.
func (b *Bank) Balance(id string) (int64, int) {
	b.lockBoth()
	defer b.unlockBoth()
	return b.accounts[id], len(b.ledger)
}

// Reconcile takes ledgerMu then accountsMu: the other order.
func (b *Bank) Reconcile() int64 {
	b.ledgerMu.Lock()
	defer b.ledgerMu.Unlock()
	b.accountsMu.Lock() // want `^lock order inversion: \(\*Bank\)\.Reconcile takes Bank\.ledgerMu then Bank\.accountsMu; \(\*Bank\)\.lockBoth takes Bank\.accountsMu then Bank\.ledgerMu: goroutines in both can deadlock; take the locks in one order everywhere$`
	defer b.accountsMu.Unlock()
	var total int64
	for _, v := range b.accounts {
		total += v
	}
	return total
}

// Summary releases ledgerMu before it takes accountsMu.
func (b *Bank) Summary() (entries int, accounts int) {
	b.ledgerMu.Lock()
	entries = len(b.ledger)
	b.ledgerMu.Unlock()
	b.accountsMu.Lock()
	accounts = len(b.accounts)
	b.accountsMu.Unlock()
	return entries, accounts
}
