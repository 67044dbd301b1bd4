package unreleased_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/locklint/locklint/internal/passtest"
	"github.com/locklint/locklint/passes/unreleased"
)

// cases are the packages under testdata/src/unreleased, all run in one
// analysistest load; a failure names the case's file. Each opens with a comment saying
// what it shows; its // want comments are the specification.
var cases = []string{
	"assert_helper",
	"channel_handoff",
	"closure_variable",
	"cond_lock_alias",
	"conditional_acquire_helper",
	"conditional_release_helper",
	"correlated_condition",
	"correlated_field",
	"defer_arg_snapshot",
	"defer_in_loop",
	"deferred_again",
	"deferred_closures",
	"deferred_conditional_unlock",
	"deferred_flag_guard",
	"double_unlock",
	"double_unlock_loop_once",
	"early_return",
	"fall_off_end",
	"goroutine_handback",
	"goroutine_handoff",
	"goto_label",
	"guarded_release_helper",
	"hand_over_hand",
	"held_by_flag",
	"held_flag_local",
	"leak_two_acquisitions",
	"loop_break",
	"loop_continue",
	"loop_pairs",
	"never_released",
	"panic_call",
	"panic_leak",
	"range_func",
	"read_counts",
	"read_unlocked",
	"release_helpers",
	"release_in_callee",
	"relock_helpers_in_loop",
	"relock_in_loop",
	"result_says_held",
	"returns_held",
	"select_relock",
	"selective_recover",
	"suppressed",
	"switch_select",
	"temporary_unlock",
	"trylock",
	"type_assert",
	"write_runlocked",
}

func TestCases(t *testing.T) {
	passtest.RunCases(t, unreleased.Analyzer, "unreleased", cases)
}

// TestSuggestedFix applies the "defer the Unlock right after Lock" fix
// and compares with panic_fix.go.golden, whose single section is named
// after the fix's message. The case also holds reports that must come
// without a fix (two releases; a call after the Unlock).
func TestSuggestedFix(t *testing.T) {
	results := analysistest.RunWithSuggestedFixes(t, passtest.Dir(t), unreleased.Analyzer, "unreleased/panic_fix")
	// RunWithSuggestedFixes compares nothing when no fix is offered:
	// count them, so that the golden file is really checked.
	fixes := 0
	for _, r := range results {
		for _, d := range r.Diagnostics {
			fixes += len(d.SuggestedFixes)
		}
	}
	assert.Equal(t, 2, fixes, "the fixable reports of panic_fix.go (Push and Reset) offer a fix")
}

// TestEveryCaseRuns keeps the case list and the testdata directories in
// step, so a new case cannot be forgotten.
func TestEveryCaseRuns(t *testing.T) {
	passtest.EveryCaseRuns(t, "unreleased", cases, "panic_fix")
}
