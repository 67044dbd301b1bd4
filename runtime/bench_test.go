package runtime_test

import (
	"sync"
	"testing"

	lockrt "github.com/locklint/locklint/runtime"
)

// Benchmarks against sync in the same run. Compare checking off and on:
//
//	go test -run '^$' -bench . ./runtime/
//	go test -run '^$' -bench . -tags lockcheck ./runtime/

// BenchmarkMutexUncontended calls the concrete types directly (no
// interface), as user code does, so that inlining counts.
func BenchmarkMutexUncontended(b *testing.B) {
	b.Run("sync", func(b *testing.B) {
		var mu sync.Mutex
		for b.Loop() {
			mu.Lock()
			mu.Unlock()
		}
	})
	b.Run("lockrt", func(b *testing.B) {
		var mu lockrt.Mutex
		for b.Loop() {
			mu.Lock()
			mu.Unlock()
		}
	})
}

func BenchmarkMutexParallel(b *testing.B) {
	b.Run("sync", func(b *testing.B) {
		var mu sync.Mutex
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				mu.Lock()
				mu.Unlock()
			}
		})
	})
	b.Run("lockrt", func(b *testing.B) {
		var mu lockrt.Mutex
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				mu.Lock()
				mu.Unlock()
			}
		})
	})
}

// BenchmarkMutexNested takes a second lock while holding a first, which
// with checking consults the lock-order graph.
func BenchmarkMutexNested(b *testing.B) {
	b.Run("sync", func(b *testing.B) {
		var outer, inner sync.Mutex
		for b.Loop() {
			outer.Lock()
			inner.Lock()
			inner.Unlock()
			outer.Unlock()
		}
	})
	b.Run("lockrt", func(b *testing.B) {
		var outer, inner lockrt.Mutex
		for b.Loop() {
			outer.Lock()
			inner.Lock()
			inner.Unlock()
			outer.Unlock()
		}
	})
}

func BenchmarkRWMutexRLockParallel(b *testing.B) {
	b.Run("sync", func(b *testing.B) {
		var rw sync.RWMutex
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				rw.RLock()
				rw.RUnlock()
			}
		})
	})
	b.Run("lockrt", func(b *testing.B) {
		var rw lockrt.RWMutex
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				rw.RLock()
				rw.RUnlock()
			}
		})
	})
}

func BenchmarkReentrantMutexUncontended(b *testing.B) {
	b.Run("lock", func(b *testing.B) {
		var r lockrt.ReentrantMutex
		for b.Loop() {
			r.Lock()
			r.Unlock()
		}
	})
	b.Run("reenter", func(b *testing.B) {
		var r lockrt.ReentrantMutex
		r.Lock()
		for b.Loop() {
			r.Lock()
			r.Unlock()
		}
		r.Unlock()
	})
}

func BenchmarkSemaphoreUncontended(b *testing.B) {
	s := lockrt.NewSemaphore(1)
	for b.Loop() {
		s.Acquire()
		s.Release()
	}
}
