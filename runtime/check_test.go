//go:build lockcheck

package runtime_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	lockrt "github.com/locklint/locklint/runtime"
	"github.com/locklint/locklint/runtime/lockrttest"
)

// Tests that each report fires on misuse, and its near miss stays quiet.

// frames returns the functions of a report's stacks, joined, for matching.
func functions(s lockrt.Stack) string {
	var fs []string
	for _, f := range s.Frames {
		fs = append(fs, f.Function)
	}
	return strings.Join(fs, " ")
}

func TestCheckDoubleLockReportsThenBlocks(t *testing.T) {
	rec := lockrttest.Record(t)
	var mu lockrt.Mutex
	mu.SetName("store")
	locked := make(chan struct{})
	g := done(func() {
		mu.Lock()
		close(locked)
		mu.Lock() // reported, then blocks as sync.Mutex would
		mu.Unlock()
	})
	r, ok := rec.Await(lockrt.DoubleLock, long)
	require.True(t, ok, "no report")
	assert.Equal(t, "store is already locked by this goroutine; locking it again blocks forever", r.Message)
	require.Len(t, r.Stacks, 2)
	assert.Equal(t, "first acquired at", r.Stacks[0].Label)
	assert.Equal(t, "acquired again at", r.Stacks[1].Label)
	for _, s := range r.Stacks {
		require.NotEmpty(t, s.Frames)
		assert.Contains(t, s.Frames[0].Function, "TestCheckDoubleLockReportsThenBlocks", "stacks start in the caller")
		assert.True(t, strings.HasSuffix(s.Frames[0].File, "check_test.go"))
	}
	assert.Equal(t, r.Stacks[0].Frames[0].Line+2, r.Stacks[1].Frames[0].Line)
	<-locked
	blocks(t, g, "second Lock")
	mu.Unlock() // from another goroutine, which Go allows
	finishes(t, g, "second Lock after Unlock")
	assert.Len(t, rec.Reports(), 1)
}

func TestCheckDoubleLockVariants(t *testing.T) {
	rec := lockrttest.Record(t)
	var (
		mu lockrt.Mutex
		rw lockrt.RWMutex
	)
	mu.Lock()
	assert.False(t, mu.LockTimeout(short))
	assert.False(t, mu.TryLock(), "TryLock cannot deadlock: not reported")
	mu.Unlock()
	assert.Equal(t, []lockrt.Kind{lockrt.DoubleLock}, rec.Kinds(), "LockTimeout")

	rec.Reset()
	rw.Lock()
	assert.False(t, rw.RLockTimeout(short))
	assert.False(t, rw.LockTimeout(short))
	rw.Unlock()
	rw.RLock()
	assert.False(t, rw.LockTimeout(short))
	rw.RUnlock()
	// (The writer that gave up still counts as waiting until it gets the
	// lock and drops it, holding back new readers meanwhile: use another
	// RWMutex for the recursive read lock.)
	var rw2 lockrt.RWMutex
	rw2.RLock()
	rw2.RLock()
	rw2.RUnlock()
	rw2.RUnlock()
	assert.Equal(t, []lockrt.Kind{lockrt.DoubleLock, lockrt.DoubleLock, lockrt.DoubleLock, lockrt.RecursiveRLock}, rec.Kinds())
	assert.Contains(t, rec.Reports()[2].Message, "is already read-locked by this goroutine; locking it again")
}

func TestCheckNoDoubleLockOnCorrectUse(t *testing.T) {
	lockrttest.FailOnReport(t)
	var (
		mu lockrt.Mutex
		rw lockrt.RWMutex
		r  lockrt.ReentrantMutex
	)
	mu.Lock()
	mu.Unlock()
	mu.Lock()
	mu.Unlock()
	r.Lock()
	r.Lock()
	require.True(t, r.TryLock())
	r.Unlock()
	r.Unlock()
	r.Unlock()
	rw.RLock()
	finishes(t, done(func() { rw.RLock(); rw.RUnlock() }), "reader in another goroutine")
	rw.RUnlock()
	rw.Lock()
	rw.Unlock()

	// Unlocked by another goroutine: the first goroutine no longer holds
	// it, so locking it again is fine.
	mu.Lock()
	finishes(t, done(mu.Unlock), "Unlock elsewhere")
	mu.Lock()
	mu.Unlock()
}

