package runtime_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	lockrt "github.com/locklint/locklint/runtime"
	"github.com/locklint/locklint/runtime/lockrttest"
)

// semaphore is the method set the two semaphore types share.
type semaphore interface {
	Acquire()
	TryAcquire() bool
	AcquireTimeout(time.Duration) bool
	AcquireContext(context.Context) error
	Release()
}

func semaphores(n int) map[string]semaphore {
	return map[string]semaphore{
		"Semaphore":        lockrt.NewSemaphore(n),
		"BoundedSemaphore": lockrt.NewBoundedSemaphore(n),
	}
}

func TestSemaphoreCounts(t *testing.T) {
	for name, s := range semaphores(2) {
		t.Run(name, func(t *testing.T) {
			require.True(t, s.TryAcquire())
			s.Acquire()
			assert.False(t, s.TryAcquire(), "no permits left")
			assert.False(t, s.AcquireTimeout(short))
			assert.False(t, s.AcquireTimeout(0))
			ctx, cancel := context.WithTimeout(context.Background(), short)
			defer cancel()
			assert.ErrorIs(t, s.AcquireContext(ctx), context.DeadlineExceeded)

			w := done(s.Acquire)
			blocks(t, w, "Acquire without permits")
			s.Release()
			finishes(t, w, "Acquire after Release")
			s.Release()
			s.Release()
			require.NoError(t, s.AcquireContext(context.Background()))
			require.True(t, s.AcquireTimeout(short))
			s.Release()
			s.Release()
		})
	}
}

func TestSemaphoreFIFO(t *testing.T) {
	s := lockrt.NewSemaphore(0)
	order := make(chan int, 3)
	for i := range 3 {
		go func() {
			s.Acquire()
			order <- i
		}()
		time.Sleep(short / 2) // queue in order
	}
	for want := range 3 {
		s.Release()
		select {
		case got := <-order:
			assert.Equal(t, want, got)
		case <-time.After(long):
			t.Fatal("no waiter woken")
		}
	}
	assert.False(t, s.TryAcquire())
}

func TestSemaphoreTimeoutKeepsPermit(t *testing.T) {
	// A Release racing with a timeout either reaches the timed waiter, which
	// then reports success, or stays in the semaphore.
	s := lockrt.NewSemaphore(0)
	for range 50 {
		var got bool
		w := done(func() { got = s.AcquireTimeout(time.Millisecond) })
		time.Sleep(time.Millisecond)
		s.Release()
		finishes(t, w, "AcquireTimeout")
		if got {
			assert.False(t, s.TryAcquire(), "the permit was taken")
		} else {
			assert.True(t, s.TryAcquire(), "the permit stayed")
		}
	}
}

func TestSemaphoreZeroValue(t *testing.T) {
	var s lockrt.Semaphore
	assert.False(t, s.TryAcquire())
	s.Release()
	assert.True(t, s.TryAcquire())

	lockrttest.Record(t)
	var b lockrt.BoundedSemaphore
	assert.False(t, b.TryAcquire())
	assert.Panics(t, b.Release, "a zero BoundedSemaphore holds nothing")
}

func TestSemaphoreNegativePanics(t *testing.T) {
	assert.PanicsWithValue(t, "lockrt: NewSemaphore(-1): negative count", func() { lockrt.NewSemaphore(-1) })
	assert.Panics(t, func() { lockrt.NewBoundedSemaphore(-1) })
}

func TestBoundedSemaphoreOverRelease(t *testing.T) {
	rec := lockrttest.Record(t)
	s := lockrt.NewBoundedSemaphore(1)
	s.Acquire()
	s.Release()
	assert.PanicsWithValue(t, "lockrt: BoundedSemaphore released too many times (initial count 1)", s.Release)
	assert.True(t, s.TryAcquire(), "the failed Release changed nothing")
	assert.False(t, s.TryAcquire())
	if checking {
		assert.Equal(t, []lockrt.Kind{lockrt.OverRelease}, rec.Kinds())
	}

	// An unbounded Semaphore just grows.
	u := lockrt.NewSemaphore(0)
	u.Release()
	u.Release()
	assert.True(t, u.TryAcquire() && u.TryAcquire())
}

// TestSemaphoreStress checks that at most n goroutines hold a permit.
func TestSemaphoreStress(t *testing.T) {
	const n, goroutines, iters = 3, 16, 500
	for name, s := range semaphores(n) {
		t.Run(name, func(t *testing.T) {
			var inside, most atomic.Int32
			var wg sync.WaitGroup
			for g := range goroutines {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range iters {
						switch (g + i) % 3 {
						case 0:
							s.Acquire()
						case 1:
							for !s.AcquireTimeout(time.Millisecond) {
							}
						case 2:
							if s.AcquireContext(context.Background()) != nil {
								t.Error("AcquireContext failed")
								return
							}
						}
						v := inside.Add(1)
						for {
							m := most.Load()
							if v <= m || most.CompareAndSwap(m, v) {
								break
							}
						}
						inside.Add(-1)
						s.Release()
					}
				}()
			}
			finishes(t, done(wg.Wait), "stress")
			assert.LessOrEqual(t, most.Load(), int32(n))
			for range n {
				assert.True(t, s.TryAcquire(), "all permits returned")
			}
		})
	}
}
