package findings

import (
	"fmt"
	"go/token"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"golang.org/x/tools/go/analysis"

	"github.com/locklint/locklint/internal/driver"
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

// TestCollectVariants checks that a package and its test variant make one
// finding of one pass at one place, even when the test files change its
// wording, while two reports of one action at one place both stay.
func TestCollectVariants(t *testing.T) {
	lo := &analysis.Analyzer{Name: "lockorder"}
	at := func(line int) token.Position { return token.Position{Filename: "/r/a.go", Line: line, Column: 2} }
	diag := func(line int, msg string) driver.Diagnostic {
		return driver.Diagnostic{Pos: at(line), End: at(line), Message: msg}
	}
	pkg := &driver.Package{ID: "a", Root: true, GoFiles: []string{"/r/a.go"}, Actions: []*driver.Action{{
		Analyzer:    lo,
		Diagnostics: []driver.Diagnostic{diag(3, "cycle (28 more places)"), diag(9, "inversion"), diag(9, "blocked")},
	}}}
	test := &driver.Package{ID: "a [a.test]", Root: true, GoFiles: []string{"/r/a.go", "/r/a_test.go"}, Actions: []*driver.Action{{
		Analyzer:    lo,
		Diagnostics: []driver.Diagnostic{diag(3, "cycle (31 more places)"), diag(9, "inversion"), diag(12, "test only")},
	}}}
	set := Collect(&driver.Result{Packages: []*driver.Package{pkg, test}}, "/r")
	var got []string
	for _, f := range set.Findings {
		got = append(got, fmt.Sprintf("%d %s", f.Line, f.Message))
	}
	assert.Equal(t, []string{"3 cycle (28 more places)", "9 blocked", "9 inversion", "12 test only"}, got)
	assert.Same(t, set.Findings[0], set.Of(test.Actions[0], &test.Actions[0].Diagnostics[0]), "the variant's report is the package's finding")
}
