// Package registry holds a name registry guarded by the package-level
// mutex Mu. Register takes Mu itself, so a caller that already holds Mu
// must not call it.
package registry

import "sync"

// Mu guards names.
var Mu sync.Mutex

var names = map[string]bool{}

// Register records name. It locks Mu.
func Register(name string) {
	Mu.Lock()
	defer Mu.Unlock()
	names[name] = true
}

// Len returns the number of registered names. It locks Mu.
func Len() int {
	Mu.Lock()
	defer Mu.Unlock()
	return len(names)
}
