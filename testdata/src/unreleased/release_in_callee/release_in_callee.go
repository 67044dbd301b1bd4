// Package release_in_callee shows the shape of grpc's
// (*addrConn).connect: the function locks, returns early with a plain
// Unlock on two paths, and on the last path hands the lock to
// resetAndUnlock, which releases it on every path, some of them after
// taking it again and releasing it once more. The callee's summary says
// it releases the caller's lock, so connect leaks nothing and unlocks
// nothing twice. Stuck shows the near miss: its helper may return with
// the lock held again (it forgets to release after retrying), so the
// lock is not released on that path.
package release_in_callee

import "sync"

type Conn struct {
	mu      sync.Mutex
	state   int
	backoff int
	closed  bool
}

func (c *Conn) dial() error { return nil }

// resetAndUnlock is called with c.mu held and releases it.
func (c *Conn) resetAndUnlock() {
	if c.closed {
		c.mu.Unlock()
		return
	}
	c.state = 1
	c.mu.Unlock()
	if err := c.dial(); err != nil {
		c.mu.Lock()
		c.backoff++
		c.mu.Unlock()
		return
	}
	c.mu.Lock()
	c.state = 2
	c.mu.Unlock()
}

func (c *Conn) Connect() {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return
	}
	if c.state != 0 {
		c.mu.Unlock()
		return
	}
	c.resetAndUnlock()
}

// retryLocked is called with c.mu held; on failure it retries and
// returns holding the lock, otherwise it releases it.
func (c *Conn) retryLocked() {
	c.mu.Unlock()
	if err := c.dial(); err != nil {
		c.mu.Lock()
		c.backoff++
		return
	}
}

func (c *Conn) Stuck() {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return
	}
	c.retryLocked()
} // want `c\.mu is still locked at the end of the function, but other paths unlock it`
