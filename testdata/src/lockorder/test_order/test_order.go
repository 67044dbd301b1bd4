// Package test_order shows that test files take no part in lock order.
// The package takes Server.mu then Account.mu (Names); its test
// holds an account locked on purpose and calls RegisterAccount, the other
// order (nats' TestAccountNoDeadlockOnQueueSubRouteMapUpdate), and a test
// helper compares two accounts by locking both (grpc's rpcStats.equal).
// A test's lock order is a one-off under its control: neither is
// reported (-lockstate.testhazards reports them: test_order_flag).
package test_order

import "sync"

type Server struct {
	mu       sync.Mutex
	accounts map[string]*Account
}

type Account struct {
	mu   sync.Mutex
	name string
	srv  *Server
}

func (s *Server) RegisterAccount(a *Account) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.accounts[a.name] = a
}

// Names takes the server's lock, then each account's.
func (s *Server) Names() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var names []string
	for _, a := range s.accounts {
		a.mu.Lock()
		names = append(names, a.name)
		a.mu.Unlock()
	}
	return names
}
