// Package rw_mixed_holdings shows a read lock taken again while one path
// holds the lock for reading and another for writing (through TryLock,
// which is not a writer that can queue). The write holding makes the RLock
// block forever, whatever other goroutines do: reported, whichever
// holding the engine met first.
package rw_mixed_holdings

import "sync"

type Cache struct {
	mu sync.RWMutex
	n  int
}

func (c *Cache) Peek(shared bool) int {
	if shared {
		c.mu.RLock()
	} else if !c.mu.TryLock() {
		return 0
	}
	c.mu.RLock() // want `c.mu is write-locked by this goroutine; RLock waits for the writer, this goroutine, and blocks forever`
	return c.n
}
