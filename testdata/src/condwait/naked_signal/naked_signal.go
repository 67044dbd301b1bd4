// Package naked_signal shows Signals and Broadcasts that announce
// nothing: a dispatcher that locks, signals and unlocks, and one that
// only logs under the lock before broadcasting. Waiters re-check their
// condition, find it unchanged and sleep again. Both are reported. Beside
// them, a state change under the lock before the Signal (a store, an
// append, a map write, a send, a call to a method of the same type,
// heap.Push), a change under the lock with the Broadcast after Unlock,
// and a Broadcast with no lock held at all are silent.
package naked_signal

import (
	"container/heap"
	"log"
	"sync"
)

// deadlines is a min-heap of due times.
type deadlines []int64

func (h deadlines) Len() int           { return len(h) }
func (h deadlines) Less(i, j int) bool { return h[i] < h[j] }
func (h deadlines) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *deadlines) Push(x any)        { *h = append(*h, x.(int64)) }
func (h *deadlines) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

type Dispatcher struct {
	mu      sync.Mutex
	cond    *sync.Cond
	pending []string
	seen    map[string]bool
	due     deadlines
	events  chan string
	closed  bool
	running int
}

func NewDispatcher() *Dispatcher {
	d := &Dispatcher{seen: make(map[string]bool), events: make(chan string, 64)}
	d.cond = sync.NewCond(&d.mu)
	return d
}

// Next waits for a pending job.
func (d *Dispatcher) Next() (string, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for len(d.pending) == 0 && !d.closed {
		d.cond.Wait()
	}
	if len(d.pending) == 0 {
		return "", false
	}
	j := d.pending[0]
	d.pending = d.pending[1:]
	return j, true
}

// Kick signals with nothing changed: reported.
func (d *Dispatcher) Kick() {
	d.mu.Lock()     // Kick's critical section
	d.cond.Signal() // want `^d\.cond\.Signal with nothing changed under d\.mu since it was locked: waiters re-check their condition, find it unchanged and sleep again; change the shared state under the lock before signalling$`
	d.mu.Unlock()
}

// Report only logs under the lock: reported.
func (d *Dispatcher) Report() {
	d.mu.Lock() // Report's critical section
	log.Printf("%d pending", len(d.pending))
	d.cond.Broadcast() // want `^d\.cond\.Broadcast with nothing changed under d\.mu since it was locked`
	d.mu.Unlock()
}

// Close stores a flag first: silent.
func (d *Dispatcher) Close() {
	d.mu.Lock()
	d.closed = true
	d.cond.Broadcast()
	d.mu.Unlock()
}

// Add appends first: silent.
func (d *Dispatcher) Add(job string) {
	d.mu.Lock()
	d.pending = append(d.pending, job)
	d.cond.Signal()
	d.mu.Unlock()
}

// AddOnce writes the map first: silent.
func (d *Dispatcher) AddOnce(job string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.seen[job] {
		return
	}
	d.seen[job] = true
	d.cond.Signal()
}

// Announce sends first: silent.
func (d *Dispatcher) Announce(ev string) {
	d.mu.Lock()
	d.events <- ev
	d.cond.Signal()
	d.mu.Unlock()
}

func (d *Dispatcher) requeue(job string) {
	d.pending = append([]string{job}, d.pending...)
}

// Retry calls a method of the same type first: silent.
func (d *Dispatcher) Retry(job string) {
	d.mu.Lock()
	d.requeue(job)
	d.cond.Signal()
	d.mu.Unlock()
}

// Schedule pushes on the heap first: silent.
func (d *Dispatcher) Schedule(at int64) {
	d.mu.Lock()
	heap.Push(&d.due, at)
	d.cond.Signal()
	d.mu.Unlock()
}

// Done changes the count under the lock and broadcasts after Unlock:
// silent.
func (d *Dispatcher) Done() {
	d.mu.Lock()
	d.running--
	d.mu.Unlock()
	d.cond.Broadcast()
}

// Wake broadcasts with no lock held at all: silent.
func (d *Dispatcher) Wake() {
	d.cond.Broadcast()
}
