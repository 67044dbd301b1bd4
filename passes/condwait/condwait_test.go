package condwait_test

import (
	"fmt"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/locklint/locklint/passes/condwait"
)

// testdata is the GOPATH-style tree at the repository root. It must be
// absolute: go/packages rejects a relative GOPATH.
var testdata = func() string {
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		panic(err)
	}
	return dir
}()

// cases are the packages under testdata/src/condwait, all run in one
// analysistest load; a failure names the case's file. Each opens with a
// comment saying what it shows; its // want comments are the
// specification.
var cases = []string{
	"bare_wait",
	"binding_kinds",
	"counting_loop",
	"if_wait",
	"lost_wakeup",
	"naked_signal",
	"no_lock",
	"unknown_binding",
}

// fixCase is run on its own, with its suggested fixes applied.
const fixCase = "if_fix"

// crossPkg are the packages under testdata/src/condwait/crosspkg, linked
// only by facts: consumer waits on a Cond that queue binds.
var (
	crossDownstream = []string{"consumer"}
	crossUpstream   = []string{"queue"}
)

func TestCases(t *testing.T) {
	// One load for all cases: the dependencies (and their facts) are
	// analysed once. A failure names the case's file and line.
	patterns := make([]string, len(cases))
	for i, c := range cases {
		patterns[i] = "condwait/" + c
	}
	analysistest.Run(t, testdata, condwait.Analyzer, patterns...)
}

// TestSuggestedFix applies the "if -> for" fix and compares with
// if_fix.go.golden, whose single section is named after the fix's
// message. The case also holds reports that must come without a fix (an
// if with an else; an if with an init statement).
func TestSuggestedFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata, condwait.Analyzer, "condwait/"+fixCase)
}

// TestCrossPackage checks that consumer knows the lock queue bound its
// Cond to: silent with it held, and named in the report without it.
func TestCrossPackage(t *testing.T) {
	analysistest.Run(t, testdata, condwait.Analyzer, crossPatterns(crossDownstream)...)
}

// TestCrossPackageUpstream checks that queue, analysed on its own,
// reports nothing.
func TestCrossPackageUpstream(t *testing.T) {
	analysistest.Run(t, testdata, condwait.Analyzer, crossPatterns(crossUpstream)...)
}

func crossPatterns(pkgs []string) []string {
	out := make([]string, len(pkgs))
	for i, p := range pkgs {
		out[i] = "condwait/crosspkg/" + p
	}
	return out
}

// TestRelated pins the related positions that // want cannot see: a
// lost wake-up points at the go statement that signals, and a naked
// Signal at the Lock that opened its critical section.
func TestRelated(t *testing.T) {
	results := analysistest.Run(t, testdata, condwait.Analyzer,
		"condwait/lost_wakeup", "condwait/naked_signal")
	// got maps "file:line" of each report to its related "file:line: message"s.
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
	// at is "file:line" of the only line of the case's file containing
	// text.
	at := func(c, text string) string {
		src, err := os.ReadFile(filepath.Join(testdata, "src", "condwait", c, c+".go"))
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(string(src), text); n != 1 {
			t.Fatalf("%s.go: %d lines contain %q, want 1", c, n, text)
		}
		line := strings.Count(string(src[:strings.Index(string(src), text)]), "\n") + 1
		return fmt.Sprintf("%s.go:%d", c, line)
	}
	var (
		producer   = at("lost_wakeup", "go func() { // the producer")
		fetch      = at("lost_wakeup", "p.ready.Wait() // want `^p\\.ready\\.Wait can miss")
		signaller  = at("lost_wakeup", "go notify(c, &x) // the signaller")
		double     = at("lost_wakeup", "c.cond.Wait() // want `^c\\.cond\\.Wait can miss")
		logged     = at("lost_wakeup", "p.ready.Wait() // want `^p\\.ready\\.Wait is not")
		kickLock   = at("naked_signal", "// Kick's critical section")
		kick       = at("naked_signal", "d.cond.Signal() // want")
		reportLock = at("naked_signal", "// Report's critical section")
		report     = at("naked_signal", "d.cond.Broadcast() // want")
	)
	for _, tc := range []struct {
		at   string
		want []string
	}{
		// A lost wake-up points at the go statement, in its body or
		// through a named function.
		{fetch, []string{producer + ": this goroutine signals p.ready"}},
		{double, []string{signaller + ": this goroutine signals c.cond"}},
		// A goroutine that signals nothing is not attached.
		{logged, nil},
		// A naked Signal or Broadcast points at the Lock.
		{kick, []string{kickLock + ": d.mu locked here"}},
		{report, []string{reportLock + ": d.mu locked here"}},
	} {
		rel, ok := got[tc.at]
		if !ok {
			t.Errorf("no report at %s", tc.at)
			continue
		}
		if !slices.Equal(rel, tc.want) {
			t.Errorf("report at %s: related\n\t%s\nwant\n\t%s", tc.at,
				strings.Join(rel, "\n\t"), strings.Join(tc.want, "\n\t"))
		}
	}
}

// TestEveryCaseRuns keeps the case lists and the testdata directories in
// step, so a new case cannot be forgotten.
func TestEveryCaseRuns(t *testing.T) {
	root := filepath.Join(testdata, "src", "condwait")
	var dirs, cross []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() || path == root {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		switch {
		case rel == "crosspkg", rel == fixCase:
		case strings.HasPrefix(rel, "crosspkg/"):
			cross = append(cross, strings.TrimPrefix(rel, "crosspkg/"))
		default:
			dirs = append(dirs, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(dirs, cases) {
		t.Errorf("testdata/src/condwait has cases %v; the test runs %v", dirs, cases)
	}
	if all := slices.Sorted(slices.Values(append(slices.Clone(crossDownstream), crossUpstream...))); !slices.Equal(cross, all) {
		t.Errorf("testdata/src/condwait/crosspkg has packages %v; the tests run %v", cross, all)
	}
	for _, dir := range []string{"crosspkg", fixCase} {
		if _, err := os.Stat(filepath.Join(root, dir)); err != nil {
			t.Error(err)
		}
	}
}
