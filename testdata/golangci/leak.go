package gcltest

import (
	"errors"
	"sync"
)

// ErrShort is returned by Queue.Drop when fewer items are queued.
var ErrShort = errors.New("too few items queued")

// Queue is a FIFO queue of strings.
type Queue struct {
	mu    sync.Mutex
	items []string
}

// Drop returns early with q.mu still locked when too few items are
// queued: every later Drop and Push blocks forever.
func (q *Queue) Drop(n int) error {
	q.mu.Lock() // related: locked here
	if n > len(q.items) {
		return ErrShort // want unreleased
	}
	q.items = q.items[n:]
	q.mu.Unlock()
	return nil
}

// Push appends s.
func (q *Queue) Push(s string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.items = append(q.items, s)
}
