// Package goto_label shows C-style error handling with goto: the jump
// to the dial label leaves p.mu locked, and the function returns holding
// it, while the path that finds an idle connection unlocks it. Unlocking
// before the goto is fine.
package goto_label

import "sync"

type Conn struct{ addr string }

type Pool struct {
	mu   sync.Mutex
	addr string
	idle []*Conn
}

func (p *Pool) dial() (*Conn, error) { return &Conn{addr: p.addr}, nil }

// Get reuses an idle connection or dials a new one.
func (p *Pool) Get() (*Conn, error) {
	p.mu.Lock()
	if len(p.idle) == 0 {
		goto dial // want `^p\.mu is still locked after this goto, but other paths unlock it: unlock it before the goto, or defer the Unlock right after Lock$`
	}
	{
		c := p.idle[len(p.idle)-1]
		p.idle = p.idle[:len(p.idle)-1]
		p.mu.Unlock()
		return c, nil
	}
dial:
	return p.dial()
}

// GetFixed releases the lock before jumping.
func (p *Pool) GetFixed() (*Conn, error) {
	p.mu.Lock()
	if len(p.idle) == 0 {
		p.mu.Unlock()
		goto dial
	}
	{
		c := p.idle[len(p.idle)-1]
		p.idle = p.idle[:len(p.idle)-1]
		p.mu.Unlock()
		return c, nil
	}
dial:
	return p.dial()
}
