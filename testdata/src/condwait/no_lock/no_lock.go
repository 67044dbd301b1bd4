// Package no_lock shows Waits without the Cond's lock held, a fatal
// error at run time: a barrier that releases its lock before the wait
// loop, and a worker pool method that never takes the lock and that no
// caller in the package covers. Beside them, the same loops with the lock
// held, a helper named ...Locked, and an unexported helper whose callers
// all hold the lock are silent; a helper with one caller that does not
// hold the lock is reported.
package no_lock

import "sync"

// Barrier releases its parties once all have arrived.
type Barrier struct {
	mu      sync.Mutex
	cond    *sync.Cond
	n       int
	parties int
}

func NewBarrier(parties int) *Barrier {
	b := &Barrier{parties: parties}
	b.cond = sync.NewCond(&b.mu)
	return b
}

// Arrive unlocks before its wait loop: reported.
func (b *Barrier) Arrive() {
	b.mu.Lock()
	b.n++
	if b.n == b.parties {
		b.cond.Broadcast()
	}
	b.mu.Unlock()
	for b.n < b.parties {
		b.cond.Wait() // want `^b\.cond\.Wait is called without holding b\.mu: Wait unlocks it first, a fatal error at run time \(sync: unlock of unlocked mutex\); lock b\.mu before waiting, and re-check the condition in a loop$`
	}
}

// ArriveHeld unlocks after its wait loop: silent.
func (b *Barrier) ArriveHeld() {
	b.mu.Lock()
	b.n++
	if b.n == b.parties {
		b.cond.Broadcast()
	}
	for b.n < b.parties {
		b.cond.Wait()
	}
	b.mu.Unlock()
}

// Workers hands queued tasks to worker goroutines.
type Workers struct {
	mu   sync.Mutex
	cond *sync.Cond
	q    []func()
}

func NewWorkers() *Workers {
	w := &Workers{}
	w.cond = sync.NewCond(&w.mu)
	return w
}

func (w *Workers) Submit(f func()) {
	w.mu.Lock()
	w.q = append(w.q, f)
	w.mu.Unlock()
	w.cond.Signal()
}

// Next never takes the lock, and nothing in the package calls it:
// reported.
func (w *Workers) Next() func() {
	for len(w.q) == 0 {
		w.cond.Wait() // want `^w\.cond\.Wait is called without holding w\.mu`
	}
	f := w.q[0]
	w.q = w.q[1:]
	return f
}

// waitLocked documents by its name that the caller holds w.mu: silent.
func (w *Workers) waitLocked() {
	for len(w.q) == 0 {
		w.cond.Wait()
	}
}

// wait is called only by Pop and Len, both with w.mu held: silent.
func (w *Workers) wait() {
	for len(w.q) == 0 {
		w.cond.Wait()
	}
}

// await is called by Drain with w.mu held and by Peek without it:
// reported.
func (w *Workers) await() {
	for len(w.q) == 0 {
		w.cond.Wait() // want `^w\.cond\.Wait is called without holding w\.mu`
	}
}

func (w *Workers) Pop() func() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.wait()
	f := w.q[0]
	w.q = w.q[1:]
	return f
}

func (w *Workers) Len() int {
	w.mu.Lock()
	w.wait()
	n := len(w.q)
	w.mu.Unlock()
	return n
}

func (w *Workers) Take() func() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.waitLocked()
	f := w.q[len(w.q)-1]
	w.q = w.q[:len(w.q)-1]
	return f
}

func (w *Workers) Drain() []func() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.await()
	fs := w.q
	w.q = nil
	return fs
}

func (w *Workers) Peek() func() {
	w.await()
	return w.q[0]
}
