package runtime

// waitq is a FIFO of waiting goroutines, each parked on its own channel,
// used by Cond and the semaphores. Unlike the runtime's lists behind
// sync.Cond, a waiter can leave it, which is what makes timeouts and
// cancellation possible. The owner of a waitq guards it with its own mutex.
type waitq struct {
	head, tail *waiter
	n          int
}

type waiter struct {
	ready      chan struct{} // closed when the waiter is woken
	prev, next *waiter
	queued     bool
}

func (q *waitq) len() int { return q.n }

// push queues a new waiter and returns it.
func (q *waitq) push() *waiter {
	w := &waiter{ready: make(chan struct{}), prev: q.tail, queued: true}
	if q.tail != nil {
		q.tail.next = w
	} else {
		q.head = w
	}
	q.tail = w
	q.n++
	return w
}

// wake dequeues the first waiter and wakes it; it reports whether there
// was one.
func (q *waitq) wake() bool {
	w := q.head
	if w == nil {
		return false
	}
	q.unlink(w)
	close(w.ready)
	return true
}

// wakeAll wakes every waiter.
func (q *waitq) wakeAll() {
	for q.wake() {
	}
}

// leave removes w if it is still queued and reports whether it was; false
// means w has been (or is being) woken.
func (q *waitq) leave(w *waiter) bool {
	if !w.queued {
		return false
	}
	q.unlink(w)
	return true
}

func (q *waitq) unlink(w *waiter) {
	if w.prev != nil {
		w.prev.next = w.next
	} else {
		q.head = w.next
	}
	if w.next != nil {
		w.next.prev = w.prev
	} else {
		q.tail = w.prev
	}
	w.prev, w.next, w.queued = nil, nil, false
	q.n--
}
