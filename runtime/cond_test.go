package runtime_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	lockrt "github.com/locklint/locklint/runtime"
	"github.com/locklint/locklint/runtime/lockrttest"
)

func TestCondSignalWakesOne(t *testing.T) {
	var mu lockrt.Mutex
	c := lockrt.NewCond(&mu)
	var ready, woken int
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			ready++
			c.Wait()
			woken++
			mu.Unlock()
		}()
	}
	waitUntil(t, &mu, func() bool { return ready == 3 })
	// ready is counted before Wait unlocks mu, so once all three are
	// ready and mu is free again, they are all queued.
	mu.Lock()
	c.Signal()
	mu.Unlock()
	waitUntil(t, &mu, func() bool { return woken == 1 })
	time.Sleep(short)
	mu.Lock()
	assert.Equal(t, 1, woken, "Signal wakes one waiter")
	c.Broadcast()
	mu.Unlock()
	finishes(t, done(wg.Wait), "Broadcast wakes the rest")
	assert.Equal(t, 3, woken)
}

// heldElsewhere reports whether another goroutine fails to TryLock mu.
func heldElsewhere(mu *lockrt.Mutex) bool {
	var ok bool
	<-done(func() {
		ok = mu.TryLock()
		if ok {
			mu.Unlock()
		}
	})
	return !ok
}

// waitUntil polls cond under mu.
func waitUntil(t *testing.T, mu *lockrt.Mutex, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(long)
	for {
		mu.Lock()
		ok := cond()
		mu.Unlock()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("condition not reached")
		}
		time.Sleep(time.Millisecond)
	}
}

func TestCondWaitFor(t *testing.T) {
	var mu lockrt.Mutex
	c := lockrt.NewCond(&mu)
	var items []int
	got := make(chan int)
	go func() {
		mu.Lock()
		c.WaitFor(func() bool { return len(items) > 0 })
		got <- items[0]
		mu.Unlock()
	}()
	// Signalled before the consumer waits, or after: WaitFor sees it.
	mu.Lock()
	items = append(items, 33)
	c.Signal()
	mu.Unlock()
	select {
	case v := <-got:
		assert.Equal(t, 33, v)
	case <-time.After(long):
		t.Fatal("WaitFor did not return")
	}
}

func TestCondWaitTimeout(t *testing.T) {
	var mu lockrt.Mutex
	c := lockrt.NewCond(&mu)
	mu.Lock()
	start := time.Now()
	assert.False(t, c.WaitTimeout(short), "nobody signals")
	assert.GreaterOrEqual(t, time.Since(start), short)
	assert.True(t, heldElsewhere(&mu), "L is held again after a timeout")
	assert.False(t, c.WaitTimeout(0))

	flag := false
	go func() {
		mu.Lock()
		flag = true
		c.Signal()
		mu.Unlock()
	}()
	assert.True(t, c.WaitForTimeout(func() bool { return flag }, long))
	assert.False(t, c.WaitForTimeout(func() bool { return !flag }, short))
	mu.Unlock()
}

func TestCondWaitContext(t *testing.T) {
	var mu lockrt.Mutex
	c := lockrt.NewCond(&mu)
	ctx, cancel := context.WithCancel(context.Background())
	var err error
	w := done(func() {
		mu.Lock()
		defer mu.Unlock()
		err = c.WaitContext(ctx)
	})
	blocks(t, w, "WaitContext")
	cancel()
	finishes(t, w, "WaitContext after cancel")
	assert.ErrorIs(t, err, context.Canceled)

	mu.Lock()
	assert.ErrorIs(t, c.WaitContext(ctx), context.Canceled, "already done")
	assert.ErrorIs(t, c.WaitForContext(ctx, func() bool { return false }), context.Canceled)
	assert.NoError(t, c.WaitForContext(ctx, func() bool { return true }), "pred already true")
	mu.Unlock()

	ready := false
	w = done(func() {
		mu.Lock()
		defer mu.Unlock()
		err = c.WaitForContext(context.Background(), func() bool { return ready })
	})
	mu.Lock()
	ready = true
	c.Broadcast()
	mu.Unlock()
	finishes(t, w, "WaitForContext")
	assert.NoError(t, err)
}

// TestCondTimeoutKeepsSignal checks that a Signal racing with a timeout is
// not lost: either the timed waiter reports it was woken, or the signal
// reaches the other waiter.
func TestCondTimeoutKeepsSignal(t *testing.T) {
	lockrttest.Record(t) // signals may find no waiter: lost wakeups
	var mu lockrt.Mutex
	c := lockrt.NewCond(&mu)
	for range 50 {
		var wokenTimed bool
		mu.Lock()
		timed := done(func() {
			mu.Lock()
			wokenTimed = c.WaitTimeout(time.Millisecond)
			mu.Unlock()
		})
		other := make(chan bool, 1)
		mu.Unlock()
		time.Sleep(time.Millisecond)
		go func() {
			mu.Lock()
			other <- c.WaitTimeout(50 * time.Millisecond)
			mu.Unlock()
		}()
		time.Sleep(time.Millisecond / 2)
		mu.Lock()
		c.Signal()
		mu.Unlock()
		finishes(t, timed, "timed waiter")
		wokenOther := <-other
		require.False(t, wokenTimed && wokenOther, "one Signal woke two waiters")
	}
}

func TestCondZeroValueWithL(t *testing.T) {
	var mu sync.Mutex // any Locker
	c := &lockrt.Cond{L: &mu}
	n := 0
	w := done(func() {
		mu.Lock()
		c.WaitFor(func() bool { return n == 2 })
		mu.Unlock()
	})
	for range 2 {
		mu.Lock()
		n++
		c.Broadcast()
		mu.Unlock()
	}
	finishes(t, w, "WaitFor on a zero Cond")
}

// TestCondStress is a bounded buffer: producers and consumers on two
// Conds over one lock.
func TestCondStress(t *testing.T) {
	const producers, consumers, items = 8, 8, 500
	var (
		mu       lockrt.Mutex
		notFull  = lockrt.NewCond(&mu)
		notEmpty = lockrt.NewCond(&mu)
		buf      []int
		sum      int
		wg       sync.WaitGroup
	)
	for p := range producers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range items {
				mu.Lock()
				notFull.WaitFor(func() bool { return len(buf) < 4 })
				buf = append(buf, p*items+i)
				notEmpty.Signal()
				mu.Unlock()
			}
		}()
	}
	for range consumers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range producers * items / consumers {
				mu.Lock()
				if !notEmpty.WaitForTimeout(func() bool { return len(buf) > 0 }, long) {
					mu.Unlock()
					t.Error("consumer starved")
					return
				}
				sum += buf[0]
				buf = buf[1:]
				notFull.Signal()
				mu.Unlock()
			}
		}()
	}
	finishes(t, done(wg.Wait), "stress")
	n := producers * items
	assert.Equal(t, n*(n-1)/2, sum)
}
