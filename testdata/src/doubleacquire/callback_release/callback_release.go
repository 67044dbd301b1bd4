// Package callback_release shows a read lock handed to a callback:
// autocommit read-locks noCommit and passes commitAsync a function that
// read-unlocks it when the commit is done, later or on another goroutine
// (franz-go's autocommit loop). The holding is handed over at the call,
// as to a go statement, so the next tick's RLock is not a recursive one:
// silent. autocommitLeaky is the near miss: its callback releases
// nothing, and the next tick read-locks again while the first read lock
// is held.
package callback_release

import "sync"

type Group struct {
	noCommit sync.RWMutex
	mu       sync.Mutex
	pending  []func()
}

func (g *Group) commitAsync(done func()) {
	g.mu.Lock()
	g.pending = append(g.pending, done)
	g.mu.Unlock()
}

func (g *Group) autocommit(ticks <-chan struct{}) {
	for range ticks {
		g.noCommit.RLock()
		g.commitAsync(func() { g.noCommit.RUnlock() })
	}
}

func (g *Group) autocommitLeaky(ticks <-chan struct{}) {
	for range ticks {
		g.noCommit.RLock() // want `^g\.noCommit is already read-locked by this goroutine; a second RLock deadlocks as soon as a writer calls Lock between the two: do not read-lock recursively`
		g.commitAsync(func() { println("committed") })
	}
}

func (g *Group) Join() {
	g.noCommit.Lock()
	defer g.noCommit.Unlock()
}