func TestCheckLockOrderCycle(t *testing.T) {
	lockrt.ResetLockOrder()
	rec := lockrttest.Record(t)
	var a, b lockrt.Mutex
	a.SetName("A")
	b.SetName("B")
	a.Lock()
	b.Lock()
	b.Unlock()
	a.Unlock()
	assert.Empty(t, rec.Reports())

	// The reverse order, later and in another goroutine: no deadlock
	// happens, but the cycle is reported.
	<-done(func() {
		b.Lock()
		a.Lock()
		a.Unlock()
		b.Unlock()
	})
	require.Equal(t, []lockrt.Kind{lockrt.LockOrder}, rec.Kinds())
	r := rec.Reports()[0]
	assert.Equal(t, "B → A → B: these locks are taken in inconsistent orders and can deadlock", r.Message)
	require.Len(t, r.Stacks, 2)
	assert.Equal(t, "A acquired while holding B, first at", r.Stacks[0].Label)
	assert.Equal(t, "B acquired while holding A, first at", r.Stacks[1].Label)
	assert.Contains(t, functions(r.Stacks[0]), "TestCheckLockOrderCycle.func1")
	assert.NotContains(t, functions(r.Stacks[1]), "func1")

	// Each edge is new once: the cycle is not reported again.
	b.Lock()
	a.Lock()
	a.Unlock()
	b.Unlock()
	assert.Len(t, rec.Reports(), 1)
}

func TestCheckLockOrderLongCycle(t *testing.T) {
	lockrt.ResetLockOrder()
	rec := lockrttest.Record(t)
	var x, y, z lockrt.Mutex
	var rw lockrt.RWMutex
	var r lockrt.ReentrantMutex
	x.SetName("X")
	y.SetName("Y")
	z.SetName("Z")
	rw.SetName("RW")
	r.SetName("R")
	pair := func(first, second sync.Locker) {
		first.Lock()
		second.Lock()
		second.Unlock()
		first.Unlock()
	}
	pair(&x, &y)
	pair(&y, rw.RLocker())
	pair(rw.RLocker(), &r)
	pair(&r, &z)
	assert.Empty(t, rec.Reports())
	pair(&z, &x)
	require.Equal(t, []lockrt.Kind{lockrt.LockOrder}, rec.Kinds())
	assert.True(t, strings.HasPrefix(rec.Reports()[0].Message, "Z → X → Y → RW → R → Z:"), rec.Reports()[0].Message)
	assert.Len(t, rec.Reports()[0].Stacks, 5)
}

func TestCheckLockOrderSiteClasses(t *testing.T) {
	lockrt.ResetLockOrder()
	rec := lockrttest.Record(t)
	var a, b lockrt.Mutex
	a.Lock() // class: this line
	b.Lock() // class: this line
	b.Unlock()
	a.Unlock()
	b.Lock()
	a.Lock()
	a.Unlock()
	b.Unlock()
	require.Equal(t, []lockrt.Kind{lockrt.LockOrder}, rec.Kinds())
	msg := rec.Reports()[0].Message
	assert.Regexp(t, `^Mutex@check_test.go:\d+ → Mutex@check_test.go:\d+ → Mutex@check_test.go:\d+:`, msg)
}

func TestCheckNoLockOrderOnCorrectUse(t *testing.T) {
	lockrt.ResetLockOrder()
	lockrttest.FailOnReport(t)
	var a, b lockrt.Mutex
	a.SetName("A2")
	b.SetName("B2")
	for range 3 {
		a.Lock()
		b.Lock()
		b.Unlock()
		a.Unlock()
	}

	// Locks of one class (first locked on the same line) in either order:
	// ignored, as the class cannot tell the orders apart.
	accounts := make([]lockrt.Mutex, 2)
	for i := range accounts {
		accounts[i].Lock()
		accounts[i].Unlock()
	}
	for _, ord := range [][2]int{{0, 1}, {1, 0}} {
		accounts[ord[0]].Lock()
		accounts[ord[1]].Lock()
		accounts[ord[1]].Unlock()
		accounts[ord[0]].Unlock()
	}

	// TryLock cannot block, so it adds no edge: B2 then A2 by TryLock, and
	// A2 then B2, is no cycle.
	var c, d lockrt.Mutex
	c.SetName("C2")
	d.SetName("D2")
	c.Lock()
	require.True(t, d.TryLock())
	d.Unlock()
	c.Unlock()
	d.Lock()
	c.Lock()
	c.Unlock()
	d.Unlock()

	// A lock released by another goroutine is no longer held by the first:
	// E2 is not held when F2 is locked, so F2 → E2 closes no cycle.
	var e, f lockrt.Mutex
	e.SetName("E2")
	f.SetName("F2")
	e.Lock()
	<-done(e.Unlock)
	f.Lock()
	f.Unlock()
	f.Lock()
	e.Lock()
	e.Unlock()
	f.Unlock()
}

