// Package loop_break shows a consumer loop whose break leaves q.mu
// locked: the loop exits and the function returns with the lock held,
// while the path through the loop body unlocks it. Unlocking before the
// break is fine.
package loop_break

import "sync"

type Queue struct {
	mu    sync.Mutex
	items []string
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
