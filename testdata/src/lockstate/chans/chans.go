// Package chans exercises the engine's view of mixed deadlocks: which
// blocking operations made under a lock it finds blocked, and how it
// describes their counterparts.
package chans

import "sync"

// Worker's loop locks w.mu between its receives (after the first).
type Worker struct {
	mu   sync.Mutex
	jobs chan int
	done chan struct{}
	n    int
}

func NewWorker() *Worker {
	w := &Worker{jobs: make(chan int), done: make(chan struct{})}
	go w.loop()
	return w
}

func (w *Worker) loop() { // want loop:"lockstate\\(acquires w.mu\\)"
	for j := range w.jobs {
		w.mu.Lock() // between receives
		w.n += j
		w.mu.Unlock()
	}
	w.mu.Lock() // before the close
	w.n = -1
	w.mu.Unlock()
	close(w.done) // the close
}

// Submit: blocked, the receiver locks between receives.
func (w *Worker) Submit(j int) { // want Submit:"lockstate\\(acquires w.mu\\)"
	w.mu.Lock() // Submit's lock
	defer w.mu.Unlock()
	w.jobs <- j // the send
}

// Stop: blocked through a callee, the closer locks before closing.
func (w *Worker) Stop() { // want Stop:"lockstate\\(acquires w.mu\\)"
	w.mu.Lock()
	defer w.mu.Unlock()
	close(w.jobs)
	w.wait() // the call
}

func (w *Worker) wait() { <-w.done }

// Count: not blocked, w.n is read after the lock is released.
func (w *Worker) Count() int { // want Count:"lockstate\\(acquires w.mu\\)"
	w.mu.Lock()
	n := w.n
	w.mu.Unlock()
	<-w.done
	return n
}
