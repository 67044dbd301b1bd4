// Package left takes locks.ConfigMu then locks.CacheMu. It does not
// import package right, which takes them in the other order, so it has
// one edge of the cycle and nothing to report.
package left

import "lockorder/crosspkg/locks"

// Reload changes the configuration and drops the cache it invalidates.
func Reload(key, value string) {
	locks.ConfigMu.Lock()
	defer locks.ConfigMu.Unlock()
	locks.Config[key] = value
	locks.CacheMu.Lock()
	clear(locks.Cache)
	locks.CacheMu.Unlock()
}
