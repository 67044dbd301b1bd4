// Package downstream holds upstream's mutexes and calls functions of
// middle and upstream that lock them again: the double acquires are seen
// only through the facts of the packages below and are reported at the
// calls here, naming the chain (for a callback that upstream runs with
// r.Mu held, at the call that passes it). The calls of the variants that
// expect the lock held, and the call made after the Unlock, are fine.
package downstream

import (
	"doubleacquire/crosspkg/middle"
	"doubleacquire/crosspkg/upstream"
)

// Apply holds ConfigMu and reloads through the locking path.
func Apply(kv map[string]string) {
	upstream.ConfigMu.Lock()
	defer upstream.ConfigMu.Unlock()
	middle.Reload(kv) // want `^upstream\.ConfigMu is already held; middle\.Reload calls upstream\.SetConfig, which locks it again, so the call blocks forever \(sync\.Mutex is not reentrant\): release it before the call or call a variant that expects it held$`
}

// ApplyLocked reloads through the variant that expects the lock held.
func ApplyLocked(kv map[string]string) {
	upstream.ConfigMu.Lock()
	defer upstream.ConfigMu.Unlock()
	middle.ReloadLocked(kv)
}

// ApplyAfter reloads after releasing ConfigMu.
func ApplyAfter(kv map[string]string) {
	upstream.ConfigMu.Lock()
	n := len(kv)
	upstream.ConfigMu.Unlock()
	if n > 0 {
		middle.Reload(kv)
	}
}

// Bootstrap holds r.Mu and registers through upstream's method, directly
// and through middle.
func Bootstrap(r *upstream.Registry, names []string) {
	r.Mu.Lock()
	defer r.Mu.Unlock()
	r.RegisterLocked("core")
	r.Register("admin")          // want `^r\.Mu is already held; r\.Register locks it again`
	middle.RegisterAll(r, names) // want `^r\.Mu is already held; middle\.RegisterAll calls \(\*upstream\.Registry\)\.Register, which locks it again`
}

// Mirror registers every name again, through a callback that upstream
// runs with r.Mu held: the Register in it blocks forever. Count's
// callback takes no lock.
func Mirror(r *upstream.Registry) {
	middle.ForEach(r, func(n string) { // want `^middle\.ForEach holds r\.Mu while it calls the function passed to it, and the function literal in Mirror calls \(\*upstream\.Registry\)\.Register, which locks it again, so the call blocks forever \(sync\.Mutex is not reentrant\): that function runs with r\.Mu held; do not lock it there, or act after middle\.ForEach returns$`
		r.Register(n + "-copy")
	})
}

// Count counts the names without locking in the callback.
func Count(r *upstream.Registry) int {
	n := 0
	middle.ForEach(r, func(string) { n++ })
	return n
}
