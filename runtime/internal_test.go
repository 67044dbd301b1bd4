package runtime

import (
	goruntime "runtime"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGoidDistinctAndStable(t *testing.T) {
	const n = 32
	ids := make([]uintptr, n)
	var start, wg sync.WaitGroup
	start.Add(1)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := goid()
			start.Wait() // all alive at once
			assert.Equal(t, id, goid(), "stable within a goroutine")
			ids[i] = id
		}()
	}
	start.Done()
	wg.Wait()
	seen := map[uintptr]bool{goid(): true}
	for _, id := range ids {
		assert.NotZero(t, id)
		assert.False(t, seen[id], "two live goroutines share an id")
		seen[id] = true
	}
}

//go:noinline
func captureHere() pcStack {
	var s pcStack
	s.n = callers(s.pcs[:])
	return s
}

//go:noinline
func captureNested(depth int) pcStack {
	if depth == 0 {
		return captureHere()
	}
	return captureNested(depth - 1)
}

func TestCallers(t *testing.T) {
	s := captureNested(3)
	frames := goruntime.CallersFrames(s.slice())
	var fns []string
	for {
		f, more := frames.Next()
		fns = append(fns, f.Function[strings.LastIndex(f.Function, ".")+1:])
		if !more {
			break
		}
	}
	// The first frame is the caller of the function that called callers.
	require.GreaterOrEqual(t, len(fns), 5)
	assert.Equal(t, []string{"captureNested", "captureNested", "captureNested", "captureNested", "TestCallers"}, fns[:5])

	// Inside a goroutine the walk ends at its entry (symbolize drops
	// runtime.goexit).
	var g pcStack
	<-goDone(func() { g = captureNested(0) })
	fs := symbolize(g.slice())
	require.Len(t, fs, 3)
	assert.Contains(t, fs[1].Function, "TestCallers.func1")
	assert.Contains(t, fs[2].Function, "goDone.func1")
}

func goDone(f func()) <-chan struct{} {
	c := make(chan struct{})
	go func() { defer close(c); f() }()
	return c
}

func TestCallersFull(t *testing.T) {
	// A deep stack fills the buffer without overrunning it.
	var rec func(int) pcStack
	rec = func(d int) pcStack {
		if d == 0 {
			return captureHere()
		}
		return rec(d - 1)
	}
	s := rec(2 * stackDepth)
	assert.Equal(t, stackDepth, s.n)
}

func TestWaitq(t *testing.T) {
	var q waitq
	a, b, c := q.push(), q.push(), q.push()
	assert.Equal(t, 3, q.len())
	assert.True(t, q.leave(b))
	assert.False(t, q.leave(b), "twice")
	require.True(t, q.wake())
	assertClosed(t, a.ready)
	assert.False(t, q.leave(a), "woken")
	q.wakeAll()
	assertClosed(t, c.ready)
	assert.Equal(t, 0, q.len())
	assert.False(t, q.wake())
	select {
	case <-b.ready:
		t.Fatal("a waiter that left was woken")
	default:
	}
}

func assertClosed(t *testing.T, c chan struct{}) {
	t.Helper()
	select {
	case <-c:
	default:
		t.Fatal("waiter not woken")
	}
}

func TestKindString(t *testing.T) {
	for k := DoubleLock; k <= OverRelease; k++ {
		assert.NotContains(t, k.String(), "Kind(", k)
	}
	assert.Equal(t, "Kind(0)", Kind(0).String())
	assert.Equal(t, "Kind(99)", Kind(99).String())
}

func TestSetHandlerReturnsPrevious(t *testing.T) {
	var got []string
	h := func(r Report) { got = append(got, r.Message) }
	prev := SetHandler(h)
	defer SetHandler(prev)
	deliver(Report{Message: "x"})
	assert.Equal(t, []string{"x"}, got)
	back := SetHandler(nil)
	assert.NotNil(t, back)
	assert.Nil(t, SetHandler(prev))
}

func TestLockCheckAddsNoSize(t *testing.T) {
	if checking {
		t.Skip("checking adds a pointer")
	}
	assert.Equal(t, unsafe.Sizeof(sync.Mutex{}), unsafe.Sizeof(Mutex{}))
	assert.Equal(t, unsafe.Sizeof(sync.RWMutex{}), unsafe.Sizeof(RWMutex{}))
}
