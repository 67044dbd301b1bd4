package runtime

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// A ReentrantMutex is a mutual exclusion lock that the goroutine holding it
// may lock again, like Python's threading.RLock. Each Lock needs its own
// Unlock; the lock is free once the holder has unlocked it as many times as
// it locked it. The zero value is an unlocked mutex. A ReentrantMutex must
// not be copied after first use.
//
// Unlike Mutex, a ReentrantMutex belongs to the goroutine that locked it:
// Unlock by any other goroutine panics (Python raises RuntimeError), with or
// without checking; with checking on it is also reported (UnlockNotOwner,
// or UnlockUnlocked if nobody holds it).
//
// Ownership uses a goroutine identity (see the package documentation for
// its cost). Lock by the holder costs a few nanoseconds more than
// Mutex.Lock; the first Lock costs about that of Mutex.Lock plus two atomic
// operations.
type ReentrantMutex struct {
	chk   lockCheck
	mu    sync.Mutex
	owner atomic.Uintptr // goid of the holder, 0 if free
	depth int32          // number of Locks not yet unlocked; the holder's
}

// Lock locks r, waiting until it is free unless the calling goroutine
// already holds it.
func (r *ReentrantMutex) Lock() {
	g := goid()
	if r.owner.Load() == g {
		r.depth++
		return
	}
	if checking {
		var a acquisition
		beforeAcquire(&a, &r.chk, kindReentrant, modeWrite, blocking)
		r.mu.Lock()
		r.take(g)
		a.commit(modeWrite)
		return
	}
	r.mu.Lock()
	r.take(g)
}

func (r *ReentrantMutex) take(g uintptr) {
	r.owner.Store(g)
	r.depth = 1
}

// TryLock locks r if it is free or already held by the calling goroutine,
// and reports whether it did.
func (r *ReentrantMutex) TryLock() bool {
	return r.lockFunc(func(l *sync.Mutex) bool { return l.TryLock() }, trying) == nil
}

// LockTimeout locks r, waiting at most d unless the calling goroutine
// already holds it, and reports whether it did. A d <= 0 tries once.
func (r *ReentrantMutex) LockTimeout(d time.Duration) bool {
	return r.lockFunc(func(l *sync.Mutex) bool { return lockTimeout(l, d) }, blocking) == nil
}

// LockContext locks r unless ctx is done first, in which case it returns
// ctx.Err(). The holder re-enters at once even if ctx is done.
func (r *ReentrantMutex) LockContext(ctx context.Context) error {
	var err error
	r.lockFunc(func(l *sync.Mutex) bool {
		err = lockContext(l, ctx)
		return err == nil
	}, blocking)
	return err
}

var errNotLocked = errors.New("not locked")

// lockFunc is the slow path of TryLock, LockTimeout and LockContext: lock
// acquires r.mu or gives up.
func (r *ReentrantMutex) lockFunc(lock func(*sync.Mutex) bool, h how) error {
	g := goid()
	if r.owner.Load() == g {
		r.depth++
		return nil
	}
	if checking {
		var a acquisition
		beforeAcquire(&a, &r.chk, kindReentrant, modeWrite, h)
		if !lock(&r.mu) {
			a.abort()
			return errNotLocked
		}
		r.take(g)
		a.commit(modeWrite)
		return nil
	}
	if !lock(&r.mu) {
		return errNotLocked
	}
	r.take(g)
	return nil
}

// Unlock undoes one Lock by the calling goroutine. It panics if the calling
// goroutine does not hold r.
func (r *ReentrantMutex) Unlock() {
	g := goid()
	if owner := r.owner.Load(); owner != g {
		r.unlockNotOwned(owner)
	}
	r.depth--
	if r.depth > 0 {
		return
	}
	if checking {
		release(&r.chk, modeWrite)
	}
	r.owner.Store(0)
	r.mu.Unlock()
}

func (r *ReentrantMutex) unlockNotOwned(owner uintptr) {
	kind, what := UnlockNotOwner, "by a goroutine that does not hold it"
	if owner == 0 {
		kind, what = UnlockUnlocked, "which is not locked"
	}
	if checking {
		name := "ReentrantMutex"
		if st := r.chk.load(); st != nil {
			name = st.class.Load().String()
		}
		at := stackHere()
		deliver(Report{
			Kind:    kind,
			Message: fmt.Sprintf("Unlock of %s, %s", name, what),
			Stacks:  []Stack{stackOf("unlocked at", &at)},
		})
	}
	panic("lockrt: Unlock of ReentrantMutex " + what)
}

// SetName puts r in the lock class called name; see Mutex.SetName.
func (r *ReentrantMutex) SetName(name string) {
	if checking {
		setName(&r.chk, kindReentrant, name)
	}
}
