package doubleacquire_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/locklint/locklint/passes/doubleacquire"
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

// cases are the packages under testdata/src/doubleacquire, all run in
// one analysistest load; a failure names the case's file. Each opens
// with a comment saying what it shows; its // want comments are the
// specification.
var cases = []string{
	"back_pointer",
	"closure_after_unlock",
	"correlated_param",
	"direct_relock",
	"distinct_instances",
	"embedded_mutex",
	"field_chain",
	"global_mutex",
	"goroutine",
	"guard_from_field",
	"local_mutex",
	"lock_all_loop",
	"loop_continue",
	"one_branch",
	"ordering_by_id",
	"param_mutex",
	"reassigned_receiver",
	"rw_downgrade",
	"rw_recursive_read",
	"rw_upgrade",
	"trylock",
	"via_call",
	"via_call_chain",
}

func TestCases(t *testing.T) {
	// One load for all cases: the dependencies (and their facts) are
	// analysed once. A failure names the case's file and line.
	patterns := make([]string, len(cases))
	for i, c := range cases {
		patterns[i] = "doubleacquire/" + c
	}
	analysistest.Run(t, testdata, doubleacquire.Analyzer, patterns...)
}

// TestCrossPackage reaches upstream's locks only through the facts of
// upstream and middle: downstream is the package checked.
func TestCrossPackage(t *testing.T) {
	analysistest.Run(t, testdata, doubleacquire.Analyzer, "doubleacquire/crosspkg/downstream")
}

// TestCrossPackageDeps checks that the packages below downstream, which
// only lock and call, are silent themselves.
func TestCrossPackageDeps(t *testing.T) {
	analysistest.Run(t, testdata, doubleacquire.Analyzer,
		"doubleacquire/crosspkg/upstream", "doubleacquire/crosspkg/middle")
}

// TestEveryCaseRuns keeps the case list and the testdata directories in
// step, so a new case cannot be forgotten.
func TestEveryCaseRuns(t *testing.T) {
	entries, err := os.ReadDir(filepath.Join(testdata, "src", "doubleacquire"))
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() && e.Name() != "crosspkg" {
			dirs = append(dirs, e.Name())
		}
	}
	if !slices.Equal(dirs, cases) {
		t.Errorf("testdata/src/doubleacquire has cases %v; the test runs %v", dirs, cases)
	}
}
