package runtime

import (
	"context"
	"sync"
	"time"
)

// A Mutex is a mutual exclusion lock, like sync.Mutex (and Python's
// threading.Lock). The zero value is an unlocked mutex. A Mutex must not be
// copied after first use.
//
// It is not reentrant: a goroutine that locks a Mutex it holds blocks
// forever (with checking on, this is reported first, see DoubleLock). As
// with sync.Mutex, a Mutex is not tied to a goroutine: one goroutine may
// lock it and another unlock it.
type Mutex struct {
	chk lockCheck // first, so that it adds no padding when empty
	mu  sync.Mutex
}

// Lock locks m, waiting until it is available.
func (m *Mutex) Lock() {
	if checking {
		var a acquisition
		beforeAcquire(&a, &m.chk, kindMutex, modeWrite, blocking)
		m.mu.Lock()
		a.commit(modeWrite)
		return
	}
	m.mu.Lock()
}

// Unlock unlocks m. Unlocking a Mutex that is not locked is a run-time
// error, as for sync.Mutex; with checking on it is reported instead
// (UnlockUnlocked) and Unlock does nothing.
func (m *Mutex) Unlock() {
	if checking && !release(&m.chk, modeWrite) {
		return
	}
	m.mu.Unlock()
}

// TryLock locks m if it is free and reports whether it did.
func (m *Mutex) TryLock() bool {
	if checking {
		var a acquisition
		beforeAcquire(&a, &m.chk, kindMutex, modeWrite, trying)
		if !m.mu.TryLock() {
			a.abort()
			return false
		}
		a.commit(modeWrite)
		return true
	}
	return m.mu.TryLock()
}

// LockTimeout locks m, waiting at most d, and reports whether it did. A
// d <= 0 tries once, like TryLock.
func (m *Mutex) LockTimeout(d time.Duration) bool {
	if checking {
		var a acquisition
		beforeAcquire(&a, &m.chk, kindMutex, modeWrite, blocking)
		if !lockTimeout(&m.mu, d) {
			a.abort()
			return false
		}
		a.commit(modeWrite)
		return true
	}
	return lockTimeout(&m.mu, d)
}

// LockContext locks m unless ctx is done first, in which case it returns
// ctx.Err() and m is not locked. A ctx that is already done fails at once.
func (m *Mutex) LockContext(ctx context.Context) error {
	if checking {
		var a acquisition
		beforeAcquire(&a, &m.chk, kindMutex, modeWrite, blocking)
		if err := lockContext(&m.mu, ctx); err != nil {
			a.abort()
			return err
		}
		a.commit(modeWrite)
		return nil
	}
	return lockContext(&m.mu, ctx)
}

// SetName puts m in the lock class called name, so that checking reports
// name it and the lock-order graph treats every lock with that name as one
// class. Without a name, the class is the call site of m's first
// acquisition. Call it before m is first used. Without checking it does
// nothing.
func (m *Mutex) SetName(name string) {
	if checking {
		setName(&m.chk, kindMutex, name)
	}
}
