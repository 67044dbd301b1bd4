// Package ring holds a recursive component of six functions calling
// each other in a ring, of which only the last takes a lock: solved
// callees first, each function is analysed once and the last one twice
// (the component's fixpoint test). The lock is exported, so that the
// facts name it.
package ring

import "sync"

type S struct{ Mu sync.Mutex }

func (s *S) f0(n int) { // want f0:`lockstate\(acquires s.Mu\)`
	if n > 0 {
		s.f1(n - 1)
	}
}

func (s *S) f1(n int) { s.f2(n) } // want f1:`lockstate\(acquires s.Mu\)`
func (s *S) f2(n int) { s.f3(n) } // want f2:`lockstate\(acquires s.Mu\)`
func (s *S) f3(n int) { s.f4(n) } // want f3:`lockstate\(acquires s.Mu\)`
func (s *S) f4(n int) { s.f5(n) } // want f4:`lockstate\(acquires s.Mu\)`

func (s *S) f5(n int) { // want f5:`lockstate\(acquires s.Mu\)`
	s.Mu.Lock()
	s.Mu.Unlock()
	s.f0(n)
}
