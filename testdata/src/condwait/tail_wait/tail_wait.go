// Package tail_wait shows wait wrappers: functions that test the state,
// wait once, and return (centrifuge's queues: "Wait for a message to be
// added. If there are items on the queue will return immediately"). They
// wait for a change, not for a condition; their callers re-check: Wait,
// exported, is called elsewhere; next is called by a worker that loops
// and handles an empty queue. Silent. Reported: once, whose caller does
// not loop, and Take, which uses the state it waited for without
// re-checking it.
package tail_wait

import "sync"

type Queue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	items  []int
	closed bool
}

func New() *Queue {
	q := &Queue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *Queue) Add(v int) {
	q.mu.Lock()
	q.items = append(q.items, v)
	q.cond.Signal()
	q.mu.Unlock()
}

// Remove takes the first item, if any.
func (q *Queue) Remove() (int, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == 0 {
		return 0, false
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v, true
}

// Wait waits for an item to be added; it returns at once if there are
// items, and false once the queue is closed.
func (q *Queue) Wait() bool {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return false
	}
	if len(q.items) != 0 {
		q.mu.Unlock()
		return true
	}
	q.cond.Wait()
	q.mu.Unlock()
	return true
}

// next waits for an item and takes it: the result of Remove, which
// re-checks.
func (q *Queue) next() (int, bool) {
	q.mu.Lock()
	if len(q.items) != 0 {
		q.mu.Unlock()
		return q.Remove()
	}
	q.cond.Wait()
	q.mu.Unlock()
	return q.Remove()
}

func (q *Queue) worker(out chan<- int) {
	for {
		v, ok := q.next()
		if !ok {
			continue
		}
		out <- v
	}
}

func (q *Queue) once() {
	q.mu.Lock()
	if len(q.items) == 0 {
		q.cond.Wait() // want `^q\.cond\.Wait is not in a loop that re-checks the condition`
	}
	q.mu.Unlock()
}

func (q *Queue) Start() {
	q.once()
}

// Take uses the first item after waiting once.
func (q *Queue) Take() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == 0 {
		q.cond.Wait() // want `^q\.cond\.Wait is not in a loop that re-checks the condition`
	}
	return q.items[0]
}
