// Package entry_gate shows a gate lock held on entry: Tx.Unlock is
// called with tx.gate held (it releases the gate without taking it, as
// etcd's batch transaction does), and before releasing it, it takes
// s.right then s.left, directly and through flush. Rebalance takes them
// in the other order under the gate: the two exclude each other, so
// there is no deadlock and no report. After the release the gate no
// longer protects anything: UnlockThenFlush's inversion, made once the
// gate is released, is reported.
package entry_gate

import "sync"

type Tx struct {
	gate        sync.Mutex
	left, right sync.Mutex
	n           int
}

func (tx *Tx) Lock() { tx.gate.Lock() }

func (tx *Tx) Rebalance() {
	tx.gate.Lock()
	defer tx.gate.Unlock()
	tx.left.Lock()
	tx.right.Lock()
	tx.n++
	tx.right.Unlock()
	tx.left.Unlock()
}

func (tx *Tx) Unlock() {
	if tx.n > 0 {
		tx.flush()
	}
	tx.right.Lock()
	tx.left.Lock()
	tx.n = 0
	tx.left.Unlock()
	tx.right.Unlock()
	tx.gate.Unlock()
}

func (tx *Tx) flush() {
	tx.right.Lock()
	tx.left.Lock()
	tx.n--
	tx.left.Unlock()
	tx.right.Unlock()
}

type Other struct {
	gate        sync.Mutex
	left, right sync.Mutex
}

func (o *Other) Ordered() {
	o.gate.Lock()
	defer o.gate.Unlock()
	o.left.Lock()
	o.right.Lock() // want `lock order inversion: \(\*Other\)\.Ordered takes Other\.left then Other\.right; \(\*Other\)\.UnlockThenSwap takes Other\.right then Other\.left`
	o.right.Unlock()
	o.left.Unlock()
}

func (o *Other) UnlockThenSwap() {
	o.gate.Unlock()
	o.right.Lock()
	o.left.Lock() // want `lock order inversion: \(\*Other\)\.UnlockThenSwap takes Other\.right then Other\.left; \(\*Other\)\.Ordered takes Other\.left then Other\.right`
	o.left.Unlock()
	o.right.Unlock()
}
