// Package locks declares two process-wide locks that packages left and
// right both use: ConfigMu guards the configuration, CacheMu the cache.
// It takes neither, and nothing is reported here.
package locks

import "sync"

var (
	// ConfigMu guards Config.
	ConfigMu sync.Mutex
	Config   = map[string]string{}

	// CacheMu guards Cache.
	CacheMu sync.Mutex
	Cache   = map[string][]byte{}
)
