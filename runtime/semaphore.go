package runtime

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// A Semaphore is a counting semaphore, like Python's threading.Semaphore: a
// count of permits that Acquire takes (waiting while there are none) and
// Release gives back. Waiters are served in arrival order. Create one with
// NewSemaphore; the zero value has no permits until Release adds one.
//
// Semaphores have no owner: any goroutine may release. They are not in the
// lock-order graph. A Semaphore must not be copied after first use.
type Semaphore struct{ s sema }

// NewSemaphore returns a Semaphore with n permits. It panics if n < 0.
func NewSemaphore(n int) *Semaphore {
	return &Semaphore{s: newSema("NewSemaphore", n)}
}

// Acquire takes a permit, waiting until one is available.
func (s *Semaphore) Acquire() { s.s.acquire(nil, nil) }

// TryAcquire takes a permit if one is available at once, and reports
// whether it did.
func (s *Semaphore) TryAcquire() bool { return s.s.tryAcquire() }

// AcquireTimeout takes a permit, waiting at most d, and reports whether it
// did. A d <= 0 tries once.
func (s *Semaphore) AcquireTimeout(d time.Duration) bool { return s.s.acquireTimeout(d) }

// AcquireContext takes a permit unless ctx is done first, in which case it
// returns ctx.Err() and takes nothing.
func (s *Semaphore) AcquireContext(ctx context.Context) error { return s.s.acquireContext(ctx) }

// Release gives back a permit, waking the longest waiter if any.
func (s *Semaphore) Release() { s.s.release(false) }

// A BoundedSemaphore is a Semaphore that cannot hold more permits than it
// started with, like Python's threading.BoundedSemaphore: a Release that
// would exceed the initial count is a bug (usually a double release) and
// panics, as Python raises ValueError; with checking on it is also reported
// (OverRelease) before the panic. Create one with NewBoundedSemaphore (the
// zero value has no permits and can hold none).
type BoundedSemaphore struct{ s sema }

// NewBoundedSemaphore returns a BoundedSemaphore with n permits, which is
// also the most it can hold. It panics if n < 0.
func NewBoundedSemaphore(n int) *BoundedSemaphore {
	return &BoundedSemaphore{s: newSema("NewBoundedSemaphore", n)}
}

// Acquire takes a permit, waiting until one is available.
func (s *BoundedSemaphore) Acquire() { s.s.acquire(nil, nil) }

// TryAcquire takes a permit if one is available at once, and reports
// whether it did.
func (s *BoundedSemaphore) TryAcquire() bool { return s.s.tryAcquire() }

// AcquireTimeout takes a permit, waiting at most d, and reports whether it
// did. A d <= 0 tries once.
func (s *BoundedSemaphore) AcquireTimeout(d time.Duration) bool { return s.s.acquireTimeout(d) }

// AcquireContext takes a permit unless ctx is done first, in which case it
// returns ctx.Err() and takes nothing.
func (s *BoundedSemaphore) AcquireContext(ctx context.Context) error {
	return s.s.acquireContext(ctx)
}

// Release gives back a permit, waking the longest waiter if any. It panics
// if the semaphore would then hold more permits than it started with.
func (s *BoundedSemaphore) Release() { s.s.release(true) }

// sema implements both semaphores. A Release with waiters hands its permit
// straight to the first one, so value counts only free permits.
type sema struct {
	mu    sync.Mutex
	value int
	q     waitq
	bound int // the initial count, the most a BoundedSemaphore holds
}

func newSema(fn string, n int) sema {
	if n < 0 {
		panic(fmt.Sprintf("lockrt: %s(%d): negative count", fn, n))
	}
	return sema{value: n, bound: n}
}

func (s *sema) tryAcquire() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.value > 0 && s.q.len() == 0 {
		s.value--
		return true
	}
	return false
}

func (s *sema) acquireTimeout(d time.Duration) bool {
	if d <= 0 {
		return s.tryAcquire()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	return s.acquire(t.C, nil)
}

func (s *sema) acquireContext(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if !s.acquire(nil, ctx.Done()) {
		return ctx.Err()
	}
	return nil
}

// acquire takes a permit unless timer or cancel fires first.
func (s *sema) acquire(timer <-chan time.Time, cancel <-chan struct{}) bool {
	s.mu.Lock()
	if s.value > 0 && s.q.len() == 0 {
		s.value--
		s.mu.Unlock()
		return true
	}
	w := s.q.push()
	s.mu.Unlock()
	select {
	case <-w.ready:
		return true
	case <-timer:
	case <-cancel:
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	// If a Release dequeued w meanwhile, the permit is ours.
	return !s.q.leave(w)
}

// release gives back a permit; bounded is true for a BoundedSemaphore.
func (s *sema) release(bounded bool) {
	s.mu.Lock()
	if bounded && s.value+1 > s.bound {
		s.mu.Unlock()
		if checking {
			overRelease(s.bound)
		}
		panic(fmt.Sprintf("lockrt: BoundedSemaphore released too many times (initial count %d)", s.bound))
	}
	if !s.q.wake() {
		s.value++
	}
	s.mu.Unlock()
}
