// Package blocked_deliver shows receives under a lock from buffered
// channels. want.cancel receives from w.result holding w.mu, and the
// only sender and closer, deliver, holds w.mu as it sends and closes: on
// a buffered channel it never waits for the receiver, and a receive that
// came first would wait forever whatever the lock order, so the code
// orders them by state under the lock (done, as net/http's wantConn
// does): silent. job.Wait holds j.mu while receiving from j.out, and
// run, the only sender, locks j.mu before it sends (and releases it
// first): when Wait comes first the two deadlock, and that is reported.
package blocked_deliver

import "sync"

type want struct {
	mu     sync.Mutex
	done   bool
	result chan int
}

func newWant() *want { return &want{result: make(chan int, 1)} }

func (w *want) deliver(v int) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return false
	}
	w.done = true
	w.result <- v
	close(w.result)
	return true
}

func (w *want) cancel() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return <-w.result
	}
	w.done = true
	close(w.result)
	return 0
}

func Use() int {
	w := newWant()
	go w.deliver(1)
	return w.cancel()
}

type job struct {
	mu  sync.Mutex
	n   int
	out chan int
}

func newJob() *job {
	j := &job{out: make(chan int, 1)}
	go j.run()
	return j
}

func (j *job) run() {
	j.mu.Lock()
	j.n++
	n := j.n
	j.mu.Unlock()
	j.out <- n
}

func (j *job) Wait() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return <-j.out // want `j.mu is held while receiving from j.out`
}

func Run() int { return newJob().Wait() }
