// Package range_func_body shows a range-over-func loop whose body locks
// a mutex the function already holds: the iterator calls the body
// synchronously, with the caller's locks held, so the body's Lock blocks
// forever. It is reported on the loop, which runs the body. Sum, whose
// body takes only a lock that is not held, is silent.
package range_func_body

import (
	"iter"
	"sync"
)

type Stats struct {
	mu    sync.Mutex
	itMu  sync.Mutex
	items []int
	total int
}

func (s *Stats) all() iter.Seq[int] {
	return func(yield func(int) bool) {
		for _, v := range s.items {
			if !yield(v) {
				return
			}
		}
	}
}

func (s *Stats) Recount() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.total = 0
	for v := range s.all() { // want `^s\.mu is already held; the body of this range-over-func loop locks it again, so the call blocks forever \(sync\.Mutex is not reentrant\)`
		s.mu.Lock()
		s.total += v
		s.mu.Unlock()
	}
}

func (s *Stats) Sum() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for v := range s.all() {
		s.itMu.Lock()
		n += v
		s.itMu.Unlock()
	}
	return n
}
