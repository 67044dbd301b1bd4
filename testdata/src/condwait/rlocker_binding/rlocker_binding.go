// Package rlocker_binding shows a Cond built on the read side of an
// RWMutex (sync.NewCond(f.mu.RLocker())), as feeds that let many readers
// wait for new items do: its L is f.mu in read mode. Next waits holding
// the read lock, which is right; Peek releases the read lock before its
// wait loop, so Wait unlocks an RWMutex this goroutine does not hold.
package rlocker_binding

import "sync"

type Feed struct {
	mu    sync.RWMutex
	cond  *sync.Cond
	items []string
}

func NewFeed() *Feed {
	f := &Feed{}
	f.cond = sync.NewCond(f.mu.RLocker())
	return f
}

func (f *Feed) Append(s string) {
	f.mu.Lock()
	f.items = append(f.items, s)
	f.mu.Unlock()
	f.cond.Broadcast()
}

func (f *Feed) Next(i int) string {
	f.mu.RLock()
	defer f.mu.RUnlock()
	for len(f.items) <= i {
		f.cond.Wait()
	}
	return f.items[i]
}

func (f *Feed) Peek(i int) int {
	f.mu.RLock()
	n := len(f.items)
	f.mu.RUnlock()
	for n <= i {
		f.cond.Wait() // want `^f\.cond\.Wait is called without holding f\.mu: Wait unlocks it first, a fatal error at run time \(sync: unlock of unlocked mutex\); lock f\.mu before waiting, and re-check the condition in a loop$`
		n = len(f.items)
	}
	return n
}
