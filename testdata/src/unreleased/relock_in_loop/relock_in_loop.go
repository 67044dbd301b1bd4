// Package relock_in_loop shows a function called with s.mu held that
// releases it around the work on each block and takes it back before the
// next (the shape of nats-server's (*fileStore).firstSeqForSubj): every
// path, the continue included, ends holding s.mu again, which is the
// caller's to release. No report. Drop is the near miss: on the closed
// path it returns holding b.mu, which the other path unlocks.
package relock_in_loop

import "sync"

type block struct {
	mu     sync.Mutex
	closed bool
	n      int
}

type Store struct {
	mu     sync.Mutex
	blocks []*block
}

// countLocked is called with s.mu held.
func (s *Store) countLocked() int {
	n := 0
	for _, b := range s.blocks {
		s.mu.Unlock()
		b.mu.Lock()
		if b.closed {
			b.mu.Unlock()
			s.mu.Lock()
			continue
		}
		n += b.n
		b.mu.Unlock()
		s.mu.Lock()
	}
	return n
}

func (s *Store) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.countLocked()
}

func (s *Store) Drop(i int) {
	s.mu.Lock()
	b := s.blocks[i]
	s.mu.Unlock()
	b.mu.Lock()
	if b.closed {
		s.mu.Lock()
		return // want `b\.mu is still locked after this return, but other paths unlock it`
	}
	b.n = 0
	b.mu.Unlock()
	s.mu.Lock()
	s.blocks[i] = nil
	s.mu.Unlock()
}
