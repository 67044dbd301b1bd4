// Package recursion holds a recursive component whose summaries need
// more than one round to converge (ping learns from pong what pong
// learns from ping), for the round budget's test.
package recursion

import "sync"

type S struct{ mu sync.Mutex }

func (s *S) ping(n int) { // want ping:`lockstate\(acquires s.mu\)`
	if n > 0 {
		s.pong(n - 1)
	}
}

func (s *S) pong(n int) { // want pong:`lockstate\(acquires s.mu\)`
	s.mu.Lock()
	s.mu.Unlock()
	s.ping(n)
}
