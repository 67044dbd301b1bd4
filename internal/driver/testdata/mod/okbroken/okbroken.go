// Package okbroken imports broken but uses only what type-checks there:
// it is analysed.
package okbroken

import "example.com/m/broken"

// Use uses broken.Good.
func Use() int { return broken.Good() }
