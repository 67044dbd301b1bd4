package runtime

import (
	"context"
	"sync"
	"time"
)

// An RWMutex is a reader/writer mutual exclusion lock, like sync.RWMutex:
// held by any number of readers or by one writer. The zero value is an
// unlocked mutex. An RWMutex must not be copied after first use.
//
// As for sync.RWMutex, a goroutine must not read-lock an RWMutex it already
// read-locks (it deadlocks if a writer is waiting in between); with
// checking on this is reported (RecursiveRLock), as are Lock and RLock by a
// goroutine that holds the write lock or Lock by one that holds a read lock
// (DoubleLock).
type RWMutex struct {
	chk lockCheck
	rw  sync.RWMutex
}

// Lock locks rw for writing, waiting until no reader or writer holds it.
func (rw *RWMutex) Lock() {
	if checking {
		var a acquisition
		beforeAcquire(&a, &rw.chk, kindRWMutex, modeWrite, blocking)
		rw.rw.Lock()
		a.commit(modeWrite)
		return
	}
	rw.rw.Lock()
}

// Unlock unlocks rw for writing. Unlocking an RWMutex that is not locked
// for writing is a run-time error, as for sync.RWMutex; with checking on it
// is reported (UnlockUnlocked) and Unlock does nothing.
func (rw *RWMutex) Unlock() {
	if checking && !release(&rw.chk, modeWrite) {
		return
	}
	rw.rw.Unlock()
}

// TryLock locks rw for writing if it is free and reports whether it did.
func (rw *RWMutex) TryLock() bool {
	if checking {
		var a acquisition
		beforeAcquire(&a, &rw.chk, kindRWMutex, modeWrite, trying)
		if !rw.rw.TryLock() {
			a.abort()
			return false
		}
		a.commit(modeWrite)
		return true
	}
	return rw.rw.TryLock()
}

// LockTimeout locks rw for writing, waiting at most d, and reports whether
// it did. A d <= 0 tries once.
//
// A writer that gives up keeps its place in the queue until it gets the
// lock, which it then releases at once (see the package documentation on
// costs): like any waiting writer, it holds back new readers meanwhile.
// The same holds for LockContext.
func (rw *RWMutex) LockTimeout(d time.Duration) bool {
	if checking {
		var a acquisition
		beforeAcquire(&a, &rw.chk, kindRWMutex, modeWrite, blocking)
		if !lockTimeout(&rw.rw, d) {
			a.abort()
			return false
		}
		a.commit(modeWrite)
		return true
	}
	return lockTimeout(&rw.rw, d)
}

// LockContext locks rw for writing unless ctx is done first, in which case
// it returns ctx.Err().
func (rw *RWMutex) LockContext(ctx context.Context) error {
	if checking {
		var a acquisition
		beforeAcquire(&a, &rw.chk, kindRWMutex, modeWrite, blocking)
		if err := lockContext(&rw.rw, ctx); err != nil {
			a.abort()
			return err
		}
		a.commit(modeWrite)
		return nil
	}
	return lockContext(&rw.rw, ctx)
}

// RLock locks rw for reading, waiting while a writer holds it or waits
// for it.
func (rw *RWMutex) RLock() {
	if checking {
		var a acquisition
		beforeAcquire(&a, &rw.chk, kindRWMutex, modeRead, blocking)
		rw.rw.RLock()
		a.commit(modeRead)
		return
	}
	rw.rw.RLock()
}

// RUnlock undoes one RLock. RUnlock of an RWMutex that is not read-locked
// is a run-time error; with checking on it is reported (UnlockUnlocked) and
// RUnlock does nothing.
func (rw *RWMutex) RUnlock() {
	if checking && !release(&rw.chk, modeRead) {
		return
	}
	rw.rw.RUnlock()
}

// TryRLock locks rw for reading if no writer holds it or waits for it, and
// reports whether it did.
func (rw *RWMutex) TryRLock() bool {
	if checking {
		var a acquisition
		beforeAcquire(&a, &rw.chk, kindRWMutex, modeRead, trying)
		if !rw.rw.TryRLock() {
			a.abort()
			return false
		}
		a.commit(modeRead)
		return true
	}
	return rw.rw.TryRLock()
}

// RLockTimeout locks rw for reading, waiting at most d, and reports
// whether it did. A d <= 0 tries once.
func (rw *RWMutex) RLockTimeout(d time.Duration) bool {
	if checking {
		var a acquisition
		beforeAcquire(&a, &rw.chk, kindRWMutex, modeRead, blocking)
		if !lockTimeout(readLocker{&rw.rw}, d) {
			a.abort()
			return false
		}
		a.commit(modeRead)
		return true
	}
	return lockTimeout(readLocker{&rw.rw}, d)
}

// RLockContext locks rw for reading unless ctx is done first, in which
// case it returns ctx.Err().
func (rw *RWMutex) RLockContext(ctx context.Context) error {
	if checking {
		var a acquisition
		beforeAcquire(&a, &rw.chk, kindRWMutex, modeRead, blocking)
		if err := lockContext(readLocker{&rw.rw}, ctx); err != nil {
			a.abort()
			return err
		}
		a.commit(modeRead)
		return nil
	}
	return lockContext(readLocker{&rw.rw}, ctx)
}

// RLocker returns a sync.Locker whose Lock and Unlock call rw.RLock and
// rw.RUnlock.
func (rw *RWMutex) RLocker() sync.Locker { return (*rlocker)(rw) }

type rlocker RWMutex

func (r *rlocker) Lock()   { (*RWMutex)(r).RLock() }
func (r *rlocker) Unlock() { (*RWMutex)(r).RUnlock() }

// SetName puts rw in the lock class called name; see Mutex.SetName.
func (rw *RWMutex) SetName(name string) {
	if checking {
		setName(&rw.chk, kindRWMutex, name)
	}
}
