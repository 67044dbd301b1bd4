// Package fall_off_end shows a function without a return statement that
// unlocks only inside an if: when the name is not registered, it falls
// off the end with r.mu still locked. Unlocking after the if is fine.
package fall_off_end

import "sync"

type Registry struct {
	mu    sync.Mutex
	items map[string]func()
}

// Deregister removes name if present.
func (r *Registry) Deregister(name string) {
	r.mu.Lock()
	if _, ok := r.items[name]; ok {
		delete(r.items, name)
		r.mu.Unlock()
	}
} // want `^r\.mu is still locked at the end of the function, but other paths unlock it: unlock it on every path, or defer the Unlock right after Lock$`

// DeregisterFixed unlocks on both paths.
func (r *Registry) DeregisterFixed(name string) {
	r.mu.Lock()
	if _, ok := r.items[name]; ok {
		delete(r.items, name)
	}
	r.mu.Unlock()
}

// Register unlocks on both branches.
func (r *Registry) Register(name string, f func()) {
	r.mu.Lock()
	if _, ok := r.items[name]; ok {
		r.mu.Unlock()
		return
	}
	r.items[name] = f
	r.mu.Unlock()
}
