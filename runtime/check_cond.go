package runtime

import (
	"fmt"
	"sync"
)

// Checks on Cond and the semaphores (called only under `if checking`).

// noteLost remembers where a Signal or Broadcast found nobody waiting.
//
//go:noinline
func (c *Cond) noteLost() {
	at := stackHere()
	c.lost.Store(&at)
}

// checkWait runs at the start of each Wait method. withPred is true for
// the WaitFor methods, whose predicate is checked before waiting, so a
// signal sent earlier is not lost to them.
//
//go:noinline
func (c *Cond) checkWait(withPred bool) {
	if known, held := lockerHeld(c.L); known && !held {
		at := stackHere()
		deliver(Report{
			Kind:    WaitNotHeld,
			Message: fmt.Sprintf("Cond.Wait without holding its lock %s", lockerName(c.L)),
			Stacks:  []Stack{stackOf("waits at", &at)},
		})
		panic("lockrt: Cond.Wait without holding c.L")
	}
	lost := c.lost.Swap(nil)
	if lost == nil || withPred {
		return
	}
	at := stackHere()
	deliver(Report{
		Kind: LostWakeup,
		Message: "Wait on a Cond that was signalled while nobody waited; " +
			"if that was the wakeup this Wait expects, it never comes " +
			"(check the state first: use WaitFor with a predicate)",
		Stacks: []Stack{
			stackOf("signalled with no waiter at", lost),
			stackOf("waits at", &at),
		},
	})
}

// lockerHeld reports whether l, if it is one of this package's locks
// (known), is held: by the caller for a ReentrantMutex, which has an owner,
// by anyone for the others, which Go lets one goroutine lock and another
// unlock.
func lockerHeld(l sync.Locker) (known, held bool) {
	switch l := l.(type) {
	case *Mutex:
		st := l.chk.load()
		return true, st != nil && st.tok.Load() != 0
	case *RWMutex:
		st := l.chk.load()
		return true, st != nil && st.tok.Load() != 0
	case *rlocker:
		st := l.chk.load()
		if st == nil {
			return true, false
		}
		return true, st.readers() > 0
	case *ReentrantMutex:
		return true, l.owner.Load() == goid()
	}
	return false, false
}

// lockerName names l's class for messages.
func lockerName(l sync.Locker) string {
	var c *lockCheck
	switch l := l.(type) {
	case *Mutex:
		c = &l.chk
	case *RWMutex:
		c = &l.chk
	case *rlocker:
		c = &l.chk
	case *ReentrantMutex:
		c = &l.chk
	}
	if c != nil {
		if st := c.load(); st != nil {
			return st.class.Load().String()
		}
	}
	return fmt.Sprintf("%T", l)
}

// overRelease reports a BoundedSemaphore released beyond its initial
// count.
//
//go:noinline
func overRelease(bound int) {
	at := stackHere()
	deliver(Report{
		Kind:    OverRelease,
		Message: fmt.Sprintf("BoundedSemaphore released more times than acquired (initial count %d)", bound),
		Stacks:  []Stack{stackOf("released at", &at)},
	})
}
