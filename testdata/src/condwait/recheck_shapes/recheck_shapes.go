// Package recheck_shapes shows Waits that do re-check their condition in
// shapes found in released code, all silent: a loop whose condition is a
// local reloaded after each Wait (Drain); an endless worker loop that
// re-reads the state after waking and leaves on it (Run, the shape of
// nats-server's (*client).writeLoop); and a wrapper around Wait whose
// callers all loop on the condition (wait, called by Take and Len). The
// near miss: waitOnce is a wrapper too, but its caller, First, calls it
// under an if, not a loop, so its Wait is reported.
package recheck_shapes

import "sync"

type Queue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	items  []int
	closed bool
	ready  *sync.Cond
	first  int
	seen   bool
}

func New() *Queue {
	q := &Queue{}
	q.cond = sync.NewCond(&q.mu)
	q.ready = sync.NewCond(&q.mu)
	return q
}

// Drain waits until the queue is empty, reloading a local each time.
func (q *Queue) Drain() {
	q.mu.Lock()
	empty := len(q.items) == 0
	for !empty {
		q.cond.Wait()
		empty = len(q.items) == 0
	}
	q.mu.Unlock()
}

// Run handles items until the queue is closed.
func (q *Queue) Run(handle func(int)) {
	for {
		q.mu.Lock()
		var closed bool
		if closed = q.closed; !closed {
			if len(q.items) == 0 {
				q.cond.Wait()
				closed = q.closed
			}
		}
		if closed {
			q.mu.Unlock()
			return
		}
		var it int
		if len(q.items) > 0 {
			it, q.items = q.items[0], q.items[1:]
		}
		q.mu.Unlock()
		handle(it)
	}
}

// wait blocks until the queue changes; the caller holds q.mu and loops.
func (q *Queue) wait() {
	q.cond.Wait()
}

func (q *Queue) Take() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.wait()
	}
	it := q.items[0]
	q.items = q.items[1:]
	return it
}

func (q *Queue) Len(atLeast int) int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) < atLeast {
		q.wait()
	}
	return len(q.items)
}

// waitOnce blocks until the first item is seen; its caller does not loop.
func (q *Queue) waitOnce() {
	q.ready.Wait() // want `^q\.ready\.Wait is not in a loop that re-checks the condition`
}

func (q *Queue) First() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.seen {
		q.waitOnce()
	}
	return q.first
}
