// Package double_unlock shows an Unlock reached after the same path has
// already unlocked: unlocking an unlocked sync.Mutex is a fatal error at
// run time. The variant that returns after the early Unlock is fine.
package double_unlock

import "sync"

type Conn struct{ closed bool }

func (c *Conn) Close() { c.closed = true }

type Pool struct {
	mu   sync.Mutex
	idle []*Conn
	max  int
}

// Put returns c to the pool, closing it when the pool is full.
func (p *Pool) Put(c *Conn) {
	p.mu.Lock()
	if len(p.idle) >= p.max {
		p.mu.Unlock()
		c.Close()
	} else {
		p.idle = append(p.idle, c)
	}
	p.mu.Unlock() // want `^p\.mu is not locked here \(it was already unlocked on this path\): unlocking it again is a fatal error at run time; remove one of the two unlocks$`
}

// PutFixed returns after the early Unlock.
func (p *Pool) PutFixed(c *Conn) {
	p.mu.Lock()
	if len(p.idle) >= p.max {
		p.mu.Unlock()
		c.Close()
		return
	}
	p.idle = append(p.idle, c)
	p.mu.Unlock()
}

// Drain unlocks on each branch exactly once.
func (p *Pool) Drain() []*Conn {
	p.mu.Lock()
	if len(p.idle) == 0 {
		p.mu.Unlock()
		return nil
	}
	out := p.idle
	p.idle = nil
	p.mu.Unlock()
	return out
}
