// Package bare_wait shows a Wait with no condition at all: a latch whose
// Await waits once under the lock. If Open ran first, the Broadcast found
// no waiter and Await sleeps forever; a spurious wake-up from another
// Broadcast lets it through while the latch is still shut. Reported. The
// same latch waiting on its open flag in a loop is silent.
package bare_wait

import "sync"

type Latch struct {
	mu   sync.Mutex
	cond *sync.Cond
	open bool
}

func NewLatch() *Latch {
	l := &Latch{}
	l.cond = sync.NewCond(&l.mu)
	return l
}

func (l *Latch) Open() {
	l.mu.Lock()
	l.open = true
	l.cond.Broadcast()
	l.mu.Unlock()
}

// Await waits once, whatever the flag says: reported.
func (l *Latch) Await() {
	l.mu.Lock()
	l.cond.Wait() // want `^l\.cond\.Wait is not in a loop that re-checks the condition`
	l.mu.Unlock()
}

// AwaitOpen waits until the flag is set: silent.
func (l *Latch) AwaitOpen() {
	l.mu.Lock()
	for !l.open {
		l.cond.Wait()
	}
	l.mu.Unlock()
}
