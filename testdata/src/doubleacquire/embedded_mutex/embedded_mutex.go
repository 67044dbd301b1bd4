// Package embedded_mutex shows a counter that embeds sync.Mutex and so
// locks itself as c.Lock(). Locking it again, directly or by calling one
// of its own locking methods, blocks forever; the lock is named c, as
// written. The variants that release first or call the unlocked helper
// are fine.
package embedded_mutex

import "sync"

type HitCounter struct {
	sync.Mutex
	hits map[string]int
}

func (c *HitCounter) Inc(page string) {
	c.Lock()
	defer c.Unlock()
	c.hits[page]++
}

func (c *HitCounter) incLocked(page string) { c.hits[page]++ }

// Snapshot copies and resets; the second Lock was meant to be Unlock.
func (c *HitCounter) Snapshot() map[string]int {
	c.Lock()
	old := c.hits
	c.hits = make(map[string]int, len(old))
	c.Lock() // want `^c is already held; this Lock blocks forever \(sync\.Mutex is not reentrant\)`
	return old
}

// IncAll holds the lock and calls the locking Inc for every page.
func (c *HitCounter) IncAll(pages []string) {
	c.Lock()
	defer c.Unlock()
	for _, p := range pages {
		c.Inc(p) // want `^c is already held; c\.Inc locks it again`
	}
}

// IncAllLocked is the fix: the helper expects the lock held.
func (c *HitCounter) IncAllLocked(pages []string) {
	c.Lock()
	defer c.Unlock()
	for _, p := range pages {
		c.incLocked(p)
	}
}

// Reset releases before calling Inc.
func (c *HitCounter) Reset(first string) {
	c.Lock()
	c.hits = map[string]int{}
	c.Unlock()
	c.Inc(first)
}
