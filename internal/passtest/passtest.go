// Package passtest holds what the tests of the passes under passes/ share:
// the GOPATH-style testdata tree at the repository root, running a pass's
// cases in one analysistest load, keeping a pass's case list in step with
// its testdata directories, and reading the related positions of the
// reports, which // want comments cannot see.
//
// Its callers are the test packages in passes/<pass>/: Dir finds the tree
// from their working directory.
package passtest

import (
	"fmt"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// Dir returns the absolute path of the repository's testdata directory,
// ../../testdata from the working directory of a test in passes/<pass>/.
// It must be absolute: go/packages rejects a relative GOPATH.
func Dir(t testing.TB) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// RunCases runs a on the packages testdata/src/<pass>/<case>, all in one
// analysistest load so that the dependencies (and their facts) are
// analysed once; a failure names the case's file and line.
func RunCases(t *testing.T, a *analysis.Analyzer, pass string, cases []string) []*analysistest.Result {
	t.Helper()
	patterns := make([]string, len(cases))
	for i, c := range cases {
		patterns[i] = pass + "/" + c
	}
	return analysistest.Run(t, Dir(t), a, patterns...)
}

// EveryCaseRuns keeps a case list and the testdata directories in step,
// so that a new case cannot be forgotten. Every directory below
// testdata/src/<pass>, as a slash-separated path relative to it and in
// lexical order, must be in cases, in the same order, except the special
// ones (each of which must exist) and all below them.
func EveryCaseRuns(t *testing.T, pass string, cases []string, special ...string) {
	t.Helper()
	everyCaseRuns(t, filepath.Join(Dir(t), "src", filepath.FromSlash(pass)), pass, cases, special)
}

func everyCaseRuns(t testing.TB, root, pass string, cases, special []string) {
	t.Helper()
	dirs, err := caseDirs(root, special)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(dirs, cases) {
		t.Errorf("testdata/src/%s has cases %v; the tests run %v", pass, dirs, cases)
	}
	for _, s := range special {
		if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(s))); err != nil {
			t.Error(err)
		}
	}
}

// caseDirs lists the directories below root, relative to it, in lexical
// order, leaving out the special ones and all below them.
func caseDirs(root string, special []string) ([]string, error) {
	var dirs []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() || path == root {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if slices.Contains(special, rel) {
			return filepath.SkipDir
		}
		dirs = append(dirs, rel)
		return nil
	})
	return dirs, err
}

// Related maps the "file:line" of each report in results to its related
// positions, as "file:line: message"s. File names are base names.
func Related(results []*analysistest.Result) map[string][]string {
	got := make(map[string][]string)
	for _, r := range results {
		fset := r.Action.Package.Fset
		posn := func(pos token.Pos) string {
			p := fset.Position(pos)
			return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
		}
		for _, d := range r.Action.Diagnostics {
			var rel []string
			for _, ri := range d.Related {
				rel = append(rel, posn(ri.Pos)+": "+ri.Message)
			}
			got[posn(d.Pos)] = rel
		}
	}
	return got
}

// Line returns "<case>.go:line" for the only line of
// testdata/src/<pass>/<case>/<case>.go containing text, in the form
// Related uses. It fails the test unless text occurs there exactly once.
func Line(t testing.TB, pass, c, text string) string {
	t.Helper()
	return line(t, Dir(t), pass, c, text)
}

func line(t testing.TB, dir, pass, c, text string) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(dir, "src", filepath.FromSlash(pass), c, c+".go"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(src), text); n != 1 {
		t.Fatalf("%s.go: %d lines contain %q, want 1", c, n, text)
	}
	line := strings.Count(string(src[:strings.Index(string(src), text)]), "\n") + 1
	return fmt.Sprintf("%s.go:%d", c, line)
}

// SetFlag sets analyzer a's flag name to value for the rest of the test,
// and puts the previous value back when the test ends. The flags are
// package variables: a test that sets one must not run in parallel.
func SetFlag(t testing.TB, a *analysis.Analyzer, name, value string) {
	t.Helper()
	f := a.Flags.Lookup(name)
	if f == nil {
		t.Fatalf("%s has no flag %q", a.Name, name)
	}
	old := f.Value.String()
	if err := f.Value.Set(value); err != nil {
		t.Fatalf("-%s.%s=%s: %v", a.Name, name, value, err)
	}
	t.Cleanup(func() {
		if err := f.Value.Set(old); err != nil {
			t.Errorf("restoring -%s.%s=%s: %v", a.Name, name, old, err)
		}
	})
}
