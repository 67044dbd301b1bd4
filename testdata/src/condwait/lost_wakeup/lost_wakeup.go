// Package lost_wakeup shows a Wait that races the goroutine started just
// before it: if the producer locks first and signals, the Signal finds no
// waiter and the bare Wait blocks forever. Reported with the lost-wakeup
// message, whether the goroutine signals in its own body or through a
// named function. A goroutine that signals nothing leaves the plain
// not-in-a-loop report; waiting in a loop on the flag the producer sets
// is silent.
package lost_wakeup

import (
	"log"
	"sync"
)

// Pipe hands one buffer from a producer goroutine to its caller.
type Pipe struct {
	mu     sync.Mutex
	ready  *sync.Cond
	data   []byte
	filled bool
}

func NewPipe() *Pipe {
	p := &Pipe{}
	p.ready = sync.NewCond(&p.mu)
	return p
}

// Fetch starts the producer, then waits once: reported.
func (p *Pipe) Fetch(src func() []byte) []byte {
	go func() { // the producer
		x := src()
		p.mu.Lock()
		p.data = x
		p.ready.Signal()
		p.mu.Unlock()
	}()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ready.Wait() // want `^p\.ready\.Wait can miss the Signal of the goroutine started before it: if the goroutine signals first, the Signal finds no waiter and is lost, and Wait blocks forever; wait for the state the goroutine sets, in a loop: for !done \{ p\.ready\.Wait\(\) \}$`
	return p.data
}

// FetchLoop waits for the flag the producer sets: silent.
func (p *Pipe) FetchLoop(src func() []byte) []byte {
	go func() {
		x := src()
		p.mu.Lock()
		p.data = x
		p.filled = true
		p.ready.Signal()
		p.mu.Unlock()
	}()
	p.mu.Lock()
	defer p.mu.Unlock()
	for !p.filled {
		p.ready.Wait()
	}
	return p.data
}

// FetchLogged starts a goroutine that only logs, then waits once: the
// goroutine cannot steal a Signal, so the report is the plain one.
func (p *Pipe) FetchLogged() []byte {
	go func() {
		log.Printf("fetching")
	}()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ready.Wait() // want `^p\.ready\.Wait is not in a loop that re-checks the condition`
	return p.data
}

// cell receives one value computed in the background.
type cell struct {
	mu   sync.Mutex
	cond *sync.Cond
	val  int
	set  bool
}

func newCell() *cell {
	c := &cell{}
	c.cond = sync.NewCond(&c.mu)
	return c
}

// notify stores the value and signals the cell's Cond.
func notify(c *cell, x *int) {
	c.mu.Lock()
	c.val = *x * 2
	c.set = true
	c.cond.Signal()
	c.mu.Unlock()
}

// Double starts notify, then waits once: reported.
func Double(x int) int {
	c := newCell()
	go notify(c, &x) // the signaller
	c.mu.Lock()
	c.cond.Wait() // want `^c\.cond\.Wait can miss the Signal of the goroutine started before it`
	v := c.val
	c.mu.Unlock()
	return v
}

// DoubleLoop waits for the flag notify sets: silent.
func DoubleLoop(x int) int {
	c := newCell()
	go notify(c, &x)
	c.mu.Lock()
	for !c.set {
		c.cond.Wait()
	}
	v := c.val
	c.mu.Unlock()
	return v
}
