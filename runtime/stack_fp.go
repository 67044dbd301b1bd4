//go:build amd64

package runtime

// callers fills pcs with return addresses, the first in the caller of the
// function that calls callers, by walking frame pointers (asm_amd64.s):
// about 5 ns for 16 frames, against about 250 ns for runtime.Callers. The
// function calling callers must not be inlined.
//
//go:noescape
func callers(pcs []uintptr) int
