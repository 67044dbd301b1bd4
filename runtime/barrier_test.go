package runtime_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	lockrt "github.com/locklint/locklint/runtime"
)

func TestBarrierIndicesAndAction(t *testing.T) {
	const parties, cycles = 4, 20
	actions := 0
	b := lockrt.NewBarrier(parties, func() { actions++ })
	assert.Equal(t, parties, b.Parties())
	idx := make(chan int, parties*cycles)
	var wg sync.WaitGroup
	for range parties {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range cycles {
				i, err := b.Wait()
				if err != nil {
					t.Error(err)
					return
				}
				idx <- i
			}
		}()
	}
	finishes(t, done(wg.Wait), "cycles")
	close(idx)
	var got []int
	for i := range idx {
		got = append(got, i)
	}
	slices.Sort(got)
	want := make([]int, 0, parties*cycles)
	for i := range parties {
		for range cycles {
			want = append(want, i)
		}
	}
	assert.Equal(t, want, got, "each cycle hands out 0..parties-1")
	assert.Equal(t, cycles, actions, "the action runs once per cycle")
	assert.False(t, b.Broken())
	assert.Equal(t, 0, b.NWaiting())
}

func TestBarrierActionRunsBeforeRelease(t *testing.T) {
	var ran bool
	b := lockrt.NewBarrier(2, func() { ran = true })
	var sawRan bool
	w := done(func() {
		_, err := b.Wait()
		assert.NoError(t, err)
		sawRan = ran
	})
	_, err := b.Wait()
	require.NoError(t, err)
	finishes(t, w, "first party")
	assert.True(t, sawRan)
}

func TestBarrierTimeoutBreaks(t *testing.T) {
	b := lockrt.NewBarrier(3, nil)
	var err1 error
	w := done(func() { _, err1 = b.Wait() })
	waitFor(t, func() bool { return b.NWaiting() == 1 })
	i, err := b.WaitTimeout(short)
	assert.Equal(t, -1, i)
	assert.ErrorIs(t, err, lockrt.ErrBrokenBarrier)
	finishes(t, w, "waiter of a broken barrier")
	assert.ErrorIs(t, err1, lockrt.ErrBrokenBarrier)
	assert.True(t, b.Broken())
	_, err = b.Wait()
	assert.ErrorIs(t, err, lockrt.ErrBrokenBarrier, "stays broken")

	b.Reset()
	assert.False(t, b.Broken())
	w = done(func() { _, err1 = b.WaitTimeout(long) })
	go b.Wait()
	i, err = b.Wait()
	require.NoError(t, err)
	assert.GreaterOrEqual(t, i, 0)
	finishes(t, w, "after Reset")
	assert.NoError(t, err1)
}

func TestBarrierContext(t *testing.T) {
	b := lockrt.NewBarrier(2, nil)
	ctx, cancel := context.WithCancel(context.Background())
	var err error
	w := done(func() { _, err = b.WaitContext(ctx) })
	blocks(t, w, "WaitContext")
	cancel()
	finishes(t, w, "WaitContext after cancel")
	assert.ErrorIs(t, err, context.Canceled)
	assert.True(t, b.Broken())

	b.Reset()
	_, err = b.WaitContext(ctx)
	assert.ErrorIs(t, err, context.Canceled, "already done")
	assert.True(t, b.Broken(), "giving up breaks the barrier")
}

func TestBarrierAbortAndReset(t *testing.T) {
	b := lockrt.NewBarrier(3, nil)
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			_, err := b.Wait()
			errs <- err
		}()
	}
	waitFor(t, func() bool { return b.NWaiting() == 2 })
	b.Reset() // waiters get ErrBrokenBarrier, the barrier is usable
	for range 2 {
		assert.ErrorIs(t, <-errs, lockrt.ErrBrokenBarrier)
	}
	assert.False(t, b.Broken())

	b.Abort()
	assert.True(t, b.Broken())
	_, err := b.Wait()
	assert.ErrorIs(t, err, lockrt.ErrBrokenBarrier)
}

func TestBarrierActionPanicBreaks(t *testing.T) {
	b := lockrt.NewBarrier(2, func() { panic("boom") })
	var err error
	w := done(func() { _, err = b.Wait() })
	waitFor(t, func() bool { return b.NWaiting() == 1 })
	assert.PanicsWithValue(t, "boom", func() { b.Wait() })
	finishes(t, w, "waiter")
	assert.ErrorIs(t, err, lockrt.ErrBrokenBarrier)
	assert.True(t, b.Broken())
}

func TestBarrierMisuse(t *testing.T) {
	assert.Panics(t, func() { lockrt.NewBarrier(0, nil) })
	var b lockrt.Barrier
	for name, f := range map[string]func(){
		"Wait":     func() { b.Wait() },
		"Abort":    b.Abort,
		"Reset":    b.Reset,
		"Broken":   func() { b.Broken() },
		"NWaiting": func() { b.NWaiting() },
	} {
		assert.PanicsWithValue(t, "lockrt: Barrier not created with NewBarrier", f, name)
	}
	one := lockrt.NewBarrier(1, nil)
	i, err := one.Wait()
	assert.NoError(t, err)
	assert.Equal(t, 0, i)
}

// waitFor polls cond.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(long)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached")
		}
		time.Sleep(time.Millisecond)
	}
}
