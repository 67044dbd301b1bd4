// Package queue is the upstream half of the cross-package case: it binds
// Queue.Cond to Queue.Mu in New, a binding its importers learn through
// facts. It uses the Cond correctly and reports nothing.
package queue

import "sync"

type Queue struct {
	Mu    sync.Mutex
	Cond  *sync.Cond
	Items []int
}

func New() *Queue {
	q := &Queue{}
	q.Cond = sync.NewCond(&q.Mu)
	return q
}

func (q *Queue) Push(v int) {
	q.Mu.Lock()
	q.Items = append(q.Items, v)
	q.Cond.Signal()
	q.Mu.Unlock()
}
