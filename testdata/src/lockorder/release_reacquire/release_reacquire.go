// Package release_reacquire shows a callee that releases its caller's
// lock, takes another lock, and takes the caller's lock again (the shape
// of grpc's resetTransportAndUnlock and of helpers that wait without the
// lock). Get holds p.mu when it calls dialLocked, but dialLocked takes
// p.dialMu only after releasing p.mu: there is no p.mu -> p.dialMu edge,
// so Close's p.dialMu -> p.mu order is consistent. Refresh calls
// refreshLocked, which takes p.dialMu under p.mu: that edge is real, and
// with Close's it is an inversion.
package release_reacquire

import "sync"

type Pool struct {
	mu     sync.Mutex
	dialMu sync.Mutex
	conns  []int
	dials  int
}

// dialLocked is called with p.mu held; it releases p.mu while it dials.
func (p *Pool) dialLocked() {
	p.mu.Unlock()
	p.dialMu.Lock()
	p.dials++
	p.dialMu.Unlock()
	p.mu.Lock()
	p.conns = append(p.conns, p.dials)
}

// refreshLocked is called with p.mu held and keeps it.
func (p *Pool) refreshLocked() {
	p.dialMu.Lock()
	p.dials = 0
	p.dialMu.Unlock()
}

func (p *Pool) Get() int {
	p.mu.Lock()
	if len(p.conns) == 0 {
		p.dialLocked()
	}
	c := p.conns[0]
	p.mu.Unlock()
	return c
}

func (p *Pool) Refresh() {
	p.mu.Lock()
	p.refreshLocked() // want `lock order inversion: \(\*Pool\)\.Refresh takes Pool\.mu then Pool\.dialMu; \(\*Pool\)\.Close takes Pool\.dialMu then Pool\.mu`
	p.mu.Unlock()
}

func (p *Pool) Close() {
	p.dialMu.Lock()
	p.mu.Lock() // want `lock order inversion: \(\*Pool\)\.Close takes Pool\.dialMu then Pool\.mu; \(\*Pool\)\.Refresh takes Pool\.mu then Pool\.dialMu`
	p.conns = nil
	p.mu.Unlock()
	p.dialMu.Unlock()
}
