//go:build lockcheck

package runtime

import "sync/atomic"

// checking is true: the package was built with -tags lockcheck, and every
// primitive records what it needs to report misuse.
const checking = true

// lockCheck is the checking state embedded in each lock: a pointer to its
// lockState, allocated at the first acquisition (or SetName).
type lockCheck struct {
	p atomic.Pointer[lockState]
}

func (c *lockCheck) load() *lockState { return c.p.Load() }

// install publishes s unless another goroutine got there first, and returns
// the state in force.
func (c *lockCheck) install(s *lockState) *lockState {
	if c.p.CompareAndSwap(nil, s) {
		return s
	}
	return c.p.Load()
}
