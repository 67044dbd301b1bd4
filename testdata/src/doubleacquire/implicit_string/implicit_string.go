// Package implicit_string shows fmt and log calling a String or Error
// method that locks the mutex the caller holds: a gossip peer whose
// String read-locks p.mu, logged with %v while p.mu is read-locked
// (a recursive read lock: a writer queueing between the two deadlocks
// both), and an error collection whose Error locks e.mu, wrapped with
// fmt.Errorf("%w") while e.mu is held. %d and %T do not call String,
// Printf's %w does not call Error (only Errorf's does), and a value
// of another instance locks another lock.
package implicit_string

import (
	"fmt"
	"log"
	"sync"
)

type Peer struct {
	mu    sync.RWMutex
	id    string
	state string
	n     int
}

func (p *Peer) String() string {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.id + "[" + p.state + "]"
}

func (p *Peer) Beat() {
	p.mu.Lock()
	p.n++
	p.mu.Unlock()
}

func (p *Peer) Stale() bool {
	p.mu.RLock()
	defer p.mu.RUnlock()
	log.Printf("peer %v silent", p) // want `^p\.mu is already read-locked by this goroutine; log\.Printf calls \(\*Peer\)\.String, which locks it again with RLock, which deadlocks as soon as a writer calls Lock in between: do not read-lock recursively$`
	return true
}

func (p *Peer) Describe() string {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return fmt.Sprintf("%d beats, %T", p.n, p)
}

type Errors struct {
	mu   sync.Mutex
	rows []string
}

func (e *Errors) Error() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return fmt.Sprint(e.rows)
}

func (e *Errors) Add(row string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.rows = append(e.rows, row)
	if len(e.rows) > 10 {
		return fmt.Errorf("stopped: %w", e) // want `^e\.mu is already held; fmt\.Errorf calls \(\*Errors\)\.Error, which locks it again, so the call blocks forever \(sync\.Mutex is not reentrant\): release it before the call or call a variant that expects it held$`
	}
	if len(e.rows) > 5 {
		fmt.Printf("%w\n", e) // a bad verb: Printf does not call Error
	}
	return nil
}

type Counter struct {
	mu sync.Mutex
	n  int
}

func (c *Counter) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return fmt.Sprint(c.n)
}

func (c *Counter) Bump() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	v := struct{ N int }{c.n}
	fmt.Println(v, c.n)
	var w Counter
	fmt.Println(&w) // another Counter: its own lock
}
