// Package captured_local shows a local mutex captured by closures (the
// shape of grpc's BenchmarkRLockUnlock): inside a closure the lock is
// the enclosing function's local variable, with that variable's class,
// so a recursive read lock of a local nothing write-locks is silent
// (ReadTwice), while one of a local some closure write-locks is reported
// (ReadWhileWriter).
package captured_local

import "sync"

func run(fs ...func()) {
	for _, f := range fs {
		f()
	}
}

func ReadTwice(n int) {
	mu := sync.RWMutex{}
	run(func() {
		for i := 0; i < n; i++ {
			mu.RLock()
		}
		for i := 0; i < n; i++ {
			mu.RUnlock()
		}
	})
}

func ReadWhileWriter(n int) {
	mu := sync.RWMutex{}
	var total int
	go func() {
		mu.Lock()
		total++
		mu.Unlock()
	}()
	run(func() {
		mu.RLock()
		mu.RLock() // want `mu is already read-locked by this goroutine; a second RLock deadlocks as soon as a writer calls Lock between the two: do not read-lock recursively`
		_ = total
		mu.RUnlock()
		mu.RUnlock()
	})
}
