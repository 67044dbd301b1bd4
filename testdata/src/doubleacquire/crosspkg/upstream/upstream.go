// Package upstream is the bottom of the cross-package case: a
// package-level mutex and a type with an exported mutex, each with a
// function that locks it and a variant that expects it held. Nothing
// here is a double acquire; the facts exported for SetConfig and
// Register are what let downstream see the locks.
package upstream

import "sync"

// ConfigMu guards config.
var ConfigMu sync.Mutex

var config = map[string]string{}

// SetConfig stores one key under ConfigMu.
func SetConfig(key, value string) {
	ConfigMu.Lock()
	defer ConfigMu.Unlock()
	SetConfigLocked(key, value)
}

// SetConfigLocked stores one key; ConfigMu must be held.
func SetConfigLocked(key, value string) { config[key] = value }

// Registry is a set of names guarded by Mu.
type Registry struct {
	Mu    sync.Mutex
	names map[string]bool
}

// Register adds name under r.Mu.
func (r *Registry) Register(name string) {
	r.Mu.Lock()
	defer r.Mu.Unlock()
	r.RegisterLocked(name)
}

// RegisterLocked adds name; r.Mu must be held.
func (r *Registry) RegisterLocked(name string) {
	if r.names == nil {
		r.names = map[string]bool{}
	}
	r.names[name] = true
}

// Each calls fn for every name, holding r.Mu: its fact says so ("calls
// p1 holding r.Mu").
func (r *Registry) Each(fn func(name string)) {
	r.Mu.Lock()
	defer r.Mu.Unlock()
	for n := range r.names {
		fn(n)
	}
}
