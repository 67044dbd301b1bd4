// Package cfg holds small control-flow shapes (diamond, loop, cycle)
// whose lock state the engine tests check through its Result.
package cfg

import "sync"

// Mu is exported: a private lock under which nothing else is taken is a
// leaf lock, left out of the facts.
var Mu sync.Mutex

// Diamond: locked on both arms, released after the join.
func Diamond(c bool) { // want Diamond:`lockstate\(acquires Mu\)`
	if c {
		Mu.Lock()
	} else {
		Mu.Lock()
	}
	Mu.Unlock()
}

// HalfDiamond: locked on one arm only, then locked again after the join.
func HalfDiamond(c bool) { // want HalfDiamond:`lockstate\(acquires Mu\)`
	if c {
		Mu.Lock()
	}
	Mu.Lock()
	Mu.Unlock()
}

// Correlated: the two tests of c agree, so every path pairs up.
func Correlated(c bool) { // want Correlated:`lockstate\(acquires Mu if p0\)`
	if c {
		Mu.Lock()
	}
	println()
	if c {
		Mu.Unlock()
	}
}

// Loop: each iteration locks and unlocks.
func Loop(n int) { // want Loop:`lockstate\(acquires Mu\)`
	for i := 0; i < n; i++ {
		Mu.Lock()
		Mu.Unlock()
	}
}

// LoopLeak: the lock taken in one iteration is still held in the next.
func LoopLeak(n int) { // want LoopLeak:`lockstate\(acquires Mu\)`
	for i := 0; i < n; i++ {
		Mu.Lock()
		if i%2 == 0 {
			continue
		}
		Mu.Unlock()
	}
}

// Cycle: a goto loop that locks once before it and unlocks after it.
func Cycle(n int) { // want Cycle:`lockstate\(acquires Mu\)`
	Mu.Lock()
again:
	n--
	if n > 0 {
		goto again
	}
	Mu.Unlock()
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
