// Package blocked_spawn_order shows the counterpart's locks counted from
// the go statement that starts the waiter. In Rounds, each waiter sends
// on ch holding m, and the loop locks m between its two receives, but
// the next waiter is started after that: on the way from its go statement
// to the receive the loop takes no lock, so the receive completes the
// send and nothing deadlocks (the shape of sync's
// TestCondSignalStealing). In Late, the lock is taken after the waiter
// is started and before the receive: the waiter holds m while sending,
// the receiver waits for m first, and the two deadlock.
package blocked_spawn_order

import "sync"

func Rounds() {
	for i := 0; i < 10; i++ {
		var m sync.Mutex
		ch := make(chan struct{})
		go func() {
			m.Lock()
			ch <- struct{}{}
			m.Unlock()
		}()
		<-ch
		m.Lock()
		m.Unlock()
	}
}

func Late() int {
	var m sync.Mutex
	n := 0
	ch := make(chan int)
	go func() {
		m.Lock()
		ch <- n // want `m is held while sending on ch, and the only receiver, Late, locks m before it receives: the goroutines deadlock; release m first`
		m.Unlock()
	}()
	m.Lock()
	n++
	m.Unlock()
	return <-ch
}
