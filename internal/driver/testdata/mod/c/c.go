// Package c imports b, and reaches a only through b: it calls a's method
// M, whose fact it sees although it does not import a.
package c

import "example.com/m/b"

// C calls b.B and a.T.M.
func C() int {
	b.NewT().M()
	return b.B()
}
