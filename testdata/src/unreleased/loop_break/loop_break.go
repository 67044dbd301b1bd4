// Package loop_break shows a consumer loop whose break leaves q.mu
// locked: the loop exits and the function returns with the lock held,
// while the path through the loop body unlocks it. Unlocking before the
// break is fine. A break out of a loop entered with the lock already
// held is not where it leaks: the exit after the loop is.
package loop_break

import "sync"

type Queue struct {
	mu    sync.Mutex
	items []string
	open  bool
}

// Consume handles items until the queue is empty.
func (q *Queue) Consume(handle func(string)) int {
	n := 0
	for {
		q.mu.Lock()
		if len(q.items) == 0 {
			break // want `^q\.mu is still locked after this break, but other paths unlock it: unlock it before the break, or defer the Unlock right after Lock$`
		}
		item := q.items[0]
		q.items = q.items[1:]
		q.mu.Unlock()
		handle(item)
		n++
	}
	return n
}

// ConsumeFixed unlocks before breaking out.
func (q *Queue) ConsumeFixed(handle func(string)) int {
	n := 0
	for {
		q.mu.Lock()
		if len(q.items) == 0 {
			q.mu.Unlock()
			break
		}
		item := q.items[0]
		q.items = q.items[1:]
		q.mu.Unlock()
		handle(item)
		n++
	}
	return n
}

// CountFilled takes q.mu before its loop: the break out of the loop is
// ordinary control flow, and it is the early return after the loop that
// leaves q.mu locked.
func (q *Queue) CountFilled() int {
	q.mu.Lock()
	n := 0
	for _, it := range q.items {
		if it == "" {
			break
		}
		n++
	}
	if n == 0 {
		return n // want `^q\.mu is still locked after this return, but other paths unlock it: unlock it before the return, or defer the Unlock right after Lock$`
	}
	q.mu.Unlock()
	return n
}

// PeekAll locks q.mu in each iteration and unlocks it only after an
// item is handled: running out of items leaves it locked through the
// break, and an unhandled last item leaves it locked when the loop ends.
func (q *Queue) PeekAll(n int, handle func(string) bool) {
	for i := 0; i < n; i++ {
		q.mu.Lock()
		if len(q.items) <= i {
			break // want `^q\.mu is still locked after this break, but other paths unlock it: unlock it before the break, or defer the Unlock right after Lock$`
		}
		if handle(q.items[i]) {
			q.mu.Unlock()
		}
	}
} // want `^q\.mu is still locked at the end of the function, but other paths unlock it: unlock it on every path, or defer the Unlock right after Lock$`

// Poll waits for items under q.mu, and leaves it locked when told to
// stop, when the queue is closed, and when it takes an item it cannot
// handle: go/ssa gives the breaks no position, and each is found from
// the if around it, or from the statements before it.
func (q *Queue) Poll(stop bool, wait func(), handle func(string) bool) (closed bool) {
	for {
		q.mu.Lock()
		if stop {
			break // want `^q\.mu is still locked after this break, but other paths unlock it: unlock it before the break, or defer the Unlock right after Lock$`
		}
		if !q.open {
			closed = true
			break // want `^q\.mu is still locked after this break, but other paths unlock it: unlock it before the break, or defer the Unlock right after Lock$`
		}
		if len(q.items) > 0 {
			if handle(q.items[0]) {
				q.items = q.items[1:]
				q.mu.Unlock()
				continue
			}
			break // want `^q\.mu is still locked after this break, but other paths unlock it: unlock it before the break, or defer the Unlock right after Lock$`
		}
		q.mu.Unlock()
		wait()
	}
	return closed
}
