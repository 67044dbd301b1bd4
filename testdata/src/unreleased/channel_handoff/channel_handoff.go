// Package channel_handoff shows locks taken by one goroutine and released
// by another after a channel hand-off (the shape of sync's TestRLocker):
// the releasing loop unlocks a lock it never locked, once per hand-off.
// Between two such releases the other goroutine may lock again, so they
// are not a double unlock. The RLocker kept in a variable that a closure
// captures is still the read side. Two releases with nothing in between
// are still reported.
package channel_handoff

import "sync"

// Relay: the worker locks, the main loop unlocks after each hand-off.
func Relay(n int) {
	var wl sync.RWMutex
	rl := wl.RLocker()
	locked := make(chan bool, 1)
	go func() {
		for i := 0; i < n; i++ {
			rl.Lock()
			locked <- true
			wl.Lock()
			locked <- true
		}
	}()
	for i := 0; i < n; i++ {
		<-locked
		rl.Unlock()
		<-locked
		wl.Unlock()
	}
}

// Twice unlocks twice with no hand-off in between.
func Twice(mu *sync.Mutex, done chan<- bool) {
	mu.Unlock()
	mu.Unlock() // want `^mu is not locked here \(it was already unlocked on this path\)`
	done <- true
}
