// Package gcltest is the module that plugin/golangci's end-to-end test
// runs the custom golangci-lint on: double.go has a double acquire,
// leak.go an early return that leaves a lock held, and ok.go the same
// code written correctly, which must not be reported; silenced.go has
// two more early returns, silenced by a locklint ignore directive and by
// a golangci-lint nolint directive, which must not be reported either.
// A "want <pass>" comment marks a line the test expects an issue of that
// pass on, and a "related: ..." comment a line it expects the issue's
// related position on (golangci-lint reports those as issues of their
// own).
package gcltest

import "sync"

// Counter counts events by name.
type Counter struct {
	mu     sync.Mutex
	counts map[string]int
}

// Add locks c.mu and then calls Reset, which locks it again: the
// goroutine blocks forever on the first call.
func (c *Counter) Add(name string, n int) {
	c.mu.Lock() // related: acquired here
	defer c.mu.Unlock()
	if c.counts == nil {
		c.Reset() // want doubleacquire
	}
	c.counts[name] += n
}

// Reset clears the counts.
func (c *Counter) Reset() {
	c.mu.Lock() // related: locked again here
	c.counts = map[string]int{}
	c.mu.Unlock()
}
