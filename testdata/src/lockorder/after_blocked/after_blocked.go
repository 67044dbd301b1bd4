// Package after_blocked shows lock-order edges that cannot happen because
// the goroutine is already stuck. Check panics with s.mu held; the
// deferred s.Stop locks s.mu again and blocks for ever there (a double
// acquire, doubleacquire's report), so Stop never gets to s.syncMu with
// s.mu held, and Check's later deferred s.Close never runs: neither
// "s.mu then s.syncMu" nor "s.mu then s.closeMu" happens, and
// syncBlocks' documented order (syncMu, then mu) and shutdown's (closeMu,
// then mu) are not inverted. Rotate is the near miss: it really takes
// s.mu then s.closeMu.
package after_blocked

import (
	"errors"
	"sync"
)

type store struct {
	mu      sync.Mutex
	syncMu  sync.Mutex
	closeMu sync.Mutex
	dirty   int
}

func (s *store) syncBlocks() {
	s.syncMu.Lock()
	s.mu.Lock()
	s.dirty = 0
	s.mu.Unlock()
	s.syncMu.Unlock()
}

func (s *store) shutdown() {
	s.closeMu.Lock()
	s.mu.Lock() // want `lock order inversion: \(\*store\)\.shutdown takes store\.closeMu then store\.mu; \(\*store\)\.Rotate takes store\.mu then store\.closeMu`
	s.dirty = -2
	s.mu.Unlock()
	s.closeMu.Unlock()
}

func (s *store) Stop() {
	s.mu.Lock()
	s.dirty = -1
	s.mu.Unlock()
	s.syncMu.Lock()
	s.syncMu.Unlock()
}

func (s *store) Close() {
	s.closeMu.Lock()
	s.dirty = -3
	s.closeMu.Unlock()
}

var errBad = errors.New("bad")

func (s *store) Check(ok bool) {
	defer s.Close()
	defer s.Stop()
	go s.syncBlocks()
	go s.shutdown()
	s.mu.Lock()
	if !ok {
		panic(errBad)
	}
	s.mu.Unlock()
}

func (s *store) Rotate() {
	s.mu.Lock()
	s.closeMu.Lock() // want `lock order inversion: \(\*store\)\.Rotate takes store\.mu then store\.closeMu; \(\*store\)\.shutdown takes store\.closeMu then store\.mu`
	s.dirty = 0
	s.closeMu.Unlock()
	s.mu.Unlock()
}
