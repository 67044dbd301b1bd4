package runtime_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	lockrt "github.com/locklint/locklint/runtime"
)

func TestMutexZeroValue(t *testing.T) {
	var mu lockrt.Mutex
	mu.Lock()
	mu.Unlock()
	require.True(t, mu.TryLock())
	assert.False(t, mu.TryLock(), "TryLock on a held Mutex")
	mu.Unlock()
}

func TestMutexExcludes(t *testing.T) {
	var mu lockrt.Mutex
	mu.Lock()
	c := done(func() { mu.Lock(); mu.Unlock() })
	blocks(t, c, "Lock of a held Mutex")
	mu.Unlock()
	finishes(t, c, "Lock after Unlock")
}

func TestMutexUnlockByOtherGoroutine(t *testing.T) {
	// As with sync.Mutex, a Mutex is not tied to a goroutine.
	var mu lockrt.Mutex
	mu.Lock()
	finishes(t, done(mu.Unlock), "Unlock from another goroutine")
	require.True(t, mu.TryLock())
	mu.Unlock()
}

func TestMutexLockTimeout(t *testing.T) {
	var mu lockrt.Mutex
	require.True(t, mu.LockTimeout(short), "free Mutex")

	start := time.Now()
	var got bool
	finishes(t, done(func() { got = mu.LockTimeout(short) }), "LockTimeout")
	assert.False(t, got, "LockTimeout on a held Mutex")
	assert.GreaterOrEqual(t, time.Since(start), short)

	var zero bool
	finishes(t, done(func() { zero = mu.LockTimeout(0) }), "LockTimeout(0)")
	assert.False(t, zero)

	// A waiter that is still within its time gets the lock.
	c := done(func() { got = mu.LockTimeout(long) })
	time.Sleep(short)
	mu.Unlock()
	finishes(t, c, "LockTimeout with Unlock in time")
	assert.True(t, got)
	mu.Unlock()

	// The helpers of the attempts that gave up left the lock free.
	require.True(t, mu.LockTimeout(long))
	mu.Unlock()
}

func TestMutexLockContext(t *testing.T) {
	var mu lockrt.Mutex
	require.NoError(t, mu.LockContext(context.Background()))

	ctx, cancel := context.WithCancel(context.Background())
	var err error
	c := done(func() { err = mu.LockContext(ctx) })
	blocks(t, c, "LockContext on a held Mutex")
	cancel()
	finishes(t, c, "LockContext after cancel")
	assert.ErrorIs(t, err, context.Canceled)

	// Already done: fails without waiting, even for a free lock.
	mu.Unlock()
	assert.ErrorIs(t, mu.LockContext(ctx), context.Canceled)
	require.True(t, mu.TryLock(), "a failed LockContext must not hold the lock")

	dctx, dcancel := context.WithTimeout(context.Background(), short)
	defer dcancel()
	finishes(t, done(func() { err = mu.LockContext(dctx) }), "LockContext with a deadline")
	assert.ErrorIs(t, err, context.DeadlineExceeded)

	c = done(func() { err = mu.LockContext(context.WithoutCancel(ctx)) })
	mu.Unlock()
	finishes(t, c, "LockContext with a context that is never done")
	assert.NoError(t, err)
	mu.Unlock()
}

// TestMutexStress has goroutines increment a counter under Lock, TryLock,
// LockTimeout and LockContext; the race detector and the final count check
// mutual exclusion, and the timed variants' helpers.
func TestMutexStress(t *testing.T) {
	const goroutines, iters = 32, 1000
	var (
		mu    lockrt.Mutex
		n     int
		wg    sync.WaitGroup
		ctx   = context.Background()
		tctx  context.Context
		tstop context.CancelFunc
	)
	tctx, tstop = context.WithTimeout(ctx, long)
	defer tstop()
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range iters {
				switch (g + i) % 4 {
				case 0:
					mu.Lock()
				case 1:
					for !mu.TryLock() {
						time.Sleep(time.Microsecond)
					}
				case 2:
					for !mu.LockTimeout(time.Millisecond) {
					}
				case 3:
					if err := mu.LockContext(tctx); err != nil {
						t.Error(err)
						return
					}
				}
				n++
				mu.Unlock()
			}
		}()
	}
	finishes(t, done(wg.Wait), "stress")
	assert.Equal(t, goroutines*iters, n)
}
