package runtime_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	lockrt "github.com/locklint/locklint/runtime"
)

func TestRWMutexReadersShare(t *testing.T) {
	var rw lockrt.RWMutex
	rw.RLock()
	finishes(t, done(func() { rw.RLock(); rw.RUnlock() }), "second reader")
	assert.True(t, rw.TryRLock() && func() bool { rw.RUnlock(); return true }())
	assert.False(t, rw.TryLock(), "TryLock with a reader")
	w := done(func() { rw.Lock(); rw.Unlock() })
	blocks(t, w, "writer with a reader")
	rw.RUnlock()
	finishes(t, w, "writer after the reader left")
}

func TestRWMutexWriterExcludes(t *testing.T) {
	var rw lockrt.RWMutex
	require.True(t, rw.TryLock())
	assert.False(t, rw.TryRLock())
	r := done(func() { rw.RLock(); rw.RUnlock() })
	blocks(t, r, "reader with a writer")
	rw.Unlock()
	finishes(t, r, "reader after the writer left")
}

func TestRWMutexTimed(t *testing.T) {
	var rw lockrt.RWMutex
	require.True(t, rw.LockTimeout(short))
	var ok bool
	var err error
	finishes(t, done(func() { ok = rw.RLockTimeout(short) }), "RLockTimeout")
	assert.False(t, ok)
	finishes(t, done(func() { ok = rw.LockTimeout(short) }), "LockTimeout")
	assert.False(t, ok)
	ctx, cancel := context.WithTimeout(context.Background(), short)
	defer cancel()
	finishes(t, done(func() { err = rw.RLockContext(ctx) }), "RLockContext")
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	finishes(t, done(func() { err = rw.LockContext(ctx) }), "LockContext")
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	rw.Unlock()

	require.NoError(t, rw.RLockContext(context.Background()))
	assert.False(t, rw.TryLock(), "TryLock with a reader")
	rw.RUnlock()
	require.NoError(t, rw.LockContext(context.Background()))
	rw.Unlock()
}

func TestRWMutexRLocker(t *testing.T) {
	var rw lockrt.RWMutex
	l := rw.RLocker()
	l.Lock()
	assert.False(t, rw.TryLock())
	assert.True(t, rw.TryRLock())
	rw.RUnlock()
	l.Unlock()
	assert.True(t, rw.TryLock())
	rw.Unlock()
}

func TestRWMutexStress(t *testing.T) {
	const goroutines, iters = 16, 1000
	var (
		rw      lockrt.RWMutex
		value   int
		readers atomic.Int32
		wg      sync.WaitGroup
	)
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range iters {
				if (g+i)%3 == 0 {
					rw.Lock()
					if n := readers.Load(); n != 0 {
						t.Errorf("writer with %d readers", n)
					}
					value++
					rw.Unlock()
					continue
				}
				rw.RLock()
				readers.Add(1)
				_ = value
				readers.Add(-1)
				rw.RUnlock()
			}
		}()
	}
	finishes(t, done(wg.Wait), "stress")
	writes := 0
	for g := range goroutines {
		for i := range iters {
			if (g+i)%3 == 0 {
				writes++
			}
		}
	}
	assert.Equal(t, writes, value)
}
