// want package:`lockorder\(outer->inner\)`

// Package leafuser calls leaflocks' functions: Lookup, which only calls
// Get (a private leaf lock), gets no fact of its own; Hold, which takes
// the other package's named lock, does.
package leafuser

import "lockstate/leaflocks"

func Lookup(k string) int {
	return leaflocks.Get(k)
}

func Hold() { // want Hold:`lockstate\(acquires Exported\)`
	leaflocks.UseExported()
}
