// Package blocked_recv shows receives made while holding a lock that
// every sender or closer of the channel takes first.
//
// Snapshotter.Wait holds s.mu while it waits for s.done; the goroutine
// that takes the snapshot stores it under s.mu and only then closes
// s.done, so a Wait that starts before the snapshot ends blocks the
// snapshotter at its Lock, and neither moves again. Reported on the
// receive.
//
// Near misses: a closer that closes before it locks, a Wait that
// releases the lock before it receives, and a receive from a context's
// Done channel, whose closer the engine cannot see.
package blocked_recv

import (
	"context"
	"sync"
)

type Snapshotter struct {
	mu   sync.Mutex
	snap []byte
	done chan struct{}
}

func StartSnapshot(take func() []byte) *Snapshotter {
	s := &Snapshotter{done: make(chan struct{})}
	go s.run(take)
	return s
}

func (s *Snapshotter) run(take func() []byte) {
	b := take()
	s.mu.Lock() // the closer's lock
	s.snap = b
	s.mu.Unlock()
	close(s.done)
}

func (s *Snapshotter) Wait() []byte {
	s.mu.Lock() // held across the receive
	defer s.mu.Unlock()
	<-s.done // want `^s\.mu is held while receiving from s\.done, and the only closer, \(\*Snapshotter\)\.run, locks s\.mu before it closes it: the goroutines deadlock; release s\.mu first$`
	return s.snap
}

// Loader closes first, then locks to count: the receive completes.
type Loader struct {
	mu    sync.Mutex
	loads int
	ready chan struct{}
}

func StartLoader() *Loader {
	l := &Loader{ready: make(chan struct{})}
	go l.load()
	return l
}

func (l *Loader) load() {
	close(l.ready)
	l.mu.Lock()
	l.loads++
	l.mu.Unlock()
}

func (l *Loader) Ready() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	<-l.ready
	return l.loads
}

// Flusher releases the lock before it waits.
type Flusher struct {
	mu      sync.Mutex
	pending int
	flushed chan struct{}
}

func StartFlusher() *Flusher {
	f := &Flusher{flushed: make(chan struct{})}
	go f.flush()
	return f
}

func (f *Flusher) flush() {
	f.mu.Lock()
	f.pending = 0
	f.mu.Unlock()
	close(f.flushed)
}

func (f *Flusher) Wait() {
	f.mu.Lock()
	f.pending++
	f.mu.Unlock()
	<-f.flushed
}

// Session waits for its context under the lock: the closer is the
// context's, which the engine cannot see.
type Session struct {
	mu    sync.Mutex
	state string
}

func (s *Session) Hold(ctx context.Context) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state = "held"
	<-ctx.Done()
}

// Batch's producer sends each result and then closes the channel, taking
// b.mu before each: a Next that holds b.mu waits for it for ever.
type Batch struct {
	mu      sync.Mutex
	results chan int
	n       int
}

func StartBatch(k int) *Batch {
	b := &Batch{results: make(chan int)}
	go b.produce(k)
	return b
}

func (b *Batch) produce(k int) {
	for i := 0; i < k; i++ {
		b.mu.Lock()
		b.n++
		b.mu.Unlock()
		b.results <- i
	}
	b.mu.Lock()
	close(b.results)
	b.mu.Unlock()
}

func (b *Batch) Next() (int, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	v, ok := <-b.results // want `^b\.mu is held while receiving from b\.results, and every sender and closer locks Batch\.mu first \(\(\*Batch\)\.produce\): the goroutines deadlock; release b\.mu first$`
	return v, ok
}
