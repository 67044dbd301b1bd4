package doubleacquire_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/locklint/locklint/internal/lockstate"
	"github.com/locklint/locklint/internal/passtest"
	"github.com/locklint/locklint/passes/doubleacquire"
)

// cases are the packages under testdata/src/doubleacquire, all run in
// one analysistest load; a failure names the case's file. Each opens
// with a comment saying what it shows; its // want comments are the
// specification.
var cases = []string{
	"back_pointer",
	"callback",
	"callback_release",
	"captured_local",
	"closure_after_unlock",
	"closure_guard",
	"cond_lock_alias",
	"correlated_param",
	"direct_relock",
	"distinct_instances",
	"embedded_mutex",
	"field_chain",
	"func_field",
	"global_mutex",
	"goroutine",
	"guard_from_field",
	"handle_release",
	"held_flag_local",
	"iface_cha",
	"iface_pinned",
	"iface_self",
	"implicit_string",
	"local_mutex",
	"lock_all_loop",
	"loop_continue",
	"one_branch",
	"one_report_per_call",
	"ordering_by_id",
	"param_mutex",
	"range_func_body",
	"reassigned_receiver",
	"rlocker_alias",
	"rw_downgrade",
	"rw_loop_release_helper",
	"rw_mixed_holdings",
	"rw_recursive_read",
	"rw_upgrade",
	"suppressed",
	"sync_callee",
	"test_recursive_read",
	"trylock",
	"trylock_captured_flag",
	"via_call",
	"via_call_chain",
}

func TestCases(t *testing.T) {
	passtest.RunCases(t, doubleacquire.Analyzer, "doubleacquire", cases)
}

// TestCrossPackage reaches upstream's locks only through the facts of
// upstream and middle: downstream is the package checked.
func TestCrossPackage(t *testing.T) {
	analysistest.Run(t, passtest.Dir(t), doubleacquire.Analyzer, "doubleacquire/crosspkg/downstream")
}

// TestCrossPackageDeps checks that the packages below downstream, which
// only lock and call, are silent themselves.
func TestCrossPackageDeps(t *testing.T) {
	analysistest.Run(t, passtest.Dir(t), doubleacquire.Analyzer,
		"doubleacquire/crosspkg/upstream", "doubleacquire/crosspkg/middle")
}

// TestTestHazardsFlag: with -lockstate.testhazards, a recursive read lock
// in a test file is reported (test_recursive_read shows the default).
func TestTestHazardsFlag(t *testing.T) {
	passtest.SetFlag(t, lockstate.Analyzer, "testhazards", "true")
	analysistest.Run(t, passtest.Dir(t), doubleacquire.Analyzer, "doubleacquire/test_recursive_read_flag")
}

// TestEveryCaseRuns keeps the case list and the testdata directories in
// step, so a new case cannot be forgotten.
func TestEveryCaseRuns(t *testing.T) {
	passtest.EveryCaseRuns(t, "doubleacquire", cases, "crosspkg", "test_recursive_read_flag")
}
