// Package middle calls upstream's locking functions without a lock of
// its own: nothing here is a double acquire, but its exported facts say
// that Reload and RegisterAll lock upstream's mutexes.
package middle

import "doubleacquire/crosspkg/upstream"

// Reload stores every key through upstream.SetConfig.
func Reload(kv map[string]string) {
	for k, v := range kv {
		upstream.SetConfig(k, v)
	}
}

// ReloadLocked stores every key; upstream.ConfigMu must be held.
func ReloadLocked(kv map[string]string) {
	for k, v := range kv {
		upstream.SetConfigLocked(k, v)
	}
}

// RegisterAll registers every name through the locking Register.
func RegisterAll(r *upstream.Registry, names []string) {
	for _, n := range names {
		r.Register(n)
	}
}

// ForEach hands fn on to upstream's Each: its fact says it calls fn
// holding r.Mu too.
func ForEach(r *upstream.Registry, fn func(string)) {
	r.Each(fn)
}
