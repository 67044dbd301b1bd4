// Package left takes locks.ConfigMu then locks.CacheMu. It does not
// import right, which takes them in the other order: nothing to report
// here.
package left

import "example.com/vetmod/locks"

// Reload changes the configuration and drops the cache it invalidates.
func Reload(key, value string) {
	locks.ConfigMu.Lock()
	defer locks.ConfigMu.Unlock()
	locks.Config[key] = value
	locks.CacheMu.Lock()
	clear(locks.Cache)
	locks.CacheMu.Unlock()
}
