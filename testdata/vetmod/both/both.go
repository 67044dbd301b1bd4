// Package both imports left and right, whose functions take locks.ConfigMu
// and locks.CacheMu in opposite orders. Only the facts of its imports
// link the two halves: go vet, one package at a time, and the standalone
// whole-program run must both report the cycle here, at an import.
package both

import (
	"example.com/vetmod/left"
	"example.com/vetmod/right"
)

// Start runs a reload and an eviction concurrently: they can deadlock.
func Start() {
	go left.Reload("cache.disabled", "tmp")
	go right.Evict()
}
