// Package suppressed shows //locklint:ignore for doubleacquire: a
// deliberate re-lock in a test of a deadlock detector is silenced with a
// reason; naming no locklint pass takes no effect and is reported by
// lockorder (not here); the same re-lock without a directive is reported.
package suppressed

import "sync"

// Deadlock locks mu twice on purpose, to exercise a detector.
func Deadlock(mu *sync.Mutex) {
	mu.Lock()
	mu.Lock() //locklint:ignore doubleacquire deliberate: the detector under test must see this
}

// DeadlockFunc is silenced as a whole.
//
//locklint:ignore doubleacquire,unreleased deliberate deadlock for the detector's test
func DeadlockFunc(mu *sync.Mutex) {
	mu.Lock()
	mu.Lock()
}

// Accidental is not silenced.
func Accidental(mu *sync.Mutex) {
	mu.Lock()
	mu.Lock() // want `^mu is already held; this Lock blocks forever`
}

// Misspelt names no pass: no effect, and only lockorder reports the
// directive itself.
func Misspelt(mu *sync.Mutex) {
	mu.Lock()
	mu.Lock() //locklint:ignore doubleaquire typo // want `^mu is already held; this Lock blocks forever`
}
