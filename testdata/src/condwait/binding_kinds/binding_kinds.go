// Package binding_kinds shows the ways the engine learns which lock a
// Cond is bound to: sync.NewCond(&q.mu) stored in q.cond by a
// constructor, the same after a composite literal, c.L = &p.mu on a
// sync.Cond held by value, and a Cond on an anonymous mutex reached
// through c.L. Waiting with the bound lock held is silent in each; the
// near-miss without it is reported and names the bound lock.
package binding_kinds

import "sync"

// Queue binds its Cond in a constructor after new.
type Queue struct {
	mu    sync.Mutex
	cond  *sync.Cond
	items []int
}

func NewQueue() *Queue {
	q := new(Queue)
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *Queue) Pop() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.cond.Wait()
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v
}

func (q *Queue) PopFast() int {
	for len(q.items) == 0 {
		q.cond.Wait() // want `^q\.cond\.Wait is called without holding q\.mu`
	}
	return q.items[0]
}

// Pool binds its Cond after a composite literal.
type Pool struct {
	mu   sync.Mutex
	cond *sync.Cond
	free [][]byte
	size int
}

func NewPool(n, size int) *Pool {
	p := &Pool{free: make([][]byte, 0, n), size: size}
	for range n {
		p.free = append(p.free, make([]byte, size))
	}
	p.cond = sync.NewCond(&p.mu)
	return p
}

func (p *Pool) Get() []byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.free) == 0 {
		p.cond.Wait()
	}
	b := p.free[len(p.free)-1]
	p.free = p.free[:len(p.free)-1]
	return b
}

func (p *Pool) GetFast() []byte {
	for len(p.free) == 0 {
		p.cond.Wait() // want `^p\.cond\.Wait is called without holding p\.mu`
	}
	return p.free[0]
}

// Topic holds its Cond by value and points c.L at its mutex.
type Topic struct {
	mu   sync.Mutex
	c    sync.Cond
	msgs []string
}

func NewTopic() *Topic {
	t := &Topic{}
	t.c.L = &t.mu
	return t
}

func (t *Topic) Next() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	for len(t.msgs) == 0 {
		t.c.Wait()
	}
	m := t.msgs[0]
	t.msgs = t.msgs[1:]
	return m
}

func (t *Topic) PeekNext() string {
	for len(t.msgs) == 0 {
		t.c.Wait() // want `^t\.c\.Wait is called without holding t\.mu`
	}
	return t.msgs[0]
}

// RunAll waits for its jobs on a Cond over an anonymous mutex, locked
// through c.L: silent.
func RunAll(jobs []func()) {
	c := sync.NewCond(&sync.Mutex{})
	left := len(jobs)
	for _, job := range jobs {
		go func() {
			job()
			c.L.Lock()
			left--
			c.L.Unlock()
			c.Signal()
		}()
	}
	c.L.Lock()
	for left > 0 {
		c.Wait()
	}
	c.L.Unlock()
}

// RunAllNoLock forgets c.L.Lock: reported, naming c.L.
func RunAllNoLock(jobs []func()) {
	c := sync.NewCond(&sync.Mutex{})
	left := len(jobs)
	for _, job := range jobs {
		go func() {
			job()
			c.L.Lock()
			left--
			c.L.Unlock()
			c.Signal()
		}()
	}
	for left > 0 {
		c.Wait() // want `^c\.Wait is called without holding c\.L`
	}
}
