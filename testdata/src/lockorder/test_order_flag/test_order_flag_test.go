package test_order_flag

import "testing"

func register(s *Server, a *Account) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.accounts[a.name] = a
}

func TestRegisterUnderAccountLock(t *testing.T) {
	s := &Server{accounts: map[string]*Account{}}
	a := &Account{name: "A"}
	go func() {
		s.mu.Lock()
		a.mu.Lock() // want `lock order inversion: the function literal in TestRegisterUnderAccountLock takes Server\.mu then Account\.mu; TestRegisterUnderAccountLock takes Account\.mu then Server\.mu`
		a.name = "B"
		a.mu.Unlock()
		s.mu.Unlock()
	}()
	a.mu.Lock()
	register(s, a) // want `lock order inversion: TestRegisterUnderAccountLock takes Account\.mu then Server\.mu`
	a.mu.Unlock()
}
