// Package locks declares two process-wide locks that packages left and
// right both take: ConfigMu guards Config, CacheMu guards Cache.
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
