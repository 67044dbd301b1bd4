// Package defer_in_loop shows the shape of testing's
// (*common).destination: j.mu is locked with a deferred Unlock, then a
// loop walks the parents, locking each one and deferring its Unlock
// before deciding whether to return it. Each Lock is paired with its own
// deferred Unlock, so every lock taken is released when the function
// returns, whichever return it takes. A caller that holds nothing may
// call it twice in a row.
package defer_in_loop

import "sync"

type Job struct {
	mu     sync.Mutex
	parent *Job
	done   bool
	log    []string
}

// sink returns j if it is still running, otherwise its closest running
// ancestor, or nil.
func (j *Job) sink() *Job {
	j.mu.Lock()
	defer j.mu.Unlock()
	if !j.done {
		return j
	}
	for parent := j.parent; parent != nil; parent = parent.parent {
		parent.mu.Lock()
		defer parent.mu.Unlock()
		if !parent.done {
			return parent
		}
	}
	return nil
}

// Route reports whether two jobs write to the same place.
func Route(a, b *Job) bool {
	return a.sink() == b.sink()
}

// Logf appends a line to the log of the job's sink.
func (j *Job) Logf(line string) {
	if dst := j.sink(); dst != nil {
		dst.mu.Lock()
		dst.log = append(dst.log, line)
		dst.mu.Unlock()
	}
}
