// Package panic_fix pins the suggested fix for a panic with the lock
// held: when the Lock is a statement of the function's top-level body
// and the only release is one plain Unlock in that body, followed by
// nothing or a return of plain values, the fix defers the Unlock right
// after the Lock and deletes the trailing Unlock. With two releases, or
// with a call after the Unlock, the report comes without a fix. (Reset
// runs under net/http's recovery, through ServeHTTP, so its call that
// can panic is reported too.)
package panic_fix

import (
	"fmt"
	"net/http"
	"sync"
)

type Ring struct {
	mu     sync.Mutex
	buf    []int
	head   int
	n      int
	closed bool
}

func (r *Ring) mustOpen() {
	if r.closed {
		panic("ring: use after Close")
	}
}

// Push panics on a full ring; fixable.
func (r *Ring) Push(v int) int {
	r.mu.Lock()
	if r.n == len(r.buf) {
		panic("ring: push on full ring") // want `^r\.mu is still locked when this panic unwinds`
	}
	r.buf[(r.head+r.n)%len(r.buf)] = v
	r.n++
	n := r.n
	r.mu.Unlock()
	return n
}

// Reset calls a function that can panic; fixable.
func (r *Ring) Reset() {
	r.mu.Lock()
	r.mustOpen() // want `^r\.mu is held across r\.mustOpen, which can panic`
	r.head, r.n = 0, 0
	r.mu.Unlock()
}

// ServeHTTP resets the ring.
func (r *Ring) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.Reset()
}

// Pop has two releases: no fix.
func (r *Ring) Pop() (int, bool) {
	r.mu.Lock()
	if r.n == 0 {
		r.mu.Unlock()
		return 0, false
	}
	if r.n > len(r.buf) {
		panic("ring: corrupt length") // want `^r\.mu is still locked when this panic unwinds`
	}
	v := r.buf[r.head]
	r.head = (r.head + 1) % len(r.buf)
	r.n--
	r.mu.Unlock()
	return v, true
}

// String returns a call after the Unlock: no fix, since deferring would
// run Sprintf under the lock.
func (r *Ring) String() string {
	r.mu.Lock()
	if r.n > len(r.buf) {
		panic("ring: corrupt length") // want `^r\.mu is still locked when this panic unwinds`
	}
	n := r.n
	r.mu.Unlock()
	return fmt.Sprintf("ring(%d)", n)
}
