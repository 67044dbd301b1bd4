// Package loop_continue shows a loop over the shards of a map whose
// continue skips the Unlock: each iteration locks a different shard, so
// nothing deadlocks here, but every empty shard stays locked for good.
// Unlocking before the continue is fine.
package loop_continue

import "sync"

type shard struct {
	mu    sync.Mutex
	items map[string]int64
}

type Map struct {
	shards []*shard
}

// Expire drops entries older than cutoff.
func (m *Map) Expire(cutoff int64) int {
	removed := 0
	for _, sh := range m.shards {
		sh.mu.Lock()
		if len(sh.items) == 0 {
			continue // want `^sh\.mu is still locked after this continue, but other paths unlock it: unlock it before the continue, or defer the Unlock right after Lock$`
		}
		for k, ts := range sh.items {
			if ts < cutoff {
				delete(sh.items, k)
				removed++
			}
		}
		sh.mu.Unlock()
	}
	return removed
}

// ExpireFixed unlocks empty shards too.
func (m *Map) ExpireFixed(cutoff int64) int {
	removed := 0
	for _, sh := range m.shards {
		sh.mu.Lock()
		if len(sh.items) == 0 {
			sh.mu.Unlock()
			continue
		}
		for k, ts := range sh.items {
			if ts < cutoff {
				delete(sh.items, k)
				removed++
			}
		}
		sh.mu.Unlock()
	}
	return removed
}
