package findings

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
)

func finding(pass, file string, line int, message, source string) *Finding {
	return &Finding{Pass: pass, Position: Position{File: file, Line: line}, Message: message, Source: source}
}

// TestFingerprintIgnoresLineDrift checks what a fingerprint depends on:
// pass, file, message and the reported line's text, not its number.
func TestFingerprintIgnoresLineDrift(t *testing.T) {
	fp := func(f *Finding) string {
		fingerprint([]*Finding{f})
		return f.Fingerprint
	}
	base := fp(finding("doubleacquire", "a/a.go", 10, "s.mu is already held", "s.mu.Lock()"))
	assert.Len(t, base, 32)
	assert.Equal(t, base, fp(finding("doubleacquire", "a/a.go", 42, "s.mu is already held", "s.mu.Lock()")), "moved down")
	for name, f := range map[string]*Finding{
		"pass":    finding("unreleased", "a/a.go", 10, "s.mu is already held", "s.mu.Lock()"),
		"file":    finding("doubleacquire", "a/b.go", 10, "s.mu is already held", "s.mu.Lock()"),
		"message": finding("doubleacquire", "a/a.go", 10, "t.mu is already held", "s.mu.Lock()"),
		"source":  finding("doubleacquire", "a/a.go", 10, "s.mu is already held", "s.mu.RLock()"),
	} {
		assert.NotEqual(t, base, fp(f), "a different %s", name)
	}
}

// TestFingerprintOccurrences checks that identical findings in one file
// get distinct fingerprints, the first the same as a lone one's.
func TestFingerprintOccurrences(t *testing.T) {
	lone := finding("doubleacquire", "a.go", 3, "m", "mu.Lock()")
	fingerprint([]*Finding{lone})
	fs := []*Finding{
		finding("doubleacquire", "a.go", 3, "m", "mu.Lock()"),
		finding("doubleacquire", "a.go", 9, "m", "mu.Lock()"),
		finding("doubleacquire", "b.go", 9, "m", "mu.Lock()"),
	}
	fingerprint(fs)
	assert.Equal(t, lone.Fingerprint, fs[0].Fingerprint)
	assert.NotEqual(t, fs[0].Fingerprint, fs[1].Fingerprint)
	assert.NotEqual(t, fs[1].Fingerprint, fs[2].Fingerprint)
}

func TestUTF16Column(t *testing.T) {
	line := "\tx := \"é😀\"; mu.Lock()"
	for _, tc := range []struct{ col, want int }{
		{1, 1},
		{2, 2},
		{8, 8},   // the byte after the quote: still ASCII so far
		{10, 9},  // after é (2 bytes, 1 unit)
		{14, 11}, // after 😀 (4 bytes, 2 units)
		{100, 100},
	} {
		assert.Equal(t, tc.want, utf16Column(line, tc.col), "column %d", tc.col)
	}
}

func TestRel(t *testing.T) {
	root := t.TempDir()
	s := newSources(root)
	assert.Equal(t, "a/b.go", s.rel(filepath.Join(root, "a", "b.go")))
	out := s.rel(filepath.Join(filepath.Dir(root), "x.go"))
	assert.Equal(t, "../x.go", out)
	assert.True(t, Position{Filename: "/r/a/b.go", File: "a/b.go", Line: 1}.InRoot())
	assert.False(t, Position{Filename: "/x.go", File: out, Line: 1}.InRoot())
}
