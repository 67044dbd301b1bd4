// Package closure_guard shows a lock taken only when a parameter asks
// for it, through closures that capture the parameter (the shape of
// nats-server's (*consumer).processAckMsgLocked: lock := func() { if
// needLock { o.mu.Lock() } }). The closure's summary is guarded by its
// captured variable, which its caller binds to its own parameter, so
// ackLocked acquires c.mu only when needLock is true, and callers
// passing false while holding c.mu are silent. Redeliver passes true
// while holding c.mu: reported. settleLocked derives a local from the
// flag (inPlace := c.fast && needLock, the shape of processAckMsgLocked's
// ackInPlace, captured by a closure too) and locks under it: the local
// equals the flag on the path that reads it, so callers passing false
// are silent too.
package closure_guard

import "sync"

type Consumer struct {
	mu      sync.Mutex
	pending map[int]bool
	fast    bool
	settled int
}

func (c *Consumer) ackLocked(seq int, needLock bool) bool {
	lock := func() {
		if needLock {
			c.mu.Lock()
		}
	}
	unlock := func() {
		if needLock {
			c.mu.Unlock()
		}
	}
	lock()
	_, ok := c.pending[seq]
	delete(c.pending, seq)
	unlock()
	return ok
}

// termLocked forwards its flag.
func (c *Consumer) termLocked(seq int, needLock bool) bool {
	return c.ackLocked(seq, needLock)
}

func (c *Consumer) Ack(seq int) bool {
	return c.ackLocked(seq, true)
}

func (c *Consumer) Next() {
	c.mu.Lock()
	for seq := range c.pending {
		c.termLocked(seq, false)
	}
	c.mu.Unlock()
}

func (c *Consumer) Redeliver(seq int) {
	c.mu.Lock()
	c.termLocked(seq, true) // want `^c\.mu is already held; c\.termLocked calls \(\*Consumer\)\.ackLocked, which calls the function literal in \(\*Consumer\)\.ackLocked, which locks it again`
	c.mu.Unlock()
}

func (c *Consumer) settleLocked(needLock bool) {
	inPlace := c.fast && needLock
	count := func() {
		if inPlace { // captured: a variable assigned once
			c.settled++
		}
	}
	count()
	if inPlace {
		c.mu.Lock()
		c.settled++
		c.mu.Unlock()
	}
}

func (c *Consumer) Flush() {
	c.mu.Lock()
	c.settleLocked(false)
	c.mu.Unlock()
}

func (c *Consumer) Settle() {
	c.mu.Lock()
	c.settleLocked(true) // want `^c\.mu is already held; c\.settleLocked locks it again`
	c.mu.Unlock()
}
