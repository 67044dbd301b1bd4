// Package broken does not type-check: Bad's type is undefined.
package broken

// Good is well typed.
func Good() string { return "good" }

// Bad has an undefined type.
var Bad undefinedType
