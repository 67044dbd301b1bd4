// Package blocked_escape shows when the engine cannot see every
// counterpart of a channel, and when it still can.
//
// Job hands out its done channel as a receive-only <-chan through Done:
// other packages may receive from it, but only Job's own goroutine can
// close it, and it locks j.mu first. Wait, which receives under j.mu, is
// reported.
//
// Near misses: Feed returns its channel as a bidirectional chan, Relay
// exports the field holding its channel, and Hub passes its channel to a
// function of another package (signal.Notify): a sender the engine does
// not see may complete the receive without the lock.
package blocked_escape

import (
	"os"
	"os/signal"
	"sync"
)

type Job struct {
	mu     sync.Mutex
	result string
	done   chan struct{}
}

func StartJob(run func() string) *Job {
	j := &Job{done: make(chan struct{})}
	go func() {
		r := run()
		j.mu.Lock()
		j.result = r
		j.mu.Unlock()
		close(j.done)
	}()
	return j
}

// Done lets others wait for the job.
func (j *Job) Done() <-chan struct{} { return j.done }

func (j *Job) Wait() string {
	j.mu.Lock()
	defer j.mu.Unlock()
	<-j.done // want `^j\.mu is held while receiving from j\.done, and the only closer, the function literal in StartJob, locks j\.mu before it closes it: the goroutines deadlock; release j\.mu first$`
	return j.result
}

// Feed lets others send on its channel.
type Feed struct {
	mu    sync.Mutex
	items chan string
	last  string
}

func NewFeed() *Feed {
	f := &Feed{items: make(chan string)}
	go func() {
		f.mu.Lock()
		f.last = ""
		f.mu.Unlock()
		f.items <- "start"
	}()
	return f
}

func (f *Feed) Chan() chan string { return f.items }

func (f *Feed) Next() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.last = <-f.items
	return f.last
}

// Relay's channel is an exported field.
type Relay struct {
	mu  sync.Mutex
	In  chan string
	got int
}

func NewRelay() *Relay {
	r := &Relay{In: make(chan string)}
	go func() {
		r.mu.Lock()
		r.got = 0
		r.mu.Unlock()
		r.In <- "hello"
	}()
	return r
}

func (r *Relay) Take() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got++
	return <-r.In
}

// Hub hands its channel to the signal package, which sends on it.
type Hub struct {
	mu   sync.Mutex
	sigs chan os.Signal
	n    int
}

func NewHub() *Hub {
	h := &Hub{sigs: make(chan os.Signal)}
	signal.Notify(h.sigs, os.Interrupt)
	go func() {
		h.mu.Lock()
		h.n = 0
		h.mu.Unlock()
		h.sigs <- os.Interrupt
	}()
	return h
}

func (h *Hub) Await() os.Signal {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.n++
	return <-h.sigs
}
