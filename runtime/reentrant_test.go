package runtime_test

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	lockrt "github.com/locklint/locklint/runtime"
	"github.com/locklint/locklint/runtime/lockrttest"
)

func TestReentrantMutexReenters(t *testing.T) {
	var r lockrt.ReentrantMutex
	r.Lock()
	r.Lock()
	require.True(t, r.TryLock())
	require.True(t, r.LockTimeout(0))
	require.NoError(t, r.LockContext(context.Background()))

	held := func() bool {
		var got bool
		<-done(func() {
			got = !r.TryLock()
			if !got {
				r.Unlock()
			}
		})
		return got
	}
	for range 4 {
		r.Unlock()
		assert.True(t, held(), "held until the last Unlock")
	}
	r.Unlock()
	assert.False(t, held(), "free after as many Unlocks as Locks")
}

func TestReentrantMutexExcludes(t *testing.T) {
	var r lockrt.ReentrantMutex
	r.Lock()
	c := done(func() { r.Lock(); r.Unlock() })
	blocks(t, c, "Lock by another goroutine")
	r.Unlock()
	finishes(t, c, "Lock after Unlock")

	r.Lock()
	var ok bool
	var err error
	finishes(t, done(func() { ok = r.LockTimeout(short) }), "LockTimeout")
	assert.False(t, ok)
	ctx, cancel := context.WithCancel(context.Background())
	c = done(func() { err = r.LockContext(ctx) })
	blocks(t, c, "LockContext")
	cancel()
	finishes(t, c, "LockContext after cancel")
	assert.ErrorIs(t, err, context.Canceled)
	r.Unlock()
}

func TestReentrantMutexUnlockByNonOwnerPanics(t *testing.T) {
	rec := lockrttest.Record(t)
	var r lockrt.ReentrantMutex
	assert.PanicsWithValue(t, "lockrt: Unlock of ReentrantMutex which is not locked", r.Unlock)

	r.Lock()
	var msg any
	<-done(func() {
		defer func() { msg = recover() }()
		r.Unlock()
	})
	assert.Equal(t, "lockrt: Unlock of ReentrantMutex by a goroutine that does not hold it", msg)
	r.Unlock() // the owner still can
	if checking {
		assert.Equal(t, []lockrt.Kind{lockrt.UnlockUnlocked, lockrt.UnlockNotOwner}, rec.Kinds())
	}
}

func TestReentrantMutexStress(t *testing.T) {
	const goroutines, iters = 16, 500
	var (
		r  lockrt.ReentrantMutex
		n  int
		wg sync.WaitGroup
	)
	var add func(depth int)
	add = func(depth int) {
		r.Lock()
		defer r.Unlock()
		n++
		if depth > 0 {
			add(depth - 1)
		}
	}
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range iters {
				add((g + i) % 3)
			}
		}()
	}
	finishes(t, done(wg.Wait), "stress")
	want := 0
	for g := range goroutines {
		for i := range iters {
			want += (g+i)%3 + 1
		}
	}
	assert.Equal(t, want, n)
}
