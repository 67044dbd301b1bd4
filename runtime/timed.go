package runtime

import (
	"context"
	goruntime "runtime"
	"sync"
	"sync/atomic"
	"time"
)

// Timed and cancellable acquisition of the sync locks underneath Mutex,
// RWMutex and ReentrantMutex.
//
// The locks are sync's own, so Lock and Unlock cost what sync's cost, but a
// sync lock cannot stop waiting. A timed acquisition therefore tries the
// lock a few times and, if it is still busy, starts one helper goroutine
// that calls the blocking Lock and hands the lock over. If the caller gives
// up first, the helper releases the lock as soon as it gets it. Waiting in
// the helper keeps sync's fairness (a timed waiter is queued like any
// other) at the price of a goroutine per contended timed acquisition; a
// helper whose caller gave up lives until the lock is next released.

// tryLocker is the part of a sync lock a timed acquisition needs.
type tryLocker interface {
	Lock()
	Unlock()
	TryLock() bool
}

// readLocker adapts the read side of a sync.RWMutex to tryLocker.
type readLocker struct{ rw *sync.RWMutex }

func (r readLocker) Lock()         { r.rw.RLock() }
func (r readLocker) Unlock()       { r.rw.RUnlock() }
func (r readLocker) TryLock() bool { return r.rw.TryRLock() }

// spinTries is how many times a timed acquisition retries TryLock, yielding
// in between, before it starts a helper.
const spinTries = 3

// lockTimeout acquires l within d. A d <= 0 tries once.
func lockTimeout(l tryLocker, d time.Duration) bool {
	if l.TryLock() {
		return true
	}
	if d <= 0 {
		return false
	}
	t := time.NewTimer(d)
	defer t.Stop()
	return lockUntil(l, t.C, nil)
}

// lockContext acquires l unless ctx is done first; it returns ctx.Err()
// then. A ctx that is already done is reported without trying the lock.
func lockContext(l tryLocker, ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	done := ctx.Done()
	if done == nil {
		l.Lock()
		return nil
	}
	if l.TryLock() || lockUntil(l, nil, done) {
		return nil
	}
	return ctx.Err()
}

// handoff states.
const (
	handoffWaiting = iota
	handoffTaken   // the helper got the lock for the caller
	handoffDropped // the caller gave up
)

// lockUntil acquires l unless timer or cancel fires first.
func lockUntil(l tryLocker, timer <-chan time.Time, cancel <-chan struct{}) bool {
	for range spinTries {
		goruntime.Gosched()
		if l.TryLock() {
			return true
		}
	}
	var state atomic.Int32
	got := make(chan struct{})
	go func() {
		l.Lock()
		if state.CompareAndSwap(handoffWaiting, handoffTaken) {
			close(got)
			return
		}
		l.Unlock()
	}()
	select {
	case <-got:
		return true
	case <-timer:
	case <-cancel:
	}
	if state.CompareAndSwap(handoffWaiting, handoffDropped) {
		return false
	}
	<-got // the helper won the race: the lock is ours
	return true
}
