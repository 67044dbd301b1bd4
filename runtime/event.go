package runtime

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// An Event is a flag that goroutines can wait for, like Python's
// threading.Event: Set raises it and wakes every waiter, Clear lowers it,
// and Wait returns once it is raised. The zero value is a lowered flag. An
// Event must not be copied after first use.
type Event struct {
	flag atomic.Bool
	mu   sync.Mutex
	ch   chan struct{} // closed by Set; nil until someone waits
}

// Set raises the flag and wakes all waiters.
func (e *Event) Set() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.flag.Load() {
		return
	}
	e.flag.Store(true)
	if e.ch != nil {
		close(e.ch)
		e.ch = nil
	}
}

// Clear lowers the flag; later Waits block until the next Set.
func (e *Event) Clear() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.flag.Store(false)
}

// IsSet reports whether the flag is raised.
func (e *Event) IsSet() bool { return e.flag.Load() }

// Wait returns once the flag is raised.
func (e *Event) Wait() {
	if c := e.waitChan(); c != nil {
		<-c
	}
}

// WaitTimeout waits at most d for the flag and reports whether it is
// raised, as Python's Event.wait does. A d <= 0 does not wait.
func (e *Event) WaitTimeout(d time.Duration) bool {
	c := e.waitChan()
	if c == nil {
		return true
	}
	if d <= 0 {
		return e.IsSet()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-c:
		return true
	case <-t.C:
		return e.IsSet()
	}
}

// WaitContext waits for the flag unless ctx is done first, in which case it
// returns ctx.Err(). A raised flag returns nil even if ctx is done.
func (e *Event) WaitContext(ctx context.Context) error {
	c := e.waitChan()
	if c == nil {
		return nil
	}
	select {
	case <-c:
		return nil
	case <-ctx.Done():
		if e.IsSet() {
			return nil
		}
		return ctx.Err()
	}
}

// waitChan returns a channel closed by the next Set, or nil if the flag is
// raised.
func (e *Event) waitChan() chan struct{} {
	if e.flag.Load() {
		return nil
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.flag.Load() {
		return nil
	}
	if e.ch == nil {
		e.ch = make(chan struct{})
	}
	return e.ch
}
