// Package test_recursive_read shows the recursive read locks of test
// code, left out by default. Registry.Lookup read-locks r.mu, and
// Register write-locks it. The test read-locks the registry to peek at
// it and calls Lookup, which read-locks it again (nats' test holding
// s.rnMu around lookupRaftNode, syncthing's around loadMetadataTracker):
// it hangs only if a writer queues between the two, which nothing in the
// test does; not reported (-lockstate.testhazards reports it:
// test_recursive_read_flag). What hangs the test on its own path still
// is: Lookup under the write lock blocks forever. The same recursive
// read lock in the package itself (Count) is reported.
package test_recursive_read

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

func (r *Registry) Count(names ...string) int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	c := 0
	for _, name := range names {
		if _, ok := r.Lookup(name); ok { // want `r\.mu is already read-locked by this goroutine; r\.Lookup locks it again with RLock`
			c++
		}
	}
	return c
}
