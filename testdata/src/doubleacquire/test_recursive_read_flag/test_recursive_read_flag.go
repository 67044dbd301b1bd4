// Package test_recursive_read_flag is test_recursive_read's test run
// with -lockstate.testhazards set: the recursive read lock in the test
// is reported.
package test_recursive_read_flag

import "sync"

type Registry struct {
	mu    sync.RWMutex
	nodes map[string]int
}

func (r *Registry) Register(name string, n int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.nodes[name] = n
}

func (r *Registry) Lookup(name string) (int, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	n, ok := r.nodes[name]
	return n, ok
}
