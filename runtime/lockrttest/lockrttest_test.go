//go:build lockcheck

package lockrttest_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	lockrt "github.com/locklint/locklint/runtime"
	"github.com/locklint/locklint/runtime/lockrttest"
)

// fakeTB records Errorf calls and runs cleanups on demand.
type fakeTB struct {
	testing.TB
	errors   []string
	cleanups []func()
}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Errorf(format string, args ...any) {
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}
func (f *fakeTB) Cleanup(fn func()) { f.cleanups = append(f.cleanups, fn) }
func (f *fakeTB) finish() {
	for i := len(f.cleanups) - 1; i >= 0; i-- {
		f.cleanups[i]()
	}
}

func unlockUnlocked() {
	var mu lockrt.Mutex
	mu.Unlock()
}

func TestFailOnReport(t *testing.T) {
	rec := lockrttest.Record(t)
	tb := &fakeTB{TB: t}
	lockrttest.FailOnReport(tb)
	unlockUnlocked()
	require.Len(t, tb.errors, 1)
	assert.Contains(t, tb.errors[0], "lockrt: unlock of unlocked lock: Unlock of lock unlocked at")
	assert.Empty(t, rec.Reports(), "FailOnReport replaced the recorder")

	tb.finish()
	unlockUnlocked()
	assert.Len(t, tb.errors, 1, "the previous handler is back")
	assert.Equal(t, []lockrt.Kind{lockrt.UnlockUnlocked}, rec.Kinds())
}

func TestRecorderAwait(t *testing.T) {
	rec := lockrttest.Record(t)
	_, ok := rec.Await(lockrt.UnlockUnlocked, time.Millisecond)
	assert.False(t, ok)
	go func() {
		time.Sleep(10 * time.Millisecond)
		unlockUnlocked()
	}()
	r, ok := rec.Await(lockrt.UnlockUnlocked, 2*time.Second)
	require.True(t, ok)
	assert.Equal(t, lockrt.UnlockUnlocked, r.Kind)
	rec.Reset()
	assert.Empty(t, rec.Reports())
}
