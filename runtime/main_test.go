package runtime_test

import (
	"fmt"
	"os"
	"sync/atomic"
	"testing"
	"time"

	lockrt "github.com/locklint/locklint/runtime"
)

// unexpected counts reports that no test asked for: with -tags lockcheck,
// correct use of every primitive across the whole suite must report
// nothing. Tests that provoke reports install their own handler
// (lockrttest.Record), which takes precedence while they run.
var unexpected atomic.Int32

func TestMain(m *testing.M) {
	lockrt.SetHandler(func(r lockrt.Report) {
		unexpected.Add(1)
		fmt.Fprintf(os.Stderr, "unexpected report:\n%s", r)
	})
	code := m.Run()
	if n := unexpected.Load(); n > 0 {
		fmt.Fprintf(os.Stderr, "FAIL: %d unexpected lockrt reports\n", n)
		code = 1
	}
	os.Exit(code)
}

// Durations used throughout the tests: short is how long something that
// must not happen is given to happen (or a timeout that must expire), and
// long bounds how long something that must happen may take.
const (
	short = 20 * time.Millisecond
	long  = 2 * time.Second
)

// done runs f in a goroutine and returns a channel closed when it returns.
func done(f func()) <-chan struct{} {
	c := make(chan struct{})
	go func() {
		defer close(c)
		f()
	}()
	return c
}

// finishes fails t unless c is closed within long.
func finishes(t *testing.T, c <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-c:
	case <-time.After(long):
		t.Fatalf("%s: still blocked after %v", what, long)
	}
}

// blocks fails t if c is closed within short.
func blocks(t *testing.T, c <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-c:
		t.Fatalf("%s: returned, want it blocked", what)
	case <-time.After(short):
	}
}
