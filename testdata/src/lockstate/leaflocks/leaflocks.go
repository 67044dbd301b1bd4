// want package:`lockorder\(outer->inner\)`

// Package leaflocks shows which acquisitions the facts leave out: those
// of private leaf locks, which other packages cannot name and under
// which this package takes nothing else (the shape of sync.Pool's
// allPoolsMu, behind fmt.Sprintf, or a logger's mutex). Get and Put
// take only such locks: they export no fact, and a caller in another
// package (leafuser) learns nothing to order its own locks against;
// Nested's fact names outer but not inner, a leaf. The near misses keep
// their facts: under outer another lock is taken; under
// hooksMu a function value is called; Held returns holding heldMu; and
// Exported's lock can be named by other packages.
package leaflocks

import "sync"

var (
	cacheMu sync.Mutex
	cache   = map[string]int{}
)

type pool struct {
	mu    sync.Mutex
	items []int
}

var thePool pool

func Get(k string) int {
	cacheMu.Lock()
	defer cacheMu.Unlock()
	return cache[k]
}

func Put(v int) {
	thePool.mu.Lock()
	thePool.items = append(thePool.items, v)
	thePool.mu.Unlock()
}

var outer, inner sync.Mutex

func Nested() { // want Nested:`lockstate\(acquires outer\)`
	outer.Lock()
	inner.Lock()
	inner.Unlock()
	outer.Unlock()
}

var (
	hooksMu sync.Mutex
	hooks   []func()
)

func RunHooks() { // want RunHooks:`lockstate\(acquires hooksMu\)`
	hooksMu.Lock()
	defer hooksMu.Unlock()
	for _, h := range hooks {
		h()
	}
}

var heldMu sync.Mutex

func Held() { // want Held:`lockstate\(acquires heldMu, holds heldMu\)`
	heldMu.Lock()
}

func Release() { // want Release:`lockstate\(releases heldMu\)`
	heldMu.Unlock()
}

var Exported sync.Mutex

func UseExported() { // want UseExported:`lockstate\(acquires Exported\)`
	Exported.Lock()
	Exported.Unlock()
}
