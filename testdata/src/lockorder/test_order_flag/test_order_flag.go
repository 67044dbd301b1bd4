// Package test_order_flag is test_order's inversion made by test code
// alone, run with -lockstate.testhazards set: the test files' orders are
// in the graph, and the cycle is reported at both of its edges.
package test_order_flag

import "sync"

type Server struct {
	mu       sync.Mutex
	accounts map[string]*Account
}

type Account struct {
	mu   sync.Mutex
	name string
}
