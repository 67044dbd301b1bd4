// Package user imports broken but uses only what type-checks there, so
// it is analysed, and its double acquire is reported.
package user

import (
	"example.com/partialmod/broken"
	"example.com/partialmod/registry"
)

// Use registers broken.Good while holding registry.Mu: a double acquire.
func Use() {
	registry.Mu.Lock()
	registry.Register(broken.Good())
	registry.Mu.Unlock()
}
