// Package blocked_send shows sends on a channel made while holding a lock
// that its receivers take between their receives.
//
// Indexer.Submit holds ix.mu (so that Close cannot close ix.jobs under
// it) while it hands a job to the worker on the unbuffered ix.jobs. The
// worker locks ix.mu after each receive to record the result: once it has
// taken one job, it needs ix.mu before it can take the next, so a second
// Submit that gets ix.mu first waits for the worker while the worker
// waits for it. Reported on the send.
//
// Near misses: a queue with a buffer (taken to have room), a worker that
// never locks, and a channel with two receivers of which one completes
// the send without the lock.
package blocked_send

import "sync"

type Indexer struct {
	mu     sync.Mutex
	jobs   chan string
	closed bool
	done   int
}

func NewIndexer() *Indexer {
	ix := &Indexer{jobs: make(chan string)}
	go ix.work()
	return ix
}

func (ix *Indexer) work() {
	for job := range ix.jobs {
		_ = job
		ix.mu.Lock()
		ix.done++
		ix.mu.Unlock()
	}
}

func (ix *Indexer) Submit(job string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return
	}
	ix.jobs <- job // want `^ix\.mu is held while sending on ix\.jobs, and the only receiver, \(\*Indexer\)\.work, locks ix\.mu between its receives: the goroutines deadlock; release ix\.mu first$`
}

func (ix *Indexer) Close() {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if !ix.closed {
		ix.closed = true
		close(ix.jobs)
	}
}

// Queue has a buffer: a send under the lock is taken to find room.
type Queue struct {
	mu    sync.Mutex
	items chan string
	seen  int
}

func NewQueue() *Queue {
	q := &Queue{items: make(chan string, 64)}
	go q.drain()
	return q
}

func (q *Queue) drain() {
	for range q.items {
		q.mu.Lock()
		q.seen++
		q.mu.Unlock()
	}
}

func (q *Queue) Put(s string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.items <- s
}

// Printer's worker never locks: it always comes back to its receive.
type Printer struct {
	mu    sync.Mutex
	lines chan string
	n     int
}

func NewPrinter() *Printer {
	p := &Printer{lines: make(chan string)}
	go p.print()
	return p
}

func (p *Printer) print() {
	for l := range p.lines {
		println(l)
	}
}

func (p *Printer) Print(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
	p.lines <- s
}

// Fanout has two receivers; audit takes no lock, so the send completes.
type Fanout struct {
	mu     sync.Mutex
	events chan int
	total  int
}

func NewFanout() *Fanout {
	f := &Fanout{events: make(chan int)}
	go f.count()
	go f.audit()
	return f
}

func (f *Fanout) count() {
	for e := range f.events {
		f.mu.Lock()
		f.total += e
		f.mu.Unlock()
	}
}

func (f *Fanout) audit() {
	for e := range f.events {
		println(e)
	}
}

func (f *Fanout) Emit(e int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.events <- e
}

// Mixer has two receivers, and each locks m.mu between its receives.
type Mixer struct {
	mu          sync.Mutex
	in          chan int
	left, right int
}

func NewMixer() *Mixer {
	m := &Mixer{in: make(chan int)}
	go m.leftLoop()
	go m.rightLoop()
	return m
}

func (m *Mixer) leftLoop() {
	for v := range m.in {
		m.mu.Lock()
		m.left += v
		m.mu.Unlock()
	}
}

func (m *Mixer) rightLoop() {
	for v := range m.in {
		m.mu.Lock()
		m.right += v
		m.mu.Unlock()
	}
}

func (m *Mixer) Add(v int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.in <- v // want `^m\.mu is held while sending on m\.in, and every receiver locks Mixer\.mu first \(\(\*Mixer\)\.leftLoop, \(\*Mixer\)\.rightLoop\): the goroutines deadlock; release m\.mu first$`
}

// Server hands its channel to a worker function: the worker receives on
// its parameter and locks s.mu between its receives.
type Server struct {
	mu    sync.Mutex
	reqs  chan int
	count int
}

func NewServer() *Server {
	s := &Server{reqs: make(chan int)}
	go serve(s.reqs, s)
	return s
}

func serve(reqs chan int, s *Server) {
	for r := range reqs {
		s.mu.Lock()
		s.count += r
		s.mu.Unlock()
	}
}

func (s *Server) Handle(r int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reqs <- r // want `^s\.mu is held while sending on s\.reqs, and the only receiver, serve, locks s\.mu between its receives: the goroutines deadlock; release s\.mu first$`
}
