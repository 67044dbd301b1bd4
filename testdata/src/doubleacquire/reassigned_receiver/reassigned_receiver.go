// Package reassigned_receiver shows loops that reassign the variable
// naming the lock: after c = c.parent, c.mu is a different mutex, so
// locking it is not a second acquisition of the one just released or
// still held. Walking up one node at a time (unlock, then move) and hand
// over hand (lock the parent, unlock the child, then move) are both
// fine.
package reassigned_receiver

import "sync"

type Node struct {
	mu     sync.Mutex
	parent *Node
	hits   int
}

// Touch counts a hit on c and every ancestor, one lock at a time.
func Touch(c *Node) {
	for c != nil {
		c.mu.Lock()
		c.hits++
		next := c.parent
		c.mu.Unlock()
		c = next
	}
}

// Root finds the root, holding a child until its parent is locked, and
// returns its hit count.
func Root(c *Node) int {
	c.mu.Lock()
	for c.parent != nil {
		p := c.parent
		p.mu.Lock()
		c.mu.Unlock()
		c = p
	}
	n := c.hits
	c.mu.Unlock()
	return n
}
