// Package b imports a.
package b

import "example.com/m/a"

// B calls a.A.
func B() int { return a.A() }

// NewT returns an a.T.
func NewT() a.T { return a.T{} }
