//go:build !amd64 && !arm64

package runtime

import goruntime "runtime"

const goidReused = false

// getgid parses "goroutine N [" from the current goroutine's stack header.
func getgid() uintptr {
	var buf [64]byte
	b := buf[:goruntime.Stack(buf[:], false)]
	const prefix = "goroutine "
	if len(b) < len(prefix) {
		panic("lockrt: cannot read goroutine id")
	}
	var id uintptr
	for _, c := range b[len(prefix):] {
		if c < '0' || c > '9' {
			break
		}
		id = id*10 + uintptr(c-'0')
	}
	if id == 0 {
		panic("lockrt: cannot read goroutine id")
	}
	return id
}
