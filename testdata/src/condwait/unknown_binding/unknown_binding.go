// Package unknown_binding shows Waits on a Cond whose lock the engine
// cannot know: a Cond passed as a parameter, or created locally and used
// from a closure. Without the binding, a Wait in a function that never
// touches the lock says nothing about it (the caller may hold it, as here:
// the shape of context's AfterFunc example and of synctest's TestCond), so
// it is not reported. A Wait after unlocking c.L in the same function is.
package unknown_binding

import (
	"context"
	"sync"
)

// waitOn waits until done reports true; its caller holds cond.L.
func waitOn(ctx context.Context, cond *sync.Cond, done func() bool) error {
	for !done() {
		cond.Wait()
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

// Run holds cond.L around waitOn.
func Run(ctx context.Context, cond *sync.Cond, done func() bool) error {
	cond.L.Lock()
	defer cond.L.Unlock()
	return waitOn(ctx, cond, done)
}

// Local creates the Cond locally and waits for a goroutine's flag from a
// closure that locks the mutex itself.
func Local() {
	var mu sync.Mutex
	cond := sync.NewCond(&mu)
	ready := false
	go func() {
		mu.Lock()
		ready = true
		mu.Unlock()
		cond.Broadcast()
	}()
	wait := func() {
		mu.Lock()
		for !ready {
			cond.Wait()
		}
		mu.Unlock()
	}
	wait()
}

// Released unlocks c.L and then waits: reported even though the Cond
// came in as a parameter.
func Released(cond *sync.Cond, done func() bool) {
	cond.L.Lock()
	ok := done()
	cond.L.Unlock()
	for !ok {
		cond.Wait() // want `^cond\.Wait is called without holding cond\.L`
		ok = done()
	}
}
