package fix

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/locklint/locklint/cmd/locklint/internal/findings"
	"github.com/locklint/locklint/internal/driver"
)

const src = `package p

import "sync"

var mu sync.Mutex

func f() {
	mu.Lock()
	work()
	mu.Unlock()
}

func work() {}
`

// offset returns the offset of the only occurrence of s in src.
func offset(t *testing.T, s string) int {
	t.Helper()
	require.Equal(t, 1, strings.Count(src, s), "want exactly one %q", s)
	return strings.Index(src, s)
}

func finding(line int, fixes ...driver.Fix) *findings.Finding {
	return &findings.Finding{Pass: "unreleased", Position: findings.Position{Filename: "p.go", File: "p.go", Line: line, Column: 2}, Message: "m", Fixes: fixes}
}

// deferFix is the edit unreleased suggests: defer the Unlock after the
// Lock, delete the Unlock's line.
func deferFix(t *testing.T, name string) driver.Fix {
	lock := offset(t, "mu.Lock()") + len("mu.Lock()")
	unlock := offset(t, "\tmu.Unlock()\n")
	return driver.Fix{Message: "defer the Unlock", Edits: []driver.Edit{
		{Filename: name, Start: lock, End: lock, New: []byte("\n\tdefer mu.Unlock()")},
		{Filename: name, Start: unlock, End: unlock + len("\tmu.Unlock()\n")},
	}}
}

const fixed = `package p

import "sync"

var mu sync.Mutex

func f() {
	mu.Lock()
	defer mu.Unlock()
	work()
}

func work() {}
`

func writeSrc(t *testing.T) (string, map[string]driver.File) {
	name := filepath.Join(t.TempDir(), "p.go")
	require.NoError(t, os.WriteFile(name, []byte(src), 0o644))
	return name, map[string]driver.File{name: {Name: name, Size: len(src)}}
}

func TestApply(t *testing.T) {
	name, files := writeSrc(t)
	fix := deferFix(t, name)
	// The same fix twice (a package and its test variant) applies once.
	out, err := Apply([]*findings.Finding{finding(8, fix), finding(8, fix)}, files, Options{})
	require.NoError(t, err)
	assert.Equal(t, 2, out.Applied)
	assert.Equal(t, []string{name}, out.Files)
	assert.Empty(t, out.Warnings)
	got, err := os.ReadFile(name)
	require.NoError(t, err)
	assert.Equal(t, fixed, string(got))
}

func TestApplyDiff(t *testing.T) {
	name, files := writeSrc(t)
	var diff bytes.Buffer
	out, err := Apply([]*findings.Finding{finding(8, deferFix(t, name))}, files, Options{Diff: &diff})
	require.NoError(t, err)
	assert.Equal(t, 1, out.Applied)
	assert.Equal(t, fmt.Sprintf(`--- %[1]s (old)
+++ %[1]s (new)
@@ -6,8 +6,8 @@
 
 func f() {
 	mu.Lock()
+	defer mu.Unlock()
 	work()
-	mu.Unlock()
 }
 
 func work() {}
`, name), diff.String())
	got, err := os.ReadFile(name)
	require.NoError(t, err)
	assert.Equal(t, src, string(got), "-diff writes nothing")
}

// TestApplyConflict checks that a fix overlapping one already taken is
// skipped with a warning, whole, and the others applied.
func TestApplyConflict(t *testing.T) {
	name, files := writeSrc(t)
	work := offset(t, "work()\n\tmu")
	other := driver.Fix{Message: "rename", Edits: []driver.Edit{
		{Filename: name, Start: work, End: work + len("work"), New: []byte("rest")},
		// Overlaps the deletion of the Unlock line.
		{Filename: name, Start: offset(t, "mu.Unlock()"), End: offset(t, "mu.Unlock()") + 2, New: []byte("m2")},
	}}
	out, err := Apply([]*findings.Finding{finding(8, deferFix(t, name)), finding(9, other)}, files, Options{})
	require.NoError(t, err)
	assert.Equal(t, 1, out.Applied)
	if assert.Len(t, out.Warnings, 1) {
		assert.Contains(t, out.Warnings[0], `skipped the fix "rename": it conflicts with another fix`)
	}
	got, err := os.ReadFile(name)
	require.NoError(t, err)
	assert.Equal(t, fixed, string(got), "the rename is skipped whole")
}

func TestApplyGeneratedAndChanged(t *testing.T) {
	name, files := writeSrc(t)
	gen := map[string]driver.File{name: {Name: name, Size: len(src), Generated: true}}
	out, err := Apply([]*findings.Finding{finding(8, deferFix(t, name))}, gen, Options{})
	require.NoError(t, err)
	assert.Zero(t, out.Applied)
	if assert.Len(t, out.Warnings, 1) {
		assert.Contains(t, out.Warnings[0], "generated file")
	}

	files[name] = driver.File{Name: name, Size: len(src) + 1}
	_, err = Apply([]*findings.Finding{finding(8, deferFix(t, name))}, files, Options{})
	assert.ErrorContains(t, err, "changed since it was analysed")
	got, _ := os.ReadFile(name)
	assert.Equal(t, src, string(got))
}

func TestOverlap(t *testing.T) {
	e := func(start, end int) driver.Edit { return driver.Edit{Start: start, End: end} }
	for _, tc := range []struct {
		a, b driver.Edit
		want bool
	}{
		{e(0, 5), e(5, 9), false},
		{e(0, 5), e(4, 9), true},
		{e(3, 3), e(3, 3), true},  // two insertions at one point: no order
		{e(3, 3), e(0, 3), false}, // an insertion at a replacement's end
		{e(3, 3), e(3, 6), false}, // ... or start
		{e(3, 3), e(2, 6), true},  // ... or inside it
	} {
		assert.Equal(t, tc.want, overlap(tc.a, tc.b), "%v %v", tc.a, tc.b)
		assert.Equal(t, tc.want, overlap(tc.b, tc.a), "%v %v", tc.b, tc.a)
	}
}

func TestUnified(t *testing.T) {
	assert.Empty(t, Unified("a", "b", "x\n", "x\n"))
	assert.Equal(t, "--- a\n+++ b\n@@ -1 +1 @@\n-x\n+y\n", Unified("a", "b", "x\n", "y\n"))
	assert.Equal(t, "--- a\n+++ b\n@@ -0,0 +1 @@\n+y\n", Unified("a", "b", "", "y\n"))
	assert.Equal(t, "--- a\n+++ b\n@@ -1 +1 @@\n-x\n\\ No newline at end of file\n+x\n", Unified("a", "b", "x", "x\n"))
	// Two changes far apart make two hunks; close ones, one.
	var old, new strings.Builder
	for i := 1; i <= 20; i++ {
		fmt.Fprintf(&old, "%d\n", i)
		switch i {
		case 2, 18:
			fmt.Fprintf(&new, "%d changed\n", i)
		default:
			fmt.Fprintf(&new, "%d\n", i)
		}
	}
	d := Unified("a", "b", old.String(), new.String())
	assert.Equal(t, 2, strings.Count(d, "@@ -"), d)
	assert.Contains(t, d, "@@ -1,5 +1,5 @@\n 1\n-2\n+2 changed\n 3\n")
	assert.Contains(t, d, "@@ -15,6 +15,6 @@\n")
}
