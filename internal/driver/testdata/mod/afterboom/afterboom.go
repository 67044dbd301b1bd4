// Package afterboom imports boom, whose analysis failed: it is analysed
// all the same, without boom's facts.
package afterboom

import "example.com/m/boom"

// After calls boom.Boom.
func After() { boom.Boom() }
