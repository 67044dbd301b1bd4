package runtime

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// A Cond is a condition variable, like sync.Cond (and Python's
// threading.Condition): a point where goroutines wait for a change in
// state guarded by the Locker L, which must be held when calling any Wait
// method. Signal and Broadcast may be called with or without L held.
//
// Unlike sync.Cond, every wait can give up (WaitTimeout, WaitContext,
// WaitForTimeout, WaitForContext): waiters queue on channels rather than in
// the runtime. Every Wait method returns with L held, whatever happened.
//
// The WaitFor methods wait until a predicate, evaluated with L held, is
// true, which is what a Wait must be wrapped in anyway: a Signal sent before
// the waiter waits is not remembered, and a woken waiter can find the state
// changed again. With checking on, a Wait without a predicate that follows a
// Signal nobody heard is reported (LostWakeup), and so is a Wait without
// holding L when L is a lock of this package (WaitNotHeld; Wait then panics
// rather than crash in L.Unlock as sync.Cond would).
//
// Create a Cond with NewCond, or set L in a zero Cond. A Cond must not be
// copied after first use.
type Cond struct {
	L sync.Locker

	mu sync.Mutex
	q  waitq
	// lost is where a Signal or Broadcast found nobody waiting, kept for
	// checking until the next Wait.
	lost atomic.Pointer[pcStack]
}

// NewCond returns a Cond on l.
func NewCond(l sync.Locker) *Cond { return &Cond{L: l} }

// Wait unlocks c.L, waits for a Signal or Broadcast, and locks c.L again.
// Wrap it in a loop that rechecks the state, or use WaitFor.
func (c *Cond) Wait() {
	if checking {
		c.checkWait(false)
	}
	c.wait(nil, nil)
}

// WaitTimeout is Wait giving up after d. It reports whether the goroutine
// was woken by Signal or Broadcast rather than by the timeout. A d <= 0
// returns false at once.
func (c *Cond) WaitTimeout(d time.Duration) bool {
	if checking {
		c.checkWait(false)
	}
	if d <= 0 {
		return false
	}
	t := time.NewTimer(d)
	defer t.Stop()
	return c.wait(t.C, nil)
}

// WaitContext is Wait giving up when ctx is done; it returns ctx.Err() then
// (after locking c.L again) and nil if woken. A ctx that is already done
// returns at once, without unlocking c.L.
func (c *Cond) WaitContext(ctx context.Context) error {
	if checking {
		c.checkWait(false)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if !c.wait(nil, ctx.Done()) {
		return ctx.Err()
	}
	return nil
}

// WaitFor waits until pred returns true. It calls pred with c.L held,
// first before waiting at all, and again after each wakeup; it is
// `for !pred() { c.Wait() }`.
func (c *Cond) WaitFor(pred func() bool) {
	if checking {
		c.checkWait(true)
	}
	for !pred() {
		c.wait(nil, nil)
	}
}

// WaitForTimeout is WaitFor giving up after d. It returns the last result
// of pred, so false means the time ran out with pred still false.
func (c *Cond) WaitForTimeout(pred func() bool, d time.Duration) bool {
	if checking {
		c.checkWait(true)
	}
	if pred() {
		return true
	}
	if d <= 0 {
		return false
	}
	t := time.NewTimer(d)
	defer t.Stop()
	for {
		if !c.wait(t.C, nil) {
			return pred()
		}
		if pred() {
			return true
		}
	}
}

// WaitForContext is WaitFor giving up when ctx is done. It returns nil once
// pred is true, or ctx.Err() if ctx is done first with pred still false.
func (c *Cond) WaitForContext(ctx context.Context, pred func() bool) error {
	if checking {
		c.checkWait(true)
	}
	for !pred() {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !c.wait(nil, ctx.Done()) && !pred() {
			return ctx.Err()
		}
	}
	return nil
}

// Signal wakes one waiting goroutine, the longest waiting, if there is
// one.
func (c *Cond) Signal() {
	c.mu.Lock()
	woke := c.q.wake()
	c.mu.Unlock()
	if checking && !woke {
		c.noteLost()
	}
}

// Broadcast wakes all waiting goroutines.
func (c *Cond) Broadcast() {
	c.mu.Lock()
	n := c.q.len()
	c.q.wakeAll()
	c.mu.Unlock()
	if checking && n == 0 {
		c.noteLost()
	}
}

// wait queues the goroutine, unlocks L, waits to be woken, to time out or
// to be cancelled, and locks L. It reports whether it was woken.
func (c *Cond) wait(timer <-chan time.Time, cancel <-chan struct{}) bool {
	c.mu.Lock()
	w := c.q.push()
	c.mu.Unlock()
	c.L.Unlock()
	woken := true
	select {
	case <-w.ready:
	case <-timer:
		woken = !c.leave(w)
	case <-cancel:
		woken = !c.leave(w)
	}
	c.L.Lock()
	return woken
}

// leave takes w out of the queue unless a Signal got to it first.
func (c *Cond) leave(w *waiter) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.q.leave(w)
}
