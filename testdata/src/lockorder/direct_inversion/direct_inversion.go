// Package direct_inversion shows two methods of one type taking the same
// two mutexes in opposite orders: AddRoute holds routesMu and waits for
// statsMu while Report holds statsMu and waits for routesMu, so two
// goroutines calling them at once can deadlock. Both inner Locks are
// reported. Reset, which releases statsMu before it takes routesMu, and
// Table, whose two methods agree on the order, are fine.
package direct_inversion

import "sync"

type Router struct {
	routesMu sync.Mutex
	routes   map[string]string

	statsMu sync.Mutex
	hits    map[string]int
}

// AddRoute takes routesMu, then statsMu.
func (r *Router) AddRoute(path, backend string) {
	r.routesMu.Lock()
	defer r.routesMu.Unlock()
	r.routes[path] = backend
	r.statsMu.Lock() // want `^lock order inversion: \(\*Router\)\.AddRoute takes Router\.routesMu then Router\.statsMu; \(\*Router\)\.Report takes Router\.statsMu then Router\.routesMu: goroutines in both can deadlock; take the locks in one order everywhere$`
	r.hits[path] = 0
	r.statsMu.Unlock()
}

// Report takes statsMu, then routesMu: the other order.
func (r *Router) Report() map[string]int {
	r.statsMu.Lock()
	defer r.statsMu.Unlock()
	out := make(map[string]int, len(r.hits))
	r.routesMu.Lock() // want `^lock order inversion: \(\*Router\)\.Report takes Router\.statsMu then Router\.routesMu; \(\*Router\)\.AddRoute takes Router\.routesMu then Router\.statsMu: goroutines in both can deadlock; take the locks in one order everywhere$`
	for path := range r.routes {
		out[path] = r.hits[path]
	}
	r.routesMu.Unlock()
	return out
}

// Reset releases statsMu before it takes routesMu: it never holds both,
// so it adds no order.
func (r *Router) Reset() {
	r.statsMu.Lock()
	clear(r.hits)
	r.statsMu.Unlock()

	r.routesMu.Lock()
	clear(r.routes)
	r.routesMu.Unlock()
}

// Table takes keysMu before valuesMu in both methods.
type Table struct {
	keysMu   sync.Mutex
	keys     []string
	valuesMu sync.Mutex
	values   map[string]string
}

func (t *Table) Put(k, v string) {
	t.keysMu.Lock()
	defer t.keysMu.Unlock()
	t.valuesMu.Lock()
	defer t.valuesMu.Unlock()
	t.keys = append(t.keys, k)
	t.values[k] = v
}

func (t *Table) Dump() []string {
	t.keysMu.Lock()
	defer t.keysMu.Unlock()
	t.valuesMu.Lock()
	defer t.valuesMu.Unlock()
	out := make([]string, 0, len(t.keys))
	for _, k := range t.keys {
		out = append(out, k+"="+t.values[k])
	}
	return out
}
