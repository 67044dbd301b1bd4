// Package nested_loop shows predicate loops nested in a worker's endless
// loop (pebble's pacer toys): drain waits in for len(q.items) == 0, whose
// exit leads back into the outer for {}, and re-checks the condition
// after every wake-up; silent. stall waits under an if in the same kind
// of worker: the outer loop goes round, but nothing re-checks the
// condition before the item is taken.
package nested_loop

import "sync"

type Queue struct {
	mu    sync.Mutex
	cond  *sync.Cond
	items []int
	sum   int
}

func NewQueue() *Queue {
	q := &Queue{}
	q.cond = sync.NewCond(&q.mu)
	go q.drain()
	return q
}

func (q *Queue) Push(v int) {
	q.mu.Lock()
	q.items = append(q.items, v)
	q.cond.Signal()
	q.mu.Unlock()
}

func (q *Queue) drain() {
	for {
		q.mu.Lock()
		for len(q.items) == 0 {
			q.cond.Wait()
		}
		q.sum += q.items[0]
		q.items = q.items[1:]
		q.mu.Unlock()
	}
}

func (q *Queue) stall() {
	for {
		q.mu.Lock()
		if len(q.items) == 0 {
			q.cond.Wait() // want `q\.cond\.Wait is not in a loop that re-checks the condition`
		}
		q.sum += q.items[0]
		q.items = q.items[1:]
		q.mu.Unlock()
	}
}
