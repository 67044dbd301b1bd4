// Package loader calls into registry. LoadAll holds registry.Mu while it
// calls registry.Register, which locks registry.Mu again: a double acquire
// across packages that only the registry's exported facts reveal. LoadOne
// is the correct near miss.
package loader

import "example.com/vetmod/registry"

// LoadAll registers every name while holding the registry lock: it
// deadlocks on the first name.
func LoadAll(names []string) {
	registry.Mu.Lock()
	defer registry.Mu.Unlock()
	for _, n := range names {
		registry.Register(n)
	}
}

// LoadOne registers one name without holding the lock: correct.
func LoadOne(name string) {
	registry.Register(name)
}
