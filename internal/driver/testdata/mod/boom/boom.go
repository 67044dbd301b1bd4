// Package boom makes the test analyzer panic.
package boom

// Boom is a function.
func Boom() {}
