// Package iface_order shows a lock-order inversion whose one side goes
// through an interface: a key/value store notifies its listeners while
// it holds s.mu, and the only Listener of the program is the prefix
// index, whose OnSet locks ix.mu (KVStore.mu -> Index.mu); Rebuild holds
// ix.mu and reads the store's keys (Index.mu -> KVStore.mu). Audit's
// Sink has two implementations, one of which takes no lock: a call
// through it adds no edge, so Journal.mu, taken again under KVStore.mu
// by Export, closes no cycle.
package iface_order

import "sync"

type Listener interface {
	OnSet(key string)
}

type KVStore struct {
	mu        sync.Mutex
	data      map[string]string
	listeners []Listener
	sink      Sink
}

func (s *KVStore) Subscribe(l Listener) {
	s.mu.Lock()
	s.listeners = append(s.listeners, l)
	s.mu.Unlock()
}

func (s *KVStore) Set(k, v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data[k] = v
	for _, l := range s.listeners {
		l.OnSet(k) // want `^lock order inversion: \(\*KVStore\)\.Set takes KVStore\.mu then Index\.mu; \(\*Index\)\.Rebuild takes Index\.mu then KVStore\.mu: goroutines in both can deadlock; take the locks in one order everywhere$`
	}
	s.sink.Record(k)
}

func (s *KVStore) Keys() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for k := range s.data {
		out = append(out, k)
	}
	return out
}

type Index struct {
	mu    sync.Mutex
	store *KVStore
	count map[string]int
}

func NewIndex(s *KVStore) *Index {
	ix := &Index{store: s, count: map[string]int{}}
	s.Subscribe(ix)
	return ix
}

func (ix *Index) OnSet(key string) {
	ix.mu.Lock()
	ix.count[key]++
	ix.mu.Unlock()
}

func (ix *Index) Rebuild() {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	clear(ix.count)
	for _, k := range ix.store.Keys() { // want `^lock order inversion: \(\*Index\)\.Rebuild takes Index\.mu then KVStore\.mu; \(\*KVStore\)\.Set takes KVStore\.mu then Index\.mu: goroutines in both can deadlock; take the locks in one order everywhere$`
		ix.count[k]++
	}
}

// Sink records writes: a Journal locks, a discard does not.
type Sink interface {
	Record(key string)
}

type Journal struct {
	mu    sync.Mutex
	store *KVStore
	lines []string
}

func (j *Journal) Record(key string) {
	j.mu.Lock()
	j.lines = append(j.lines, key)
	j.mu.Unlock()
}

type discard struct{}

func (discard) Record(string) {}

func (j *Journal) Export() []string {
	j.mu.Lock()
	defer j.mu.Unlock()
	return append(j.lines, j.store.Keys()...)
}

func Use(s *KVStore, j *Journal, quiet bool) {
	if quiet {
		s.sink = discard{}
	} else {
		s.sink = j
	}
}
