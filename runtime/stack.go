package runtime

// Stacks captured by checking are fixed arrays of return addresses,
// symbolised only when a report is written.

// stackDepth is the number of frames kept per captured stack.
const stackDepth = 16

// pcStack is a captured stack: up to stackDepth return addresses, the first
// in the caller of the capturing function.
type pcStack struct {
	pcs [stackDepth]uintptr
	n   int
}

// slice returns the captured return addresses.
func (s *pcStack) slice() []uintptr { return s.pcs[:s.n] }
