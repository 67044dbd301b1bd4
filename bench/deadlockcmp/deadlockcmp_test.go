package deadlockcmp

import (
	"sync"
	"testing"

	lockrt "github.com/locklint/locklint/runtime"
	deadlock "github.com/sasha-s/go-deadlock"
)

// Each benchmark runs the three mutexes side by side. The lockrt rows
// measure checking off or on depending on the lockcheck build tag; the sync
// and go-deadlock rows do not depend on it.

// BenchmarkUncontended locks and unlocks one mutex in one goroutine, with
// the concrete types so that inlining counts.
func BenchmarkUncontended(b *testing.B) {
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
	b.Run("go-deadlock", func(b *testing.B) {
		var mu deadlock.Mutex
		for b.Loop() {
			mu.Lock()
			mu.Unlock()
		}
	})
}

// BenchmarkParallel locks and unlocks one mutex from GOMAXPROCS
// goroutines.
func BenchmarkParallel(b *testing.B) {
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
	b.Run("go-deadlock", func(b *testing.B) {
		var mu deadlock.Mutex
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				mu.Lock()
				mu.Unlock()
			}
		})
	})
}

// BenchmarkNested takes a second mutex while holding a first, the case
// lock-order checking exists for.
func BenchmarkNested(b *testing.B) {
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
	b.Run("go-deadlock", func(b *testing.B) {
		var outer, inner deadlock.Mutex
		for b.Loop() {
			outer.Lock()
			inner.Lock()
			inner.Unlock()
			outer.Unlock()
		}
	})
}
