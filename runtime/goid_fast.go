//go:build amd64 || arm64

package runtime

// goidReused reports whether identities can be reused after a goroutine
// exits (true for descriptor addresses), so per-goroutine state is kept
// rather than deleted when it empties.
const goidReused = true

// getg is implemented in assembly (asm_$GOARCH.s).
func getg() uintptr

func getgid() uintptr { return getg() }
