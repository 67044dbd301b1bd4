// Package right takes locks.CacheMu then locks.ConfigMu. It does not
// import left, which takes them in the other order: nothing to report
// here.
package right

import "example.com/vetmod/locks"

// Evict drops the cache entry that the configuration disables.
func Evict() {
	locks.CacheMu.Lock()
	defer locks.CacheMu.Unlock()
	locks.ConfigMu.Lock()
	disabled := locks.Config["cache.disabled"]
	locks.ConfigMu.Unlock()
	delete(locks.Cache, disabled)
}
