// Package loop_continue shows a worker loop whose continue skips the
// Unlock: the next iteration's Lock finds q.mu still held by the previous
// one and blocks forever. Unlocking before the continue, or locking and
// unlocking once per iteration, is fine.
package loop_continue

import "sync"

type Job struct {
	ID        int
	Cancelled bool
}

type Queue struct {
	mu   sync.Mutex
	jobs []Job
	done int
}

// Drain runs queued jobs until the queue is empty.
func (q *Queue) Drain(run func(Job)) {
	for {
		q.mu.Lock() // want `^q\.mu is still held from the previous loop iteration; locking it again blocks forever: unlock it on every path through the loop body$`
		if len(q.jobs) == 0 {
			q.mu.Unlock()
			return
		}
		j := q.jobs[0]
		q.jobs = q.jobs[1:]
		if j.Cancelled {
			continue
		}
		q.mu.Unlock()
		run(j)
	}
}

// DrainFixed unlocks on the cancelled path too.
func (q *Queue) DrainFixed(run func(Job)) {
	for {
		q.mu.Lock()
		if len(q.jobs) == 0 {
			q.mu.Unlock()
			return
		}
		j := q.jobs[0]
		q.jobs = q.jobs[1:]
		if j.Cancelled {
			q.mu.Unlock()
			continue
		}
		q.mu.Unlock()
		run(j)
	}
}

// MarkDone locks and unlocks once per iteration.
func (q *Queue) MarkDone(ids []int) {
	for range ids {
		q.mu.Lock()
		q.done++
		q.mu.Unlock()
	}
}
