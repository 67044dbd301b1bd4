// Package counting_loop shows a loop that counts wake-ups instead of
// re-checking state: a job tracker whose WaitWakeups assumes each wake-up
// is one finished job. One Broadcast wakes every waiter, and a Finish
// before the Wait wakes nobody, so the count means nothing. Both counting
// forms are reported; the loop on the shared counter is silent.
package counting_loop

import "sync"

type Tracker struct {
	mu   sync.Mutex
	cond *sync.Cond
	done int
}

func NewTracker() *Tracker {
	t := &Tracker{}
	t.cond = sync.NewCond(&t.mu)
	return t
}

func (t *Tracker) Finish() {
	t.mu.Lock()
	t.done++
	t.cond.Broadcast()
	t.mu.Unlock()
}

// WaitWakeups counts wake-ups with a three-clause loop: reported.
func (t *Tracker) WaitWakeups(n int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for i := 0; i < n; i++ {
		t.cond.Wait() // want `^t\.cond\.Wait is not in a loop that re-checks the condition`
	}
}

// WaitRange counts wake-ups with a range over an int: reported.
func (t *Tracker) WaitRange(n int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for range n {
		t.cond.Wait() // want `^t\.cond\.Wait is not in a loop that re-checks the condition`
	}
}

// WaitDone loops on the shared counter: silent.
func (t *Tracker) WaitDone(n int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for t.done < n {
		t.cond.Wait()
	}
}
