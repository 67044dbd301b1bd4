// Package rw_recursive_read shows read locks taken recursively: RLock
// while already holding the read lock, directly or through Sum. It works
// until a writer calls Lock between the two RLocks; then the writer waits
// for the first reader and the second RLock waits for the writer (Append
// is one). Reading through a helper that does not lock, or read-locking
// again after the RUnlock, is fine; so is a recursive read lock of a
// mutex nothing ever write-locks (Table's: no writer can come between).
package rw_recursive_read

import "sync"

type Series struct {
	mu     sync.RWMutex
	values []float64
}

// Append is the writer.
func (s *Series) Append(v float64) {
	s.mu.Lock()
	s.values = append(s.values, v)
	s.mu.Unlock()
}

// Table is read-locked only: its values are set before it is shared.
type Table struct {
	mu   sync.RWMutex
	rows []string
}

func (t *Table) Len() int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return len(t.rows)
}

func (t *Table) First() string {
	t.mu.RLock()
	defer t.mu.RUnlock()
	if t.Len() == 0 {
		return ""
	}
	return t.rows[0]
}

func (s *Series) Sum() float64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.sumLocked()
}

func (s *Series) sumLocked() float64 {
	var t float64
	for _, v := range s.values {
		t += v
	}
	return t
}

// Mean calls the read-locking Sum while holding the read lock.
func (s *Series) Mean() float64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if len(s.values) == 0 {
		return 0
	}
	total := s.Sum() // want `^s\.mu is already read-locked by this goroutine; s\.Sum locks it again with RLock, which deadlocks as soon as a writer calls Lock in between: do not read-lock recursively$`
	return total / float64(len(s.values))
}

// Last pasted a locked snapshot into a function that holds the lock.
func (s *Series) Last(n int) []float64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if n > len(s.values) {
		n = len(s.values)
	}
	s.mu.RLock() // want `^s\.mu is already read-locked by this goroutine; a second RLock deadlocks as soon as a writer calls Lock between the two: do not read-lock recursively$`
	out := append([]float64(nil), s.values[len(s.values)-n:]...)
	s.mu.RUnlock()
	return out
}

// MeanFixed uses the helper that expects the lock held.
func (s *Series) MeanFixed() float64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if len(s.values) == 0 {
		return 0
	}
	return s.sumLocked() / float64(len(s.values))
}

// Report read-locks twice, one after the other.
func (s *Series) Report() (float64, int) {
	s.mu.RLock()
	n := len(s.values)
	s.mu.RUnlock()
	return s.Sum(), n
}
