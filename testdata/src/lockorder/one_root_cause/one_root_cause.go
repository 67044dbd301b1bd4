// Package one_root_cause shows one bug reported once. Get and Put each
// record their call under their own mutex and then under
// invocationsMutex, and Invocations takes invocationsMutex, then getMu,
// then putMu: two inversions (getMu with invocationsMutex, putMu with
// invocationsMutex), each reported at both of its sides. Invocations'
// putMu.RLock also closes the longer cycle putMu -> invocationsMutex ->
// getMu -> putMu, and holds two locks that each close a cycle there;
// that cycle goes through an inverted pair already reported and is the
// same root cause, and the position gets one report.
package one_root_cause

import "sync"

type Store struct {
	getMu, putMu     sync.RWMutex
	gets, puts       int
	invocationsMutex sync.RWMutex
	invocations      map[string]int
}

func (s *Store) Get() {
	s.getMu.Lock()
	s.gets++
	s.record("Get") // want `^lock order inversion: \(\*Store\)\.Get takes Store\.getMu then Store\.invocationsMutex; \(\*Store\)\.Invocations takes Store\.invocationsMutex then Store\.getMu`
	s.getMu.Unlock()
}

func (s *Store) Put() {
	s.putMu.Lock()
	s.puts++
	s.record("Put") // want `^lock order inversion: \(\*Store\)\.Put takes Store\.putMu then Store\.invocationsMutex; \(\*Store\)\.Invocations takes Store\.invocationsMutex then Store\.putMu`
	s.putMu.Unlock()
}

func (s *Store) Invocations() (int, int) {
	s.invocationsMutex.RLock()
	defer s.invocationsMutex.RUnlock()
	s.getMu.RLock() // want `^lock order inversion: \(\*Store\)\.Invocations takes Store\.invocationsMutex then Store\.getMu; \(\*Store\)\.Get takes Store\.getMu then Store\.invocationsMutex`
	defer s.getMu.RUnlock()
	s.putMu.RLock() // want `^lock order inversion: \(\*Store\)\.Invocations takes Store\.invocationsMutex then Store\.putMu; \(\*Store\)\.Put takes Store\.putMu then Store\.invocationsMutex`
	defer s.putMu.RUnlock()
	return s.gets, s.puts
}

func (s *Store) record(key string) {
	s.invocationsMutex.Lock()
	defer s.invocationsMutex.Unlock()
	if s.invocations == nil {
		s.invocations = map[string]int{}
	}
	s.invocations[key]++
}
