// Package closure_after_unlock shows a closure that locks b.mu. Built
// under the lock and called only after the Unlock, it is fine; called
// while the lock is still held, it blocks forever.
package closure_after_unlock

import (
	"slices"
	"sync"
)

type Bus struct {
	mu   sync.Mutex
	subs []func(string)
	sent int
}

// Publish collects the subscribers under the lock and notifies them
// after releasing it.
func (b *Bus) Publish(ev string) {
	b.mu.Lock()
	subs := slices.Clone(b.subs)
	notify := func() {
		for _, f := range subs {
			f(ev)
		}
		b.mu.Lock()
		b.sent++
		b.mu.Unlock()
	}
	b.mu.Unlock()
	notify()
}

// PublishSync notifies while holding the lock.
func (b *Bus) PublishSync(ev string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	count := func() {
		b.mu.Lock()
		b.sent++
		b.mu.Unlock()
	}
	for _, f := range b.subs {
		f(ev)
	}
	count() // want `^b\.mu is already held; count locks it again`
}
