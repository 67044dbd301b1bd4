// Package rlocker_alias shows the read side of an RWMutex under another
// name: a table that keeps t.mu.RLocker() in a field to hand out, and
// reads under it; Resolve takes the write lock while still holding the
// read lock through t.rl and blocks forever (an RWMutex cannot be
// upgraded). Routes takes and releases the read lock through the field
// and then writes, which is fine. A Cond built on the RLocker locks its
// RWMutex for reading: Refresh write-locks q.mu while q.cond.L holds it
// for reading.
package rlocker_alias

import "sync"

type Table struct {
	mu     sync.RWMutex
	rl     sync.Locker
	routes map[string]string
}

func NewTable() *Table {
	t := &Table{routes: map[string]string{}}
	t.rl = t.mu.RLocker()
	return t
}

func (t *Table) Resolve(host string) string {
	t.rl.Lock()
	defer t.rl.Unlock()
	if b, ok := t.routes[host]; ok {
		return b
	}
	t.mu.Lock() // want `^t\.mu is read-locked by this goroutine; Lock waits for every reader, this one included, and blocks forever: RUnlock first \(an RWMutex cannot be upgraded\)$`
	t.routes[host] = "default"
	t.mu.Unlock()
	return "default"
}

func (t *Table) Routes() int {
	t.rl.Lock()
	n := len(t.routes)
	t.rl.Unlock()
	t.mu.Lock()
	t.routes = map[string]string{}
	t.mu.Unlock()
	return n
}

type Queue struct {
	mu    sync.RWMutex
	cond  *sync.Cond
	ready bool
}

func NewQueue() *Queue {
	q := &Queue{}
	q.cond = sync.NewCond(q.mu.RLocker())
	return q
}

func (q *Queue) Refresh() {
	q.cond.L.Lock()
	defer q.cond.L.Unlock()
	q.mu.Lock() // want `^q\.mu is read-locked by this goroutine; Lock waits for every reader, this one included, and blocks forever: RUnlock first \(an RWMutex cannot be upgraded\)$`
	q.ready = true
	q.mu.Unlock()
}

func (q *Queue) Wait() {
	q.cond.L.Lock()
	for !q.ready {
		q.cond.Wait()
	}
	q.cond.L.Unlock()
}
