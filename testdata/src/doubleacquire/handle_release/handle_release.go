// Package handle_release shows acquire helpers that return a handle
// whose method releases the lock (etcd's store.Write returns a TxnWrite
// holding s.mu for reading; txn.End() releases it). The release is not
// on the path the engine gave the lock (s.mu) but on the handle's
// (txn.s.mu), and through an interface it has no known effect at all;
// the engine takes the handle's calls to end the holding, so a loop that
// calls Write then End is not a recursive read lock. Both the interface
// (PutAll) and the concrete handle (PutAllConcrete) are silent. So is a
// handle whose Abort releases the lock only while the transaction is
// open (go-memdb's Txn.Abort: "no-op for already aborted or committed
// transactions"): the condition is the handle's state, which the
// acquisition set (WriteTwice, a test of go-memdb). Nested is the near
// miss: it takes a second transaction while the first is open.
package handle_release

import "sync"

type TxnWrite interface {
	Put(k, v string)
	End()
}

type store struct {
	mu sync.RWMutex
	kv map[string]string
}

type txnWrite struct{ s *store }

func (s *store) Write() TxnWrite {
	s.mu.RLock()
	return &txnWrite{s}
}

func (s *store) write() *txnWrite {
	s.mu.RLock()
	return &txnWrite{s}
}

func (tw *txnWrite) Put(k, v string) { tw.s.kv[k] = v }

func (tw *txnWrite) End() { tw.s.mu.RUnlock() }

type txn struct {
	db   *db
	done bool
}

type db struct {
	writer sync.Mutex
	kv     map[string]string
}

func (d *db) Txn() *txn {
	d.writer.Lock()
	return &txn{db: d}
}

// Abort is a no-op for a finished transaction.
func (t *txn) Abort() {
	if t.done {
		return
	}
	t.done = true
	t.db.writer.Unlock()
}

func WriteTwice(d *db) {
	t := d.Txn()
	t.Abort()
	t.Abort()
	t = d.Txn()
	t.Abort()
}

func AbortForgotten(d *db) {
	d.Txn()
	t := d.Txn() // want `^d\.writer is already held; d\.Txn locks it again`
	t.Abort()
}

func (s *store) Compact() {
	s.mu.Lock()
	s.kv = map[string]string{}
	s.mu.Unlock()
}

func PutAll(s *store, keys []string) {
	for _, k := range keys {
		txn := s.Write()
		txn.Put(k, "v")
		txn.End()
	}
}

func PutAllConcrete(s *store, keys []string) {
	for _, k := range keys {
		txn := s.write()
		txn.Put(k, "v")
		txn.End()
	}
}

func Nested(s *store) {
	outer := s.write()
	inner := s.write() // want `^s\.mu is already read-locked by this goroutine; s\.write locks it again with RLock`
	inner.Put("a", "b")
	inner.End()
	outer.End()
}
