// Package cond_lock_alias shows one lock under two names: q.ready is
// built by sync.NewCond(&q.mu), so q.ready.L is q.mu. Pop locks through
// the Cond's L and unlocks q.mu by name, Push the other way round: no
// lock is left held and none is unlocked twice. Close unlocks q.mu and
// then q.ready.L, the same lock twice.
package cond_lock_alias

import "sync"

type Queue struct {
	mu     sync.Mutex
	ready  *sync.Cond
	items  []string
	closed bool
}

func NewQueue() *Queue {
	q := &Queue{}
	q.ready = sync.NewCond(&q.mu)
	return q
}

func (q *Queue) Pop() (string, bool) {
	q.ready.L.Lock()
	for len(q.items) == 0 && !q.closed {
		q.ready.Wait()
	}
	if q.closed {
		q.mu.Unlock()
		return "", false
	}
	it := q.items[0]
	q.items = q.items[1:]
	q.mu.Unlock()
	return it, true
}

func (q *Queue) Push(it string) {
	q.mu.Lock()
	q.items = append(q.items, it)
	q.ready.Signal()
	q.ready.L.Unlock()
}

func (q *Queue) Close() {
	q.mu.Lock()
	q.closed = true
	q.ready.Broadcast()
	q.mu.Unlock()
	q.ready.L.Unlock() // want `q\.ready\.L is not locked here \(it was already unlocked on this path\)`
}
