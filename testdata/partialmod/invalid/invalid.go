// Package invalid uses broken.Bad, which did not type-check: it is not
// analysed.
package invalid

import "example.com/partialmod/broken"

// Use returns broken.Bad.
func Use() any { return broken.Bad }