func TestCheckUnlockUnlocked(t *testing.T) {
	rec := lockrttest.Record(t)
	var (
		mu lockrt.Mutex
		rw lockrt.RWMutex
	)
	mu.Unlock() // sync would throw; checking reports and returns
	mu.Lock()
	mu.Unlock()
	mu.Unlock()
	rw.RUnlock()
	rw.RLock()
	rw.Unlock() // read-locked, not write-locked
	rw.RUnlock()
	rw.Lock()
	rw.RUnlock() // write-locked, not read-locked
	rw.Unlock()
	kinds := rec.Kinds()
	require.Len(t, kinds, 5)
	for _, k := range kinds {
		assert.Equal(t, lockrt.UnlockUnlocked, k)
	}
	msgs := rec.Reports()
	assert.True(t, strings.HasPrefix(msgs[0].Message, "Unlock of lock unlocked at"), msgs[0].Message)
	assert.Regexp(t, `^Unlock of Mutex@check_test.go:\d+, which is not locked$`, msgs[1].Message)
	assert.Contains(t, msgs[2].Message, "RUnlock of lock")
	assert.Contains(t, msgs[3].Message, "which is not locked")
	assert.Contains(t, msgs[4].Message, "which is not read-locked")
	// The locks still work.
	require.True(t, mu.TryLock())
	mu.Unlock()
	require.True(t, rw.TryLock())
	rw.Unlock()
}

func TestCheckLostWakeup(t *testing.T) {
	rec := lockrttest.Record(t)
	var mu lockrt.Mutex
	c := lockrt.NewCond(&mu)
	mu.Lock()
	c.Signal() // nobody waits: the wakeup is lost
	mu.Unlock()

	mu.Lock()
	assert.False(t, c.WaitTimeout(short))
	mu.Unlock()
	require.Equal(t, []lockrt.Kind{lockrt.LostWakeup}, rec.Kinds())
	r := rec.Reports()[0]
	require.Len(t, r.Stacks, 2)
	assert.Equal(t, "signalled with no waiter at", r.Stacks[0].Label)
	assert.Contains(t, r.Stacks[0].Frames[0].Function, "TestCheckLostWakeup")
	assert.Equal(t, r.Stacks[0].Frames[0].Line+4, r.Stacks[1].Frames[0].Line)

	// Reported once; WaitFor checks its predicate first, so an earlier
	// signal is not lost to it.
	rec.Reset()
	mu.Lock()
	assert.False(t, c.WaitTimeout(time.Millisecond))
	c.Broadcast()
	c.WaitFor(func() bool { return true })
	assert.False(t, c.WaitTimeout(time.Millisecond))
	mu.Unlock()
	assert.Empty(t, rec.Reports())
}

func TestCheckWaitNotHeld(t *testing.T) {
	rec := lockrttest.Record(t)
	for name, l := range map[string]sync.Locker{
		"Mutex":          new(lockrt.Mutex),
		"RWMutex":        new(lockrt.RWMutex),
		"RLocker":        new(lockrt.RWMutex).RLocker(),
		"ReentrantMutex": new(lockrt.ReentrantMutex),
	} {
		rec.Reset()
		c := lockrt.NewCond(l)
		assert.PanicsWithValue(t, "lockrt: Cond.Wait without holding c.L", c.Wait, name)
		assert.Equal(t, []lockrt.Kind{lockrt.WaitNotHeld}, rec.Kinds(), name)
		// Held: no report.
		rec.Reset()
		l.Lock()
		assert.False(t, c.WaitTimeout(time.Millisecond), name)
		l.Unlock()
		assert.Empty(t, rec.Reports(), name)
	}

	// A ReentrantMutex held by another goroutine is not held by the waiter.
	var r lockrt.ReentrantMutex
	c := lockrt.NewCond(&r)
	r.Lock()
	<-done(func() { assert.Panics(t, c.Wait) })
	r.Unlock()

	// Other Lockers are not checked.
	rec.Reset()
	var smu sync.Mutex
	sc := lockrt.NewCond(&smu)
	smu.Lock()
	sc.WaitTimeout(time.Millisecond)
	smu.Unlock()
	assert.Empty(t, rec.Reports())
}

func TestCheckReportString(t *testing.T) {
	rec := lockrttest.Record(t)
	var mu lockrt.Mutex
	mu.SetName("m")
	mu.Lock()
	mu.LockTimeout(0)
	mu.Unlock()
	require.Len(t, rec.Reports(), 1)
	s := rec.Reports()[0].String()
	lines := strings.Split(s, "\n")
	assert.Equal(t, "lockrt: double lock: m is already locked by this goroutine; locking it again blocks forever", lines[0])
	assert.Equal(t, "  first acquired at:", lines[1])
	assert.Contains(t, lines[2], "TestCheckReportString")
	assert.Regexp(t, `^        .*check_test.go:\d+$`, lines[3])
}
