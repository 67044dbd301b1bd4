// Package both imports left and right, which take locks.ConfigMu and
// locks.CacheMu in opposite orders without importing each other. It is
// the first package that sees both edges, and it has none of its own, so
// the cycle is reported at its import: the first import that holds an
// edge of the cycle.
package both

import (
	"lockorder/crosspkg/left" // want `^lock order cycle across imported packages: right\.Evict takes locks\.CacheMu then locks\.ConfigMu; left\.Reload takes locks\.ConfigMu then locks\.CacheMu: goroutines in these functions can deadlock; take the locks in one order everywhere$`
	"lockorder/crosspkg/right"
)

// Start runs a reload and an eviction concurrently: they can deadlock.
func Start() {
	go left.Reload("cache.disabled", "tmp")
	go right.Evict()
}
