// Package via_call_chain shows a lock taken again several calls deep:
// Flush holds b.mu and calls writeBatch, which calls bump, which locks
// b.mu; Close goes through a value-receiver method and a plain function.
// The message names the whole chain. The chain through the helper that
// expects the lock held is fine.
package via_call_chain

import "sync"

type Batcher struct {
	mu      sync.Mutex
	pending []string
	batches int
	send    func([]string)
	hooks   hooks
}

func (b *Batcher) bump() {
	b.mu.Lock()
	b.batches++
	b.mu.Unlock()
}

// writeBatch sends the pending lines; b.mu must be held.
func (b *Batcher) writeBatch() {
	b.send(b.pending)
	b.pending = nil
	b.bump()
}

func (b *Batcher) writeBatchLocked() {
	b.send(b.pending)
	b.pending = nil
	b.batches++
}

func (b *Batcher) Flush() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.pending) > 0 {
		b.writeBatch() // want `^b\.mu is already held; b\.writeBatch calls \(\*Batcher\)\.bump, which locks it again, so the call blocks forever \(sync\.Mutex is not reentrant\): release it before the call or call a variant that expects it held$`
	}
}

func (b *Batcher) FlushLocked() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.pending) > 0 {
		b.writeBatchLocked()
	}
}

type hooks struct{ countFinal bool }

func (h hooks) closing(b *Batcher) {
	if h.countFinal {
		recordBatch(b)
	}
}

func recordBatch(b *Batcher) {
	b.mu.Lock()
	b.batches++
	b.mu.Unlock()
}

func (b *Batcher) finish() { b.hooks.closing(b) }

func (b *Batcher) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.finish() // want `^b\.mu is already held; b\.finish calls hooks\.closing, which calls recordBatch, which locks it again`
}
