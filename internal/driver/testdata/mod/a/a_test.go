package a_test

import "example.com/m/a"

var _ = a.OnlyInTest() + a.A()
