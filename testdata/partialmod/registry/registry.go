// Package registry holds a lock that Register takes.
package registry

import "sync"

// Mu guards names.
var Mu sync.Mutex

var names []string

// Register records name, taking Mu.
func Register(name string) {
	Mu.Lock()
	defer Mu.Unlock()
	names = append(names, name)
}
