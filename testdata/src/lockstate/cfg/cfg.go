// Package cfg holds small control-flow shapes (diamond, loop, cycle)
// whose lock state the engine tests check through its Result.
package cfg

import "sync"

var mu sync.Mutex

// Diamond: locked on both arms, released after the join.
func Diamond(c bool) { // want Diamond:`lockstate\(acquires mu\)`
	if c {
		mu.Lock()
	} else {
		mu.Lock()
	}
	mu.Unlock()
}

// HalfDiamond: locked on one arm only, then locked again after the join.
func HalfDiamond(c bool) { // want HalfDiamond:`lockstate\(acquires mu\)`
	if c {
		mu.Lock()
	}
	mu.Lock()
	mu.Unlock()
}

// Correlated: the two tests of c agree, so every path pairs up.
func Correlated(c bool) { // want Correlated:`lockstate\(acquires mu if p0\)`
	if c {
		mu.Lock()
	}
	println()
	if c {
		mu.Unlock()
	}
}

// Loop: each iteration locks and unlocks.
func Loop(n int) { // want Loop:`lockstate\(acquires mu\)`
	for i := 0; i < n; i++ {
		mu.Lock()
		mu.Unlock()
	}
}

// LoopLeak: the lock taken in one iteration is still held in the next.
func LoopLeak(n int) { // want LoopLeak:`lockstate\(acquires mu\)`
	for i := 0; i < n; i++ {
		mu.Lock()
		if i%2 == 0 {
			continue
		}
		mu.Unlock()
	}
}

// Cycle: a goto loop that locks once before it and unlocks after it.
func Cycle(n int) { // want Cycle:`lockstate\(acquires mu\)`
	mu.Lock()
again:
	n--
	if n > 0 {
		goto again
	}
	mu.Unlock()
}

// Elements: one lock per element, all held, then all released.
func Elements(ms []*sync.Mutex) { // want Elements:`lockstate\(acquires ms\[\*\]\)`
	for _, m := range ms {
		m.Lock()
	}
	for _, m := range ms {
		m.Unlock()
	}
}
