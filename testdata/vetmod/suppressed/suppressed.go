// Package suppressed has two real double acquires, the one of
// loader.LoadAll, each silenced by a locklint ignore directive: one on
// the reported line, one in the function's doc comment. No driver may
// report anything here (cmd/locklint's TestVettool checks).
package suppressed

import "example.com/vetmod/registry"

// RegisterHeld calls registry.Register holding registry.Mu, which
// Register locks again: silenced on the line of the call.
func RegisterHeld(name string) {
	registry.Mu.Lock()
	defer registry.Mu.Unlock()
	registry.Register(name) //locklint:ignore doubleacquire test fixture: a real double acquire silenced on its line
}

// RegisterAllHeld does the same for every name: silenced for the whole
// function by its doc comment.
//
//locklint:ignore doubleacquire test fixture: a real double acquire silenced for the whole function
func RegisterAllHeld(names []string) {
	registry.Mu.Lock()
	defer registry.Mu.Unlock()
	for _, n := range names {
		registry.Register(n)
	}
}
