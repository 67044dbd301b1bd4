package unreleased_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/locklint/locklint/passes/unreleased"
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

// cases are the packages under testdata/src/unreleased, all run in one
// analysistest load; a failure names the case's file. Each opens with a comment saying
// what it shows; its // want comments are the specification.
var cases = []string{
	"conditional_release_helper",
	"correlated_condition",
	"defer_in_loop",
	"deferred_again",
	"deferred_closures",
	"deferred_conditional_unlock",
	"double_unlock",
	"early_return",
	"fall_off_end",
	"goroutine_handoff",
	"goto_label",
	"hand_over_hand",
	"held_by_flag",
	"loop_break",
	"loop_continue",
	"never_released",
	"panic_call",
	"panic_leak",
	"read_unlocked",
	"release_helpers",
	"result_says_held",
	"switch_select",
	"temporary_unlock",
	"trylock",
	"write_runlocked",
}

func TestCases(t *testing.T) {
	// One load for all cases: the dependencies (and their facts) are
	// analysed once. A failure names the case's file and line.
	patterns := make([]string, len(cases))
	for i, c := range cases {
		patterns[i] = "unreleased/" + c
	}
	analysistest.Run(t, testdata, unreleased.Analyzer, patterns...)
}

// TestSuggestedFix applies the "defer the Unlock right after Lock" fix
// and compares with panic_fix.go.golden, whose single section is named
// after the fix's message. The case also holds reports that must come
// without a fix (two releases; a call after the Unlock).
func TestSuggestedFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata, unreleased.Analyzer, "unreleased/panic_fix")
}

// TestEveryCaseRuns keeps the case list and the testdata directories in
// step, so a new case cannot be forgotten.
func TestEveryCaseRuns(t *testing.T) {
	entries, err := os.ReadDir(filepath.Join(testdata, "src", "unreleased"))
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() && e.Name() != "panic_fix" {
			dirs = append(dirs, e.Name())
		}
	}
	if !slices.Equal(dirs, cases) {
		t.Errorf("testdata/src/unreleased has cases %v; the test runs %v", dirs, cases)
	}
}
