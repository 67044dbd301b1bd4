package runtime

import (
	"fmt"
	"os"
	"path/filepath"
	goruntime "runtime"
	"slices"
	"strings"
	"sync/atomic"
)

// Kind classifies a Report.
type Kind uint8

// The kinds of misuse that checking reports.
const (
	// DoubleLock: a goroutine acquires a non-reentrant lock it already
	// holds (Lock after Lock, RLock after Lock, Lock after RLock). Without
	// checking the goroutine would block forever.
	DoubleLock Kind = iota + 1
	// RecursiveRLock: a goroutine read-locks an RWMutex it already
	// read-locks. It deadlocks if a writer calls Lock in between, so the
	// sync documentation forbids it.
	RecursiveRLock
	// LockOrder: the lock-order graph has a cycle. Locks of these classes
	// are taken in orders that can deadlock, even if no deadlock happened.
	LockOrder
	// UnlockUnlocked: Unlock or RUnlock of a lock that is not locked (in
	// that mode).
	UnlockUnlocked
	// UnlockNotOwner: a ReentrantMutex is unlocked by a goroutine that
	// does not hold it.
	UnlockNotOwner
	// LostWakeup: a Cond was signalled while nobody waited, and later a
	// Wait without a predicate began; the signal it may be waiting for is
	// already gone.
	LostWakeup
	// WaitNotHeld: Cond.Wait was called without holding the Cond's lock.
	WaitNotHeld
	// OverRelease: a BoundedSemaphore was released more times than it was
	// acquired.
	OverRelease
)

var kindNames = [...]string{
	DoubleLock:     "double lock",
	RecursiveRLock: "recursive read lock",
	LockOrder:      "lock order cycle",
	UnlockUnlocked: "unlock of unlocked lock",
	UnlockNotOwner: "unlock by non-owner",
	LostWakeup:     "lost wakeup",
	WaitNotHeld:    "wait without lock",
	OverRelease:    "over-release",
}

// String returns the kind's name, such as "double lock".
func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// A Report describes one misuse found by checking.
type Report struct {
	Kind    Kind
	Message string
	// Stacks are the relevant call stacks, each labelled: for a double
	// lock, where the lock was acquired and where it is acquired again;
	// for a lock order cycle, where each edge of the cycle was first
	// seen.
	Stacks []Stack
}

// A Stack is a labelled call stack, innermost frame first, without the
// frames of this package.
type Stack struct {
	Label  string
	Frames []Frame
}

// A Frame is one function call in a Stack.
type Frame struct {
	Function string
	File     string
	Line     int
}

// String formats the report over several lines:
//
//	lockrt: double lock: Mutex locked at main.go:12 is already held by this goroutine
//	  acquired at:
//	    main.task1
//	        /src/main.go:12
//	  ...
func (r Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "lockrt: %s: %s\n", r.Kind, r.Message)
	for _, s := range r.Stacks {
		fmt.Fprintf(&b, "  %s:\n", s.Label)
		for _, f := range s.Frames {
			fmt.Fprintf(&b, "    %s\n        %s:%d\n", f.Function, f.File, f.Line)
		}
	}
	return b.String()
}

var handler atomic.Pointer[func(Report)]

// SetHandler sets the function that receives reports and returns the
// previous one; nil restores the default, which writes Report.String to
// standard error. The handler runs synchronously on the goroutine that
// misused the primitive, before it blocks (for a double lock) or panics
// (for an over-release), and may be called from several goroutines at once.
// A handler may stop the offending goroutine by panicking or by calling
// runtime.Goexit (its deferred calls, such as Unlocks, then run).
//
// Reports exist only when the package is built with the lockcheck tag;
// otherwise the handler is stored but never called.
func SetHandler(h func(Report)) (prev func(Report)) {
	var p *func(Report)
	if h != nil {
		p = &h
	}
	if old := handler.Swap(p); old != nil {
		return *old
	}
	return nil
}

func defaultHandler(r Report) {
	fmt.Fprint(os.Stderr, r.String())
}

// deliver hands r to the current handler.
func deliver(r Report) {
	if h := handler.Load(); h != nil {
		(*h)(r)
		return
	}
	defaultHandler(r)
}

// pkgDir is the directory of this package's sources, as recorded in the
// binary (it honours -trimpath).
var pkgDir = func() string {
	_, file, _, _ := goruntime.Caller(0)
	return filepath.Dir(file)
}()

// internal reports whether f belongs to this package's implementation (and
// not to its tests or examples), so that stacks start in the user's code.
func internal(f goruntime.Frame) bool {
	return filepath.Dir(f.File) == pkgDir && !strings.HasSuffix(f.File, "_test.go")
}

// symbolize turns captured return addresses into frames, dropping the
// leading frames of this package and the runtime's goroutine entry.
func symbolize(pcs []uintptr) []Frame {
	var out []Frame
	// CallersFrames keeps its argument: pass a copy, so that the callers'
	// stacks (captured on every acquisition) stay off the heap.
	frames := goruntime.CallersFrames(slices.Clone(pcs))
	leading := true
	for {
		f, more := frames.Next()
		if f.PC != 0 && !(leading && internal(f)) && f.Function != "runtime.goexit" {
			leading = false
			out = append(out, Frame{Function: f.Function, File: f.File, Line: f.Line})
		}
		if !more {
			break
		}
	}
	return out
}

// site returns the first frame of pcs outside this package: the call site
// that names a lock class.
func site(pcs []uintptr) Frame {
	if fs := symbolize(pcs); len(fs) > 0 {
		return fs[0]
	}
	return Frame{Function: "?", File: "?"}
}

// stackOf builds a labelled Stack.
func stackOf(label string, s *pcStack) Stack {
	return Stack{Label: label, Frames: symbolize(s.slice())}
}
