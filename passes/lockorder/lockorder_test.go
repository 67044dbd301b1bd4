package lockorder_test

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

	"github.com/locklint/locklint/passes/lockorder"
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

// cases are the packages under testdata/src/lockorder, all run in one
// analysistest load; a failure names the case's file. Each opens with a
// comment saying what it shows; its // want comments are the
// specification.
var cases = []string{
	"acquire_helper",
	"bad_order_directive",
	"consistent_order",
	"declared_order",
	"deep_call",
	"direct_inversion",
	"global_inversion",
	"nested_directive",
	"read_only_cycle",
	"rw_inversion",
	"three_cycle",
	"transfer",
	"via_call",
}

// crossPkg are the packages under testdata/src/lockorder/crosspkg, linked
// only by facts. The downstream packages report what their imports
// complete together; the upstream ones report nothing.
var (
	crossDownstream = []string{"audit", "both"}
	crossUpstream   = []string{"ledger", "left", "locks", "right"}
)

func TestCases(t *testing.T) {
	// One load for all cases: the dependencies (and their facts) are
	// analysed once. A failure names the case's file and line.
	patterns := make([]string, len(cases))
	for i, c := range cases {
		patterns[i] = "lockorder/" + c
	}
	analysistest.Run(t, testdata, lockorder.Analyzer, patterns...)
}

// TestCrossPackage checks the reports of the packages that import the two
// halves of a cycle: audit, which closes an inversion with ledger's edge
// itself, and both, which has no edge and gets the cycle of left and
// right at its import.
func TestCrossPackage(t *testing.T) {
	analysistest.Run(t, testdata, lockorder.Analyzer, crossPatterns(crossDownstream)...)
}

// TestCrossPackageUpstream checks that the packages holding one half of a
// cycle each, or only the locks, report nothing when analysed on their
// own: the cycle belongs to their importer.
func TestCrossPackageUpstream(t *testing.T) {
	analysistest.Run(t, testdata, lockorder.Analyzer, crossPatterns(crossUpstream)...)
}

func crossPatterns(pkgs []string) []string {
	out := make([]string, len(pkgs))
	for i, p := range pkgs {
		out[i] = "lockorder/crosspkg/" + p
	}
	return out
}

// TestRelated pins the related positions that // want cannot see: each
// report of a cycle points at the other edges' inner acquisitions, and a
// report of two locks of one class at the first one's Lock.
func TestRelated(t *testing.T) {
	results := analysistest.Run(t, testdata, lockorder.Analyzer,
		"lockorder/direct_inversion", "lockorder/three_cycle", "lockorder/transfer")
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
		src, err := os.ReadFile(filepath.Join(testdata, "src", "lockorder", c, c+".go"))
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
		addRoute = at("direct_inversion", "r.statsMu.Lock() // want")
		report   = at("direct_inversion", "r.routesMu.Lock() // want")
		place    = at("three_cycle", "s.mu.Lock() // want")
		restock  = at("three_cycle", "b.mu.Lock() // want")
		refund   = at("three_cycle", "o.mu.Lock() // want")
		first    = at("transfer", "from.mu.Lock()")
		second   = at("transfer", "to.mu.Lock() // want `^from")
	)
	for _, tc := range []struct {
		at   string
		want []string
	}{
		// Each side of an inversion points at the other's inner Lock.
		{addRoute, []string{report + ": (*Router).Report takes Router.statsMu then Router.routesMu here"}},
		{report, []string{addRoute + ": (*Router).AddRoute takes Router.routesMu then Router.statsMu here"}},
		// A three-lock cycle names the two other edges, in cycle order.
		{place, []string{
			restock + ": Restock takes Stock.mu then Billing.mu here",
			refund + ": Refund takes Billing.mu then Orders.mu here",
		}},
		// Transfer's second Lock points at the first.
		{second, []string{first + ": from.mu locked here"}},
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
	root := filepath.Join(testdata, "src", "lockorder")
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
		case rel == "crosspkg":
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
		t.Errorf("testdata/src/lockorder has cases %v; the test runs %v", dirs, cases)
	}
	if all := slices.Sorted(slices.Values(append(slices.Clone(crossDownstream), crossUpstream...))); !slices.Equal(cross, all) {
		t.Errorf("testdata/src/lockorder/crosspkg has packages %v; the tests run %v", cross, all)
	}
	if _, err := os.Stat(filepath.Join(root, "crosspkg")); err != nil {
		t.Error(err)
	}
}
