// Package blocked_select shows a select without a default case, made
// while holding a lock that the other side of every case needs.
//
// Dispatcher.Send holds d.mu while it waits to hand a request to the loop
// or to see the dispatcher stop. The loop locks d.mu after each request
// it takes, and Stop locks d.mu before it closes d.stop: whichever case
// the select waits on, the goroutine that could end the wait needs d.mu.
// Reported on the select.
//
// Near misses: a select with a default case never blocks, and a select
// with a case on a context's Done channel can end without anyone taking
// the lock.
package blocked_select

import (
	"context"
	"sync"
)

type Dispatcher struct {
	mu      sync.Mutex
	reqs    chan int
	stop    chan struct{}
	handled int
	stopped bool
}

func NewDispatcher() *Dispatcher {
	d := &Dispatcher{reqs: make(chan int), stop: make(chan struct{})}
	go d.loop()
	return d
}

func (d *Dispatcher) loop() {
	for {
		select {
		case <-d.reqs:
			d.mu.Lock() // the receiver's lock
			d.handled++
			d.mu.Unlock()
		case <-d.stop:
			return
		}
	}
}

func (d *Dispatcher) Send(r int) bool {
	d.mu.Lock() // held across the select
	defer d.mu.Unlock()
	select { // want `^d\.mu is held while waiting in a select on d\.reqs and d\.stop, and every case's counterpart locks Dispatcher\.mu first \(\(\*Dispatcher\)\.loop between its receives, \(\*Dispatcher\)\.Stop before it closes d\.stop\): the goroutines deadlock; release d\.mu first$`
	case d.reqs <- r:
		return true
	case <-d.stop:
		return false
	}
}

func (d *Dispatcher) Stop() {
	d.mu.Lock() // the closer's lock
	defer d.mu.Unlock()
	if !d.stopped {
		d.stopped = true
		close(d.stop)
	}
}

// TrySend has a default case: it never blocks.
func (d *Dispatcher) TrySend(r int) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	select {
	case d.reqs <- r:
		return true
	default:
		return false
	}
}

// SendCtx can give up when its context ends: that needs no lock.
func (d *Dispatcher) SendCtx(ctx context.Context, r int) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	select {
	case d.reqs <- r:
		return true
	case <-ctx.Done():
		return false
	}
}
