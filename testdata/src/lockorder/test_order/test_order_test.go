package test_order

import "testing"

func TestRegisterUnderAccountLock(t *testing.T) {
	s := &Server{accounts: map[string]*Account{}}
	a := &Account{name: "A", srv: s}
	s.RegisterAccount(a)
	a.mu.Lock()
	s.RegisterAccount(&Account{name: "B", srv: s}) // Account.mu then Server.mu, against Names
	a.mu.Unlock()
	if len(s.Names()) != 2 || !equal(a, s.accounts["A"]) {
		t.Fatal("renamed account not registered")
	}
}

// equal locks both accounts in the order of its arguments.
func equal(a, b *Account) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a == b {
		return true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return a.name == b.name
}
