// Package clean is correct.
package clean

import "example.com/partialmod/registry"

// Add registers name.
func Add(name string) { registry.Register(name) }
