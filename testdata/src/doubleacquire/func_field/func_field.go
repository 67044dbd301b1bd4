// Package func_field shows a call through a func-valued field that the
// package sets to a method value of the owner: an LRU cache whose
// eviction hook is c.countEviction, which locks c.mu. Add calls the hook
// with c.mu held and blocks forever; so does Trim, through evict. A hook set to a closure that only
// bumps an atomic counter, a field also set from a caller's argument (its
// values are not all known), and a package variable holding a function
// that locks another mutex are fine.
package func_field

import (
	"sync"
	"sync/atomic"
)

type LRU struct {
	mu        sync.Mutex
	items     map[string]int
	evictions int
	onEvict   func(key string)
}

func NewLRU() *LRU {
	c := &LRU{items: map[string]int{}}
	c.onEvict = c.countEviction
	return c
}

func (c *LRU) countEviction(key string) {
	c.mu.Lock()
	c.evictions++
	c.mu.Unlock()
}

func (c *LRU) Add(key string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[key] = v
	if len(c.items) > 10 {
		delete(c.items, key)
		c.onEvict(key) // want `^c\.mu is already held; c\.onEvict calls \(\*LRU\)\.countEviction, which locks it again, so the call blocks forever \(sync\.Mutex is not reentrant\): release it before the call or call a variant that expects it held$`
	}
}

// evict calls the hook without a lock: its summary says it takes c.mu
// through (*LRU).countEviction, so Trim, which holds c.mu, blocks in it.
func (c *LRU) evict(key string) {
	delete(c.items, key)
	c.onEvict(key)
}

func (c *LRU) Trim(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.evict(key) // want `^c\.mu is already held; c\.evict calls \(\*LRU\)\.countEviction, which locks it again, so the call blocks forever \(sync\.Mutex is not reentrant\): release it before the call or call a variant that expects it held$`
}

type Limiter struct {
	mu      sync.Mutex
	n       int
	denials atomic.Int64
	onDeny  func()
	onFull  func()
}

func NewLimiter(onFull func()) *Limiter {
	l := &Limiter{}
	l.onDeny = func() { l.denials.Add(1) }
	l.onFull = l.full
	if onFull != nil {
		l.onFull = onFull
	}
	return l
}

func (l *Limiter) full() {
	l.mu.Lock()
	l.n = 0
	l.mu.Unlock()
}

func (l *Limiter) Allow() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.n >= 10 {
		l.onDeny()
		l.onFull() // set from an argument too: not all values known
		return false
	}
	l.n++
	return true
}

var (
	auditMu sync.Mutex
	audit   []string
	record  = func(s string) {
		auditMu.Lock()
		audit = append(audit, s)
		auditMu.Unlock()
	}
)

type Desk struct {
	mu sync.Mutex
	n  int
}

func (d *Desk) Place() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.n++
	record("placed")
}

// Audit holds auditMu and calls record, which locks it.
func Audit() {
	auditMu.Lock()
	defer auditMu.Unlock()
	record("audit") // want `^auditMu is already held; record calls a package-level function literal, which locks it again, so the call blocks forever \(sync\.Mutex is not reentrant\): release it before the call or call a variant that expects it held$`
}
