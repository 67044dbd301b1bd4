// want package:`lockorder\(S.a->S.b\)`

// Package summaries pins the summary facts the engine exports: what each
// function does to locks, in its parameters' terms.
package summaries

import "sync"

type S struct {
	mu   sync.Mutex
	RW   sync.RWMutex // exported: a private lock nothing is taken under is left out of facts
	a, b sync.Mutex
	n    int
}

var Global sync.Mutex // exported: see RW

// lock-free functions have no fact.
func plain(x int) int { return x + 1 }

func (s *S) lockUnlock() { // want lockUnlock:`lockstate\(acquires s.mu\)`
	s.mu.Lock()
	s.n++
	s.mu.Unlock()
}

func (s *S) readLocked() int { // want readLocked:`lockstate\(acquires s.RW\(r\)\)`
	s.RW.RLock()
	defer s.RW.RUnlock()
	return s.n
}

func (s *S) lockAll() { // want lockAll:`lockstate\(acquires s.a, acquires s.b, holds s.a, holds s.b\)`
	s.a.Lock()
	s.b.Lock()
}

func (s *S) unlockAll() { // want unlockAll:`lockstate\(releases s.a, releases s.b\)`
	s.b.Unlock()
	s.a.Unlock()
}

// A release on the paths where a parameter is true is a conditional
// release helper.
func (s *S) maybeUnlock(c bool) { // want maybeUnlock:`lockstate\(releases s.mu if p1\)`
	if c {
		s.mu.Unlock()
	}
}

// A release on one path only, under no parameter's condition, is not a
// release helper.
func (s *S) unlockIfEmpty() { // want unlockIfEmpty:`lockstate\(may-release s.mu\)`
	if s.n == 0 {
		s.mu.Unlock()
	}
}

func (s *S) begin() func() { // want begin:`lockstate\(acquires s.a, acquires s.b, holds s.a, holds s.b, returns-release s.a, returns-release s.b\)`
	s.lockAll()
	return s.unlockAll
}

func viaGlobal() { // want viaGlobal:`lockstate\(acquires Global\)`
	Global.Lock()
	defer Global.Unlock()
}

// Calls propagate: the callee's acquisition is the caller's, in the
// caller's terms.
func outer(t *S) { // want outer:`lockstate\(acquires t.mu\)`
	t.lockUnlock()
}

// Released first, then taken again: the caller's lock is dropped before
// the acquisition, so it is not an acquisition a holder would deadlock on.
func (s *S) unlockAround(f func()) { // want unlockAround:`lockstate\(calls p1\)`
	s.mu.Unlock()
	f()
	s.mu.Lock()
}

// Released, then another lock taken, then the caller's taken again: the
// acquisition of s.b happens without s.a, so a caller holding s.a gets
// no s.a -> s.b edge from it.
func (s *S) waitForB() { // want waitForB:`lockstate\(acquires s.b after releasing s.a\)`
	s.a.Unlock()
	s.b.Lock()
	s.b.Unlock()
	s.a.Lock()
}

// Released, taken again and released again: for the caller, a release.
func (s *S) retryAndUnlock(again bool) { // want retryAndUnlock:`lockstate\(releases s.a\)`
	s.a.Unlock()
	if again {
		s.a.Lock()
		s.n++
		s.a.Unlock()
	}
}

// A conditional acquire helper: it returns holding s.a exactly when
// asked to.
func (s *S) lockIf(c bool) { // want lockIf:`lockstate\(acquires s.a if p1, holds s.a if p1\)`
	if c {
		s.a.Lock()
	}
}

func (s *S) fail() { // want fail:`lockstate\(may-panic\)`
	if s.n < 0 {
		panic("negative")
	}
}

func (s *S) failsInside() { // want failsInside:`lockstate\(may-panic\)`
	s.fail()
}

// A deferred recover stops the panic.
func (s *S) recovered() {
	defer func() { recover() }()
	s.fail()
}

// Mutual recursion reaches a fixpoint: both acquire s.mu.
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

// A function that calls its function-typed parameter holding a lock has
// a higher-order summary: a caller passing a function that takes s.mu
// deadlocks.
func (s *S) each(fn func(int)) { // want each:`lockstate\(acquires s.mu, calls p1 holding s.mu\)`
	s.mu.Lock()
	defer s.mu.Unlock()
	fn(s.n)
}

// Passing the parameter on to such a function keeps it.
func (s *S) walk(fn func(int)) { // want walk:`lockstate\(acquires s.mu, calls p1 holding s.mu\)`
	s.each(fn)
}
