// Package returns_held shows functions that return, still locked, the
// lock they took (or the object holding it): ownership passes to the
// caller, which unlocks it ("don't unlock: yield ownership to the
// caller"). lockRow returns the row it locked, or nil after unlocking a
// deleted one; lockFor picks one of two mutexes, locks it and returns
// it, unless the connection is closed; waitResponse (kafka-go's) loops
// until the response is its own and leaves the loop holding c.rmu with
// the named result lock = &c.rmu, or after unlocking with lock nil.
// None is a leak. leakRow is
// the near miss: it returns the row's index, not the row, so the lock
// left held on that path is lost.
package returns_held

import "sync"

type row struct {
	mu      sync.Mutex
	deleted bool
	val     int
}

type Table struct {
	rows []*row
}

func (t *Table) lockRow(i int) *row {
	r := t.rows[i]
	r.mu.Lock()
	if r.deleted {
		r.mu.Unlock()
		return nil
	}
	return r // the caller unlocks
}

func (t *Table) Get(i int) (int, bool) {
	r := t.lockRow(i)
	if r == nil {
		return 0, false
	}
	v := r.val
	r.mu.Unlock()
	return v, true
}

type Conn struct {
	rmu, wmu sync.Mutex
	closed   bool
}

func (c *Conn) lockFor(write bool) (lock *sync.Mutex) {
	if write {
		lock = &c.wmu
	} else {
		lock = &c.rmu
	}
	lock.Lock()
	if c.closed {
		lock.Unlock()
		return nil
	}
	return // don't unlock: yield ownership to the caller
}

func (c *Conn) Write() bool {
	l := c.lockFor(true)
	if l == nil {
		return false
	}
	l.Unlock()
	return true
}

func (c *Conn) waitResponse(id int, next func() (int, error)) (lock *sync.Mutex, err error) {
	for {
		c.rmu.Lock()
		var rid int
		rid, err = next()
		if err != nil {
			c.rmu.Unlock()
			break
		}
		if rid == id {
			lock = &c.rmu
			// Don't unlock the read mutex to yield ownership to the caller.
			break
		}
		c.rmu.Unlock()
	}
	return
}

func (c *Conn) Read(id int, next func() (int, error)) error {
	lock, err := c.waitResponse(id, next)
	if err != nil {
		return err
	}
	lock.Unlock()
	return nil
}

func (t *Table) leakRow(i int) int {
	r := t.rows[i]
	r.mu.Lock()
	if r.deleted {
		r.mu.Unlock()
		return -1
	}
	return i // want `r\.mu is still locked after this return, but other paths unlock it`
}
