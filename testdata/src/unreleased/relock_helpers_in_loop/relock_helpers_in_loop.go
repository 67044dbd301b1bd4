// Package relock_helpers_in_loop shows a function called with q.mu held
// that releases it through a helper (unlock) around each wait and takes
// it back through another (lock), in a loop: every path ends holding
// q.mu again, which is the caller's to release, however many times the
// loop ran (Take defers the Unlock). No report, as with Unlock and Lock
// written in the loop (relock_in_loop) or the two helpers called once.
package relock_helpers_in_loop

import (
	"sync"
	"time"
)

type Queue struct {
	mu    sync.Mutex
	items []int
}

func (q *Queue) lock()   { q.mu.Lock() }
func (q *Queue) unlock() { q.mu.Unlock() }

// waitLocked is called with q.mu held and returns with it held.
func (q *Queue) waitLocked(tries int) {
	for i := 0; i < tries && len(q.items) == 0; i++ {
		q.unlock()
		time.Sleep(time.Millisecond)
		q.lock()
	}
}

// Take waits for an item under q.mu.
func (q *Queue) Take() (int, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.waitLocked(10)
	if len(q.items) == 0 {
		return 0, false
	}
	x := q.items[0]
	q.items = q.items[1:]
	return x, true
}
