// Package loop_pairs shows locks taken in one loop and released in
// another with the same count (the shapes of grpc's BenchmarkRLockUnlock
// and nats-server's TestJWTAccountConnz: RLock n times, then RUnlock n
// times; lock every connection, then unlock every one). The engine does
// not relate the two loops' trip counts: a read lock taken by a loop that
// never releases it is held an unknown number of times, and locks of a
// collection's elements released only under another name lose their
// identity; neither is reported as a double unlock or a leak. Skip is
// the near miss: its loop releases the read lock in the same iteration
// except on one path, which leaks it.
package loop_pairs

import "sync"

type conn struct {
	mu sync.Mutex
	n  int
}

func RLockN(mu *sync.RWMutex, n int) {
	for i := 0; i < n; i++ {
		mu.RLock()
	}
	for i := 0; i < n; i++ {
		mu.RUnlock()
	}
}

func LockAll(conns []*conn, work func()) {
	for _, c := range conns {
		c.mu.Lock()
	}
	work()
	for _, c := range conns {
		c.mu.Unlock()
	}
}

func Skip(mu *sync.RWMutex, items []int) int {
	n := 0
	for _, it := range items {
		mu.RLock()
		if it < 0 {
			continue // want `mu is still locked after this continue, but other paths unlock it`
		}
		n += it
		mu.RUnlock()
	}
	return n
}
