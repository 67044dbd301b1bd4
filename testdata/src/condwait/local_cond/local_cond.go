// Package local_cond shows a Cond made locally by sync.NewCond(&mu) and
// captured, with mu, by a goroutine (the shape of runtime/pprof's
// blockCond): the Wait holds mu, which the engine knows by path even
// though no field binds the two. Forgetting to lock is reported.
package local_cond

import "sync"

// Handshake waits for the goroutine's flag with mu held.
func Handshake() {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	done := false
	go func() {
		mu.Lock()
		done = true
		mu.Unlock()
		c.Signal()
	}()
	mu.Lock()
	for !done {
		c.Wait()
	}
	mu.Unlock()
}

// Forgot waits without locking mu.
func Forgot() {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	done := false
	go func() {
		mu.Lock()
		done = true
		mu.Unlock()
		c.Signal()
	}()
	for !done {
		c.Wait() // want `^c\.Wait is called without holding c\.L`
	}
}
