package runtime_test

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	lockrt "github.com/locklint/locklint/runtime"
)

// These examples are the programs of the Python threading tutorials
// (Real Python's "Thread Safety", Super Fast Python's "Threading: The
// Complete Guide") written with lockrt.

// BankAccount is the tutorials' account whose balance races without a
// lock: two withdrawals both see enough money and both go through.
type BankAccount struct {
	mu      lockrt.Mutex
	balance int
}

var errInsufficient = errors.New("insufficient balance")

func (a *BankAccount) Withdraw(amount int) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.balance < amount {
		return errInsufficient
	}
	newBalance := a.balance - amount
	time.Sleep(time.Millisecond) // the tutorial's time.sleep(0.1): a context switch here races without the lock
	a.balance = newBalance
	return nil
}

func (a *BankAccount) Deposit(amount int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.balance += amount
}

// The bank-balance race, fixed with a Mutex: of two concurrent withdrawals
// of 500 and 700 from 1000, exactly one succeeds.
func ExampleMutex() {
	account := &BankAccount{balance: 1000}
	var wg sync.WaitGroup
	var failed atomic.Int32
	for _, amount := range []int{500, 700} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := account.Withdraw(amount); errors.Is(err, errInsufficient) {
				failed.Add(1)
			}
		}()
	}
	wg.Wait()
	fmt.Println("failed withdrawals:", failed.Load())

	// Many deposits and withdrawals balance out exactly.
	account = &BankAccount{balance: 1000}
	for range 50 {
		wg.Add(2)
		go func() { defer wg.Done(); account.Deposit(10) }()
		go func() { defer wg.Done(); account.Withdraw(10) }()
	}
	wg.Wait()
	fmt.Println("final balance:", account.balance)
	// Output:
	// failed withdrawals: 1
	// final balance: 1000
}

// A reentrant lock: task holds the lock and calls report, which takes it
// again. With a Mutex, report would block forever.
func ExampleReentrantMutex() {
	var lock lockrt.ReentrantMutex
	report := func(id int) {
		lock.Lock()
		defer lock.Unlock()
		fmt.Printf(">>goroutine %d done\n", id)
	}
	task := func(id int) {
		lock.Lock()
		defer lock.Unlock()
		fmt.Printf(">>goroutine %d working\n", id)
		report(id)
	}
	var wg sync.WaitGroup
	for i := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			task(i)
		}()
	}
	wg.Wait()
	// Unordered output:
	// >>goroutine 0 working
	// >>goroutine 0 done
	// >>goroutine 1 working
	// >>goroutine 1 done
	// >>goroutine 2 working
	// >>goroutine 2 done
}

// Wait and notify with a condition: the main goroutine holds the lock
// while it starts the worker, so the worker cannot notify before the main
// goroutine waits.
func ExampleCond() {
	var mu lockrt.Mutex
	cond := lockrt.NewCond(&mu)
	var work []int

	fmt.Println("Main goroutine waiting for data...")
	mu.Lock()
	go func() {
		time.Sleep(10 * time.Millisecond)
		fmt.Println("Goroutine sending notification...")
		mu.Lock()
		work = append(work, 33)
		cond.Signal()
		mu.Unlock()
	}()
	cond.Wait()
	fmt.Println("Got data:", work)
	mu.Unlock()
	// Output:
	// Main goroutine waiting for data...
	// Goroutine sending notification...
	// Got data: [33]
}

// The tutorial's race with timing: here the worker notifies before the
// main goroutine waits, and a plain Wait would wait forever. WaitFor
// checks the state before waiting, so the early notification is not lost.
func ExampleCond_WaitFor() {
	var mu lockrt.Mutex
	cond := lockrt.NewCond(&mu)
	ready := false

	notified := make(chan struct{})
	go func() {
		mu.Lock()
		ready = true
		cond.Signal() // nobody is waiting yet
		mu.Unlock()
		close(notified)
	}()
	<-notified

	mu.Lock()
	cond.WaitFor(func() bool { return ready })
	mu.Unlock()
	fmt.Println("Main goroutine saw the notification")
	// Output:
	// Main goroutine saw the notification
}

// A semaphore limits how many workers run at once.
func ExampleSemaphore() {
	sem := lockrt.NewSemaphore(2)
	var running, most atomic.Int32
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem.Acquire()
			defer sem.Release()
			n := running.Add(1)
			for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
			}
			time.Sleep(time.Millisecond)
			running.Add(-1)
		}()
	}
	wg.Wait()
	fmt.Println("at most 2 workers at a time:", most.Load() <= 2)
	// Output:
	// at most 2 workers at a time: true
}

// An event starts all workers at once.
func ExampleEvent() {
	var start lockrt.Event
	var wg sync.WaitGroup
	for i := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			start.Wait()
			fmt.Printf("Goroutine %d started\n", i)
		}()
	}
	fmt.Println("Main goroutine blocking...")
	time.Sleep(10 * time.Millisecond)
	start.Set()
	wg.Wait()
	// Unordered output:
	// Main goroutine blocking...
	// Goroutine 0 started
	// Goroutine 1 started
	// Goroutine 2 started
}

// A barrier makes the main goroutine wait for all workers' results, and the
// workers for each other.
func ExampleBarrier() {
	const workers = 3
	results := make([]int, workers)
	barrier := lockrt.NewBarrier(workers+1, func() {
		fmt.Println("All goroutines have arrived")
	})
	for i := range workers {
		go func() {
			results[i] = (i + 1) * 10
			barrier.Wait()
		}()
	}
	if _, err := barrier.Wait(); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("All results:", results)
	// Output:
	// All goroutines have arrived
	// All results: [10 20 30]
}
