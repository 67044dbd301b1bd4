// Package type_assert shows a lock taken and released through the same
// type assertion of an unchanging field, tested twice (the shape of
// nats-server's TestJetStreamTHWExpireTasksRace: `if fs, ok :=
// mset.store.(*fileStore); ok { fs.mu.Lock() } else if ms, ok := ...`,
// then the same to unlock). Two assertions of one field with no store
// between are one condition, and the asserted values are the field, so
// exactly one lock is taken and the same one released: Pause is silent,
// and so is PauseLookup, whose stream is a call's result captured by a
// goroutine (the tests load through the same variable, assigned once).
// Partial is the near miss: its second test adds a condition, and the
// lock stays held when that fails.
package type_assert

import "sync"

type Store interface{ Len() int }

type fileStore struct {
	mu   sync.Mutex
	msgs int
}

func (fs *fileStore) Len() int { return fs.msgs }

type memStore struct {
	mu   sync.Mutex
	msgs int
}

func (ms *memStore) Len() int { return ms.msgs }

type stream struct{ store Store }

func Pause(mset *stream, wait func()) {
	if fs, ok := mset.store.(*fileStore); ok {
		fs.mu.Lock()
	} else if ms, ok := mset.store.(*memStore); ok {
		ms.mu.Lock()
	}
	wait()
	if fs, ok := mset.store.(*fileStore); ok {
		fs.mu.Unlock()
	} else if ms, ok := mset.store.(*memStore); ok {
		ms.mu.Unlock()
	}
}

var streams = map[string]*stream{}

func lookup(name string) *stream { return streams[name] }

func PauseLookup(name string, wait func()) {
	mset := lookup(name)
	if fs, ok := mset.store.(*fileStore); ok {
		fs.mu.Lock()
	} else if ms, ok := mset.store.(*memStore); ok {
		ms.mu.Lock()
	}
	done := make(chan int)
	go func() { done <- mset.store.Len() }()
	wait()
	<-done
	if fs, ok := mset.store.(*fileStore); ok {
		fs.mu.Unlock()
	} else if ms, ok := mset.store.(*memStore); ok {
		ms.mu.Unlock()
	}
}

func Partial(mset *stream) {
	if fs, ok := mset.store.(*fileStore); ok {
		fs.mu.Lock()
	}
	if fs, ok := mset.store.(*fileStore); ok && fs.msgs > 0 {
		fs.mu.Unlock()
	}
} // want `fs\.mu is still locked at the end of the function, but other paths unlock it`
