// Package held_flag_local shows a write lock taken on some paths only,
// with a local boolean recording whether it is held (a shape of metrics
// and cache code in released modules, e.g. etcd's
// (*baseReadTx).UnsafeRange). In SSA the flag is a phi of constants; the
// engine tags it with the value it takes on each incoming edge, so the
// branches on it follow the lock state that set it. Bump and Lookup are
// correct on every path and get no report. Inverted shows the near miss:
// the flag tested the wrong way round unlocks a lock only released (read
// side) before, and Relock takes the lock again when the flag says it is
// already held.
package held_flag_local

import "sync"

type Table struct {
	mu      sync.RWMutex
	entries map[string]*int
}

func (t *Table) fillLocked(key string) *int {
	if len(t.entries) > 100 {
		return nil
	}
	n := new(int)
	t.entries[key] = n
	return n
}

// Bump increments key's counter, creating it under the write lock.
func (t *Table) Bump(key string) bool {
	t.mu.RLock()
	n, ok := t.entries[key]
	t.mu.RUnlock()
	locked := false
	if !ok {
		t.mu.Lock()
		locked = true
		n = t.fillLocked(key)
	}
	if n != nil {
		*n++
	}
	if locked {
		t.mu.Unlock()
	}
	return n != nil
}

// Lookup returns key's counter, creating it if there is room; the flag
// is tested on two exits, and the found path takes the lock late.
func (t *Table) Lookup(key string) *int {
	t.mu.RLock()
	n, ok := t.entries[key]
	t.mu.RUnlock()
	lockHeld := false
	if !ok {
		t.mu.Lock()
		lockHeld = true
		n = t.fillLocked(key)
	}
	if n == nil {
		if lockHeld {
			t.mu.Unlock()
		}
		return nil
	}
	if !lockHeld {
		t.mu.Lock()
	}
	*n = 0
	t.mu.Unlock()
	return n
}

// Inverted tests the flag the wrong way round.
func (t *Table) Inverted(key string) {
	t.mu.RLock()
	_, ok := t.entries[key]
	t.mu.RUnlock()
	held := false
	if !ok {
		t.mu.Lock()
		held = true
		t.fillLocked(key)
	}
	if !held {
		t.mu.Unlock() // want `t.mu is not locked here \(it was already unlocked on this path\): unlocking it again is a fatal error at run time; remove one of the two unlocks`
	}
}
