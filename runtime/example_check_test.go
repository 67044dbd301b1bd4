//go:build lockcheck

package runtime_test

import (
	"fmt"
	"runtime"
	"time"

	lockrt "github.com/locklint/locklint/runtime"
)

// The tutorial's self-deadlock, caught by checking: task1 holds the lock
// and calls task2, which locks it again. The report comes before the
// goroutine blocks; this handler then ends the goroutine (its deferred
// Unlock runs) instead of letting it hang.
func Example_selfDeadlock() {
	prev := lockrt.SetHandler(func(r lockrt.Report) {
		fmt.Println("caught:", r.Kind)
		fmt.Println(r.Message)
		runtime.Goexit()
	})
	defer lockrt.SetHandler(prev)

	var lock lockrt.Mutex
	lock.SetName("lock")
	task2 := func() {
		fmt.Println("Goroutine acquiring lock again...")
		lock.Lock()
		defer lock.Unlock()
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
	// caught: double lock
	// lock is already locked by this goroutine; locking it again blocks forever
}

// The race with timing, caught by checking: the notification comes before
// the Wait, which is reported as a lost wakeup.
func Example_lostWakeup() {
	prev := lockrt.SetHandler(func(r lockrt.Report) { fmt.Println("caught:", r.Kind) })
	defer lockrt.SetHandler(prev)

	var mu lockrt.Mutex
	cond := lockrt.NewCond(&mu)
	notified := make(chan struct{})
	go func() {
		mu.Lock()
		cond.Signal()
		mu.Unlock()
		close(notified)
	}()
	<-notified

	mu.Lock()
	woken := cond.WaitTimeout(10 * time.Millisecond)
	mu.Unlock()
	fmt.Println("woken:", woken)
	// Output:
	// caught: lost wakeup
	// woken: false
}
