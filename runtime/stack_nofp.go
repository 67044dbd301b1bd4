//go:build !amd64

package runtime

import goruntime "runtime"

// callers fills pcs with return addresses, the first in the caller of the
// function that calls callers. Without the amd64 frame-pointer walk it uses
// runtime.Callers (a few hundred nanoseconds).
func callers(pcs []uintptr) int {
	// Skip runtime.Callers, callers and the function calling callers.
	return goruntime.Callers(3, pcs)
}
