//go:build !lockcheck

package runtime_test

import (
	"fmt"
	"time"

	lockrt "github.com/locklint/locklint/runtime"
)

// The tutorial's self-deadlock: task1 holds the lock and calls task2, which
// takes it again. With Lock the goroutine would hang; LockTimeout shows it
// giving up. (Built with -tags lockcheck, Example_selfDeadlock shows the
// report that catches the plain Lock.)
func ExampleMutex_LockTimeout() {
	var lock lockrt.Mutex
	task2 := func() {
		fmt.Println("Goroutine acquiring lock again...")
		if !lock.LockTimeout(50 * time.Millisecond) {
			fmt.Println("Gave up: the goroutine already holds the lock")
			return
		}
		lock.Unlock()
	}
	task1 := func() {
		fmt.Println("Goroutine acquiring lock...")
		lock.Lock()
		defer lock.Unlock()
		task2()
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		task1()
	}()
	<-done
	// Output:
	// Goroutine acquiring lock...
	// Goroutine acquiring lock again...
	// Gave up: the goroutine already holds the lock
}

// The race with timing, unfixed: the notification comes before the wait, so
// a Wait without a predicate misses it (WaitTimeout lets the example end).
// Built with -tags lockcheck, this Wait is reported as a lost wakeup.
func ExampleCond_WaitTimeout() {
	var mu lockrt.Mutex
	cond := lockrt.NewCond(&mu)
	go func() {
		mu.Lock()
		cond.Signal()
		mu.Unlock()
	}()
	time.Sleep(20 * time.Millisecond) // the worker goes first

	mu.Lock()
	woken := cond.WaitTimeout(50 * time.Millisecond)
	mu.Unlock()
	fmt.Println("woken:", woken)
	// Output:
	// woken: false
}
