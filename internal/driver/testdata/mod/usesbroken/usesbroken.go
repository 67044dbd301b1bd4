// Package usesbroken type-checks by itself but uses a declaration of
// broken that does not: it cannot be analysed.
package usesbroken

import "example.com/m/broken"

// Use uses broken.Bad.
func Use() any { return broken.Bad }
