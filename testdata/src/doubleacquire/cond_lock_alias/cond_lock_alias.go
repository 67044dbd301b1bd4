// Package cond_lock_alias shows one lock under two names: p.cond is
// built by sync.NewCond(&p.mu), so p.cond.L is p.mu. Get locks through
// the Cond's L and unlocks p.mu by name, Put the other way round: each
// takes the lock once. Reset takes p.mu and then p.cond.L, the same lock
// again, and blocks forever.
package cond_lock_alias

import "sync"

type Pool struct {
	mu   sync.Mutex
	cond *sync.Cond
	free []int
}

func NewPool() *Pool {
	p := &Pool{}
	p.cond = sync.NewCond(&p.mu)
	return p
}

func (p *Pool) Get() int {
	p.cond.L.Lock()
	for len(p.free) == 0 {
		p.cond.Wait()
	}
	x := p.free[0]
	p.free = p.free[1:]
	p.mu.Unlock()
	return x
}

func (p *Pool) Put(x int) {
	p.mu.Lock()
	p.free = append(p.free, x)
	p.cond.Signal()
	p.cond.L.Unlock()
}

func (p *Pool) Reset() {
	p.mu.Lock()
	p.cond.L.Lock() // want `^p\.mu is already held; this Lock blocks forever \(sync\.Mutex is not reentrant\): release it first$`
	p.free = nil
	p.cond.L.Unlock()
	p.mu.Unlock()
}
