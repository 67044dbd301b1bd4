// Package one_branch shows a mutex taken on one branch only and taken
// again after the branches join: on the path through the branch the
// second Lock blocks forever. The variant that releases inside the
// branch is fine.
package one_branch

import "sync"

type Histogram struct {
	mu      sync.Mutex
	total   int
	count   int
	samples []int
}

// Observe records v, keeping a sample when asked. The branch forgot its
// Unlock.
func (h *Histogram) Observe(v int, keep bool) {
	if keep {
		h.mu.Lock()
		h.samples = append(h.samples, v)
	}
	h.mu.Lock() // want `^h\.mu is already held; this Lock blocks forever \(sync\.Mutex is not reentrant\)`
	h.total += v
	h.count++
	h.mu.Unlock()
}

// ObserveFixed releases the lock before leaving the branch.
func (h *Histogram) ObserveFixed(v int, keep bool) {
	if keep {
		h.mu.Lock()
		h.samples = append(h.samples, v)
		h.mu.Unlock()
	}
	h.mu.Lock()
	h.total += v
	h.count++
	h.mu.Unlock()
}
