// Package if_wait shows a Wait guarded by an if: after waking, the job
// queue may be empty again (another worker took the job first, or a
// Broadcast woke every worker), so Take can index an empty slice. It is
// reported. The two loop forms beside it, a predicate loop and an
// endless loop that breaks once the predicate holds, are silent.
package if_wait

import "sync"

type JobQueue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	jobs   []string
	closed bool
}

func NewJobQueue() *JobQueue {
	q := new(JobQueue)
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *JobQueue) Put(job string) {
	q.mu.Lock()
	q.jobs = append(q.jobs, job)
	q.mu.Unlock()
	q.cond.Signal()
}

func (q *JobQueue) Close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Broadcast()
}

// Take waits at most once: reported.
func (q *JobQueue) Take() string {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.jobs) == 0 {
		q.cond.Wait() // want `^q\.cond\.Wait is not in a loop that re-checks the condition: Wait can return before the condition holds \(a Broadcast, another waiter taking the change first\), and a Signal sent before the Wait is lost; wait in a loop: for !condition \{ q\.cond\.Wait\(\) \}$`
	}
	job := q.jobs[0]
	q.jobs = q.jobs[1:]
	return job
}

// TakeLoop re-checks the predicate after every wake-up: silent.
func (q *JobQueue) TakeLoop() string {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.jobs) == 0 {
		q.cond.Wait()
	}
	job := q.jobs[0]
	q.jobs = q.jobs[1:]
	return job
}

// TakeOrClosed loops forever and breaks out once there is a job or the
// queue is closed: silent.
func (q *JobQueue) TakeOrClosed() (string, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for {
		if len(q.jobs) > 0 || q.closed {
			break
		}
		q.cond.Wait()
	}
	if len(q.jobs) == 0 {
		return "", false
	}
	job := q.jobs[0]
	q.jobs = q.jobs[1:]
	return job, true
}
