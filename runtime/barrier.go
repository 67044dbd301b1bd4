package runtime

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrBrokenBarrier is returned by the Wait methods of a Barrier that is, or
// becomes, broken while they wait (Python's BrokenBarrierError).
var ErrBrokenBarrier = errors.New("lockrt: broken barrier")

// A Barrier makes a fixed number of goroutines, its parties, wait for each
// other, like Python's threading.Barrier: each calls Wait, which blocks
// until all parties have called it; then they are all released and the
// barrier is ready for the next cycle.
//
// The barrier breaks when a waiter gives up (a timeout or a done context),
// when Abort is called, or when the action panics. Then every waiter and
// every later Wait gets ErrBrokenBarrier, until Reset.
//
// Create a Barrier with NewBarrier. A Barrier must not be copied after
// first use.
type Barrier struct {
	parties int
	action  func()

	mu     sync.Mutex
	cycle  *barrierCycle
	broken bool
}

// barrierCycle is one round of waiting. done is closed when the round ends,
// released or broken.
type barrierCycle struct {
	arrived int
	done    chan struct{}
	broken  bool // set before done is closed
}

func newCycle() *barrierCycle { return &barrierCycle{done: make(chan struct{})} }

// NewBarrier returns a Barrier for parties goroutines. If action is not
// nil, the last goroutine to arrive runs it once per cycle before any is
// released; it runs with the barrier's internal lock held, so it must not
// call the Barrier's methods. NewBarrier panics if parties < 1.
func NewBarrier(parties int, action func()) *Barrier {
	if parties < 1 {
		panic(fmt.Sprintf("lockrt: NewBarrier(%d): parties must be at least 1", parties))
	}
	return &Barrier{parties: parties, action: action, cycle: newCycle()}
}

// Wait blocks until all parties have called Wait and returns the caller's
// arrival index, from 0 (first) to Parties()-1 (last, which ran the
// action). It returns -1 and ErrBrokenBarrier if the barrier is or becomes
// broken.
func (b *Barrier) Wait() (int, error) { return b.wait(nil, nil, nil) }

// WaitTimeout is Wait giving up after d. Giving up breaks the barrier, as
// in Python: the caller and all other waiters get ErrBrokenBarrier. With
// d <= 0 only the last party gets through; any other breaks the barrier.
func (b *Barrier) WaitTimeout(d time.Duration) (int, error) {
	if d <= 0 {
		d = 1 // a timeout is always a deadline in the past: break at once
	}
	t := time.NewTimer(d)
	defer t.Stop()
	return b.wait(t.C, nil, nil)
}

// WaitContext is Wait giving up when ctx is done, which breaks the barrier:
// the caller gets ctx.Err() and the other waiters ErrBrokenBarrier.
func (b *Barrier) WaitContext(ctx context.Context) (int, error) {
	if err := ctx.Err(); err != nil {
		b.Abort()
		return -1, err
	}
	return b.wait(nil, ctx.Done(), ctx.Err)
}

// lock locks b.mu, checking that b was made by NewBarrier.
func (b *Barrier) lock() {
	if b.parties == 0 {
		panic("lockrt: Barrier not created with NewBarrier")
	}
	b.mu.Lock()
}

func (b *Barrier) wait(timer <-chan time.Time, cancel <-chan struct{}, cause func() error) (int, error) {
	b.lock()
	if b.broken {
		b.mu.Unlock()
		return -1, ErrBrokenBarrier
	}
	c := b.cycle
	idx := c.arrived
	c.arrived++
	if c.arrived == b.parties {
		defer b.mu.Unlock()
		b.runAction(c)
		close(c.done)
		b.cycle = newCycle()
		return idx, nil
	}
	b.mu.Unlock()

	select {
	case <-c.done:
	case <-timer:
		b.giveUp(c)
	case <-cancel:
		if b.giveUp(c) {
			return -1, cause()
		}
	}
	if c.broken {
		return -1, ErrBrokenBarrier
	}
	return idx, nil
}

// runAction runs the action; if it panics, the barrier breaks and the
// panic goes on in the last goroutine. The caller holds b.mu.
func (b *Barrier) runAction(c *barrierCycle) {
	if b.action == nil {
		return
	}
	ok := false
	defer func() {
		if !ok {
			b.breakLocked()
		}
	}()
	b.action()
	ok = true
}

// giveUp breaks the barrier for a waiter of cycle c that stops waiting,
// unless c ended meanwhile; it reports whether it broke it.
func (b *Barrier) giveUp(c *barrierCycle) bool {
	b.lock()
	defer b.mu.Unlock()
	if b.cycle != c {
		return false // released or already broken
	}
	b.breakLocked()
	return true
}

// breakLocked breaks the barrier and wakes the current cycle's waiters.
func (b *Barrier) breakLocked() {
	b.broken = true
	c := b.cycle
	c.broken = true
	close(c.done)
	b.cycle = newCycle()
}

// Abort breaks the barrier: current and later Waits return
// ErrBrokenBarrier until Reset.
func (b *Barrier) Abort() {
	b.lock()
	defer b.mu.Unlock()
	b.breakLocked()
}

// Reset returns the barrier to its initial state. Goroutines waiting on it
// get ErrBrokenBarrier.
func (b *Barrier) Reset() {
	b.lock()
	defer b.mu.Unlock()
	if b.cycle.arrived > 0 {
		b.breakLocked()
	}
	b.broken = false
}

// Broken reports whether the barrier is broken.
func (b *Barrier) Broken() bool {
	b.lock()
	defer b.mu.Unlock()
	return b.broken
}

// Parties returns the number of goroutines the barrier waits for.
func (b *Barrier) Parties() int { return b.parties }

// NWaiting returns the number of goroutines currently waiting.
func (b *Barrier) NWaiting() int {
	b.lock()
	defer b.mu.Unlock()
	return b.cycle.arrived
}
