package runtime

// Goroutine identity.
//
// ReentrantMutex needs to know which goroutine calls it, and checking keeps
// a stack of held locks per goroutine. Go has no public goroutine id, so
// goid returns an identity that is cheap where it can be:
//
//   - on amd64 and arm64 it is the address of the runtime's descriptor for
//     the current goroutine (about 2 ns). The runtime reuses descriptors of
//     goroutines that have exited, so an identity can come back for a later
//     goroutine, just as Python may recycle threading.get_ident() values;
//     it is never shared by two live goroutines;
//   - elsewhere it is the goroutine number parsed from the header of
//     runtime.Stack (a few microseconds), which is never reused.

// goid returns an identity of the calling goroutine that no other live
// goroutine has. It is never 0.
func goid() uintptr { return getgid() }
