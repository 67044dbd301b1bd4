// Package global_mutex shows a package-level mutex guarding package-level
// settings. Taking settingsMu again while holding it, directly or through
// Set, blocks forever; taking a different package-level mutex (auditMu)
// while holding it is fine.
package global_mutex

import "sync"

var (
	settingsMu sync.Mutex
	settings   = map[string]string{}

	auditMu  sync.Mutex
	auditLog []string
)

// Set stores one setting.
func Set(key, value string) {
	settingsMu.Lock()
	settings[key] = value
	settingsMu.Unlock()
}

// LoadDefaults holds settingsMu and calls Set, which locks it again.
func LoadDefaults(defaults map[string]string) {
	settingsMu.Lock()
	defer settingsMu.Unlock()
	for k, v := range defaults {
		if _, ok := settings[k]; !ok {
			Set(k, v) // want `^settingsMu is already held; Set locks it again`
		}
	}
}

// Rotate copied a locked block from elsewhere into a function that
// already holds the lock.
func Rotate(key string) {
	settingsMu.Lock()
	defer settingsMu.Unlock()
	old := settings["key"]
	settings["key"] = key
	if old != "" {
		settingsMu.Lock() // want `^settingsMu is already held; this Lock blocks forever`
		settings["previous_key"] = old
	}
}

// Audit takes two different package-level mutexes: no double acquire.
func Audit(key string) {
	settingsMu.Lock()
	defer settingsMu.Unlock()
	auditMu.Lock()
	auditLog = append(auditLog, key+"="+settings[key])
	auditMu.Unlock()
}
