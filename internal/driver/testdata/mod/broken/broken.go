// Package broken does not type-check.
package broken

import "example.com/m/a"

// Good is well typed.
func Good() int { return a.A() }

// Bad has an invalid type.
var Bad undefinedType
