// Package global_inversion shows package-level mutexes taken in opposite
// orders by a function and a value-receiver method: UpdateSettings holds
// settingsMu while it takes sessionsMu, Policy.Enforce holds sessionsMu
// while it takes settingsMu, so the two can deadlock. The classes are the
// variables' names, the method is named Policy.Enforce. Snapshot, which
// copies the settings and releases settingsMu before it takes sessionsMu,
// is fine.
package global_inversion

import (
	"sync"
	"time"
)

var (
	settingsMu sync.Mutex
	settings   = map[string]string{}

	sessionsMu sync.Mutex
	sessions   = map[string]time.Time{}
)

// UpdateSettings changes a setting and drops every session, holding
// settingsMu then sessionsMu.
func UpdateSettings(key, value string) {
	settingsMu.Lock()
	defer settingsMu.Unlock()
	settings[key] = value
	sessionsMu.Lock() // want `^lock order inversion: UpdateSettings takes settingsMu then sessionsMu; Policy\.Enforce takes sessionsMu then settingsMu: goroutines in both can deadlock; take the locks in one order everywhere$`
	clear(sessions)
	sessionsMu.Unlock()
}

// Policy expires sessions older than the configured age.
type Policy struct {
	Key string
}

// Enforce holds sessionsMu then settingsMu: the other order.
func (p Policy) Enforce(now time.Time) {
	sessionsMu.Lock()
	defer sessionsMu.Unlock()
	settingsMu.Lock() // want `^lock order inversion: Policy\.Enforce takes sessionsMu then settingsMu; UpdateSettings takes settingsMu then sessionsMu: goroutines in both can deadlock; take the locks in one order everywhere$`
	maxAge, err := time.ParseDuration(settings[p.Key])
	settingsMu.Unlock()
	if err != nil {
		return
	}
	for id, seen := range sessions {
		if now.Sub(seen) > maxAge {
			delete(sessions, id)
		}
	}
}

// Snapshot copies the settings, releases settingsMu, and only then takes
// sessionsMu.
func Snapshot() (map[string]string, int) {
	settingsMu.Lock()
	copied := make(map[string]string, len(settings))
	for k, v := range settings {
		copied[k] = v
	}
	settingsMu.Unlock()

	sessionsMu.Lock()
	defer sessionsMu.Unlock()
	return copied, len(sessions)
}
