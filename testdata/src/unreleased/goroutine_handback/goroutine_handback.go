// Package goroutine_handback shows a lock taken by a goroutine started
// here and released here after a receive that says it is taken (the shape
// of syncthing's sync_test.go): the goroutine keeps the lock (its summary
// holds it), so this function may release it, even after releasing its
// own read lock of the same mutex. Silent. Twice is the near miss: with no
// goroutine taking the lock, the second Unlock is a double unlock.
package goroutine_handback

import "sync"

func HandOff() {
	var mut sync.RWMutex
	taken := make(chan struct{})
	mut.RLock()
	go func() {
		mut.Lock()
		close(taken)
	}()
	mut.RUnlock()
	<-taken
	mut.Unlock()
}

func Twice() {
	var mut sync.RWMutex
	mut.Lock()
	mut.Unlock()
	mut.Unlock() // want `mut is not locked here \(it was already unlocked on this path\)`
}
