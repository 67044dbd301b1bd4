// Package trylock shows TryLock: the lock is held only on the branch
// where TryLock succeeded, so a defer on that branch, a return on the
// failure branch and a retry loop are all fine. A return on the success
// path that skips the Unlock is not.
package trylock

import (
	"runtime"
	"sync"
)

type Worker struct {
	mu      sync.Mutex
	pending int
	pokes   int
}

func (w *Worker) Poke() bool {
	if w.mu.TryLock() {
		defer w.mu.Unlock()
		w.pokes++
		return true
	}
	return false
}

func (w *Worker) Tick() {
	if !w.mu.TryLock() {
		return
	}
	w.pending--
	w.mu.Unlock()
}

func (w *Worker) Add(n int) {
	for !w.mu.TryLock() {
		runtime.Gosched()
	}
	w.pending += n
	w.mu.Unlock()
}

// Drain returns early on the success path with the lock held.
func (w *Worker) Drain() int {
	if !w.mu.TryLock() {
		return 0
	}
	if w.pending == 0 {
		return 0 // want `^w\.mu is still locked after this return`
	}
	n := w.pending
	w.pending = 0
	w.mu.Unlock()
	return n
}
