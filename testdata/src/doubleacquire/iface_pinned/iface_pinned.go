// Package iface_pinned shows an interface call whose receiver the
// function itself converts: notify takes the index's lock and then calls
// OnSet through a Listener variable that holds the same index, whose
// OnSet locks ix.mu again. When the variable may hold another index
// (a phi of two values), the lock is another instance and nothing is
// reported.
package iface_pinned

import "sync"

type Listener interface {
	OnSet(key string)
}

type Index struct {
	mu    sync.Mutex
	count map[string]int
}

func (ix *Index) OnSet(key string) {
	ix.mu.Lock()
	ix.count[key]++
	ix.mu.Unlock()
}

func notify(ix *Index, key string) {
	var l Listener = ix
	ix.mu.Lock()
	defer ix.mu.Unlock()
	l.OnSet(key) // want `^ix\.mu is already held; l\.OnSet calls \(\*Index\)\.OnSet, which locks it again, so the call blocks forever \(sync\.Mutex is not reentrant\): release it before the call or call a variant that expects it held$`
}

func forward(ix, other *Index, key string) {
	var l Listener = ix
	if len(key) > 3 {
		l = other
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	l.OnSet(key)
}
