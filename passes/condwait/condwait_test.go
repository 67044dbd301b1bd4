package condwait_test

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/locklint/locklint/internal/passtest"
	"github.com/locklint/locklint/passes/condwait"
)

// cases are the packages under testdata/src/condwait, all run in one
// analysistest load; a failure names the case's file. Each opens with a
// comment saying what it shows; its // want comments are the
// specification.
var cases = []string{
	"bare_wait",
	"binding_kinds",
	"counting_loop",
	"embedded_locker",
	"global_cond",
	"if_wait",
	"local_cond",
	"lost_wakeup",
	"naked_signal",
	"nested_loop",
	"no_lock",
	"recheck_shapes",
	"rlocker_binding",
	"tail_wait",
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
	passtest.RunCases(t, condwait.Analyzer, "condwait", cases)
}

// TestSuggestedFix applies the "if -> for" fix and compares with
// if_fix.go.golden, whose single section is named after the fix's
// message. The case also holds reports that must come without a fix (an
// if with an else; an if with an init statement).
func TestSuggestedFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, passtest.Dir(t), condwait.Analyzer, "condwait/"+fixCase)
}

// TestCrossPackage checks that consumer knows the lock queue bound its
// Cond to: silent with it held, and named in the report without it.
func TestCrossPackage(t *testing.T) {
	passtest.RunCases(t, condwait.Analyzer, "condwait/crosspkg", crossDownstream)
}

// TestCrossPackageUpstream checks that queue, analysed on its own,
// reports nothing.
func TestCrossPackageUpstream(t *testing.T) {
	passtest.RunCases(t, condwait.Analyzer, "condwait/crosspkg", crossUpstream)
}

// TestRelated pins the related positions that // want cannot see: a
// lost wake-up points at the go statement that signals, and a naked
// Signal at the Lock that opened its critical section.
func TestRelated(t *testing.T) {
	results := passtest.RunCases(t, condwait.Analyzer, "condwait",
		[]string{"lost_wakeup", "naked_signal"})
	got := passtest.Related(results)
	var (
		producer   = passtest.Line(t, "condwait", "lost_wakeup", "go func() { // the producer")
		fetch      = passtest.Line(t, "condwait", "lost_wakeup", "p.ready.Wait() // want `^p\\.ready\\.Wait can miss")
		signaller  = passtest.Line(t, "condwait", "lost_wakeup", "go notify(c, &x) // the signaller")
		double     = passtest.Line(t, "condwait", "lost_wakeup", "c.cond.Wait() // want `^c\\.cond\\.Wait can miss")
		logged     = passtest.Line(t, "condwait", "lost_wakeup", "p.ready.Wait() // want `^p\\.ready\\.Wait is not")
		kickLock   = passtest.Line(t, "condwait", "naked_signal", "// Kick's critical section")
		kick       = passtest.Line(t, "condwait", "naked_signal", "d.cond.Signal() // want")
		reportLock = passtest.Line(t, "condwait", "naked_signal", "// Report's critical section")
		report     = passtest.Line(t, "condwait", "naked_signal", "d.cond.Broadcast() // want")
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
	passtest.EveryCaseRuns(t, "condwait", cases, "crosspkg", fixCase)
	passtest.EveryCaseRuns(t, "condwait/crosspkg", slices.Sorted(slices.Values(slices.Concat(crossDownstream, crossUpstream))))
}
