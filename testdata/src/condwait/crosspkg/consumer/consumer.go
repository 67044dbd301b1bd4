// Package consumer waits on a queue.Queue's Cond, whose binding to
// Queue.Mu was made in package queue and reaches this package only as a
// fact: waiting with q.Mu held is silent, and an exported Peek that never
// locks is reported, naming q.Mu.
package consumer

import "condwait/crosspkg/queue"

// Take waits with q.Mu held: silent.
func Take(q *queue.Queue) int {
	q.Mu.Lock()
	defer q.Mu.Unlock()
	for len(q.Items) == 0 {
		q.Cond.Wait()
	}
	v := q.Items[0]
	q.Items = q.Items[1:]
	return v
}

// Peek never takes q.Mu: reported.
func Peek(q *queue.Queue) int {
	for len(q.Items) == 0 {
		q.Cond.Wait() // want `^q\.Cond\.Wait is called without holding q\.Mu`
	}
	return q.Items[0]
}
