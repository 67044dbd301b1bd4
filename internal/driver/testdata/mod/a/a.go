// Package a is the leaf every other package imports.
package a

// A is a function with a fact.
func A() int { return 1 }

// T is a type whose method has a fact.
type T struct{}

// M is a method with a fact.
func (T) M() {}
