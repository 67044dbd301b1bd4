// Package hand_over_hand shows the shape of go/constant's
// (*stringVal).appendReverse: x is locked by the caller, and a cursor y
// walks the left spine, locking each next node before unlocking the
// one it leaves, except x, which stays locked for the caller. The
// y != x test before each Unlock keeps the caller's lock; every other
// lock is released once, so nothing is reported.
package hand_over_hand

import "sync"

type Rope struct {
	mu   sync.Mutex
	l, r *Rope
	s    string
}

// appendReverse appends x's pieces in reverse; x must be locked.
func (x *Rope) appendReverse(list []string) []string {
	y := x
	for y.r != nil {
		y.r.mu.Lock()
		list = y.r.appendReverse(list)
		y.r.mu.Unlock()

		l := y.l
		if y != x {
			y.mu.Unlock()
		}
		l.mu.Lock()
		y = l
	}
	s := y.s
	if y != x {
		y.mu.Unlock()
	}
	return append(list, s)
}

// Pieces returns the rope's pieces, last first.
func (x *Rope) Pieces() []string {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.appendReverse(nil)
}
