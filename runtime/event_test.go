package runtime_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	lockrt "github.com/locklint/locklint/runtime"
)

func TestEvent(t *testing.T) {
	var e lockrt.Event
	assert.False(t, e.IsSet())
	assert.False(t, e.WaitTimeout(short))
	assert.False(t, e.WaitTimeout(0))
	ctx, cancel := context.WithTimeout(context.Background(), short)
	defer cancel()
	assert.ErrorIs(t, e.WaitContext(ctx), context.DeadlineExceeded)

	var wg sync.WaitGroup
	for range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e.Wait()
		}()
	}
	w := done(wg.Wait)
	blocks(t, w, "Wait before Set")
	e.Set()
	finishes(t, w, "Wait after Set")
	assert.True(t, e.IsSet())
	e.Set() // idempotent
	e.Wait()
	assert.True(t, e.WaitTimeout(0))
	assert.NoError(t, e.WaitContext(ctx), "a raised flag wins over a done context")

	e.Clear()
	assert.False(t, e.IsSet())
	w = done(e.Wait)
	blocks(t, w, "Wait after Clear")
	var got bool
	tw := done(func() { got = e.WaitTimeout(long) })
	e.Set()
	finishes(t, w, "Wait after the second Set")
	finishes(t, tw, "WaitTimeout")
	assert.True(t, got)
}

func TestEventSetClearWakesWaiters(t *testing.T) {
	// A Wait in progress when Set happens returns even if Clear follows at
	// once, as in Python.
	var e lockrt.Event
	w := done(e.Wait)
	time.Sleep(short)
	e.Set()
	e.Clear()
	finishes(t, w, "Wait across Set+Clear")
}

func TestEventStress(t *testing.T) {
	for range 100 {
		var e lockrt.Event
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				e.Wait()
			}()
		}
		go e.Set()
		finishes(t, done(wg.Wait), "waiters")
	}
}
