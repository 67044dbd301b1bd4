// Package lock_all_loop shows a sharded map that locks every shard in
// one loop and unlocks them all in another: each iteration locks a
// different shard, so nothing is locked twice. Locking the map's own
// mutex inside the loop without unlocking it is locking the same mutex
// on every iteration, and the second iteration blocks forever.
package lock_all_loop

import "sync"

type shard struct {
	mu    sync.Mutex
	items map[string]int
}

type Map struct {
	mu     sync.Mutex
	shards []*shard
	resets int
}

// Snapshot copies every shard under all shard locks at once.
func (m *Map) Snapshot() map[string]int {
	for _, s := range m.shards {
		s.mu.Lock()
	}
	out := make(map[string]int)
	for _, s := range m.shards {
		for k, v := range s.items {
			out[k] = v
		}
	}
	for _, s := range m.shards {
		s.mu.Unlock()
	}
	return out
}

// Reset clears every shard, counting resets under m.mu, which it locks
// on every iteration and unlocks once after the loop.
func (m *Map) Reset() {
	for _, s := range m.shards {
		m.mu.Lock() // want `^m\.mu is still held from the previous loop iteration`
		m.resets++
		s.items = make(map[string]int)
	}
	m.mu.Unlock()
}
