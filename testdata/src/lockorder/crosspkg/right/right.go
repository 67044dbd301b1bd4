// Package right takes locks.CacheMu then locks.ConfigMu. It does not
// import package left, which takes them in the other order, so it has
// one edge of the cycle and nothing to report.
package right

import "lockorder/crosspkg/locks"

// Evict drops the cache entries whose key the configuration disables.
func Evict() {
	locks.CacheMu.Lock()
	defer locks.CacheMu.Unlock()
	locks.ConfigMu.Lock()
	disabled := locks.Config["cache.disabled"]
	locks.ConfigMu.Unlock()
	delete(locks.Cache, disabled)
}
