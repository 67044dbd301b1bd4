package lockorder_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/locklint/locklint/internal/lockstate"
	"github.com/locklint/locklint/internal/passtest"
	"github.com/locklint/locklint/passes/lockorder"
)

// cases are the packages under testdata/src/lockorder, all run in one
// analysistest load; a failure names the case's file. Each opens with a
// comment saying what it shows; its // want comments are the
// specification.
var cases = []string{
	"acquire_helper",
	"after_blocked",
	"after_self_deadlock",
	"bad_order_directive",
	"blocked_after_relock",
	"blocked_callee",
	"blocked_deliver",
	"blocked_escape",
	"blocked_instances",
	"blocked_recv",
	"blocked_select",
	"blocked_send",
	"blocked_spawn_order",
	"blocked_wait",
	"blocked_wait_add",
	"callback_order",
	"caller_gate",
	"consistent_order",
	"declared_order",
	"deep_call",
	"direct_inversion",
	"distinct_role",
	"distinct_role_unbuilt",
	"entry_gate",
	"gate_lock",
	"gate_pair",
	"generated_code",
	"global_inversion",
	"iface_order",
	"instance_order",
	"many_sites",
	"nested_directive",
	"one_root_cause",
	"read_only_cycle",
	"release_reacquire",
	"rw_inversion",
	"test_caller_gate",
	"test_order",
	"test_role",
	"three_cycle",
	"transfer",
	"unpublished",
	"unpublished_callee",
	"unpublishedpaths",
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
	passtest.RunCases(t, lockorder.Analyzer, "lockorder", cases)
}

// TestCrossPackage checks the reports of the packages that import the two
// halves of a cycle: audit, which closes an inversion with ledger's edge
// itself, and both, which has no edge and gets the cycle of left and
// right at its import.
func TestCrossPackage(t *testing.T) {
	passtest.RunCases(t, lockorder.Analyzer, "lockorder/crosspkg", crossDownstream)
}

// TestCrossPackageUpstream checks that the packages holding one half of a
// cycle each, or only the locks, report nothing when analysed on their
// own: the cycle belongs to their importer.
func TestCrossPackageUpstream(t *testing.T) {
	passtest.RunCases(t, lockorder.Analyzer, "lockorder/crosspkg", crossUpstream)
}

// TestRelated pins the related positions that // want cannot see: each
// report of a cycle points at the other edges' inner acquisitions, and a
// report of two locks of one class at the first one's Lock.
func TestRelated(t *testing.T) {
	results := passtest.RunCases(t, lockorder.Analyzer, "lockorder",
		[]string{"direct_inversion", "three_cycle", "transfer"})
	got := passtest.Related(results)
	var (
		addRoute = passtest.Line(t, "lockorder", "direct_inversion", "r.statsMu.Lock() // want")
		report   = passtest.Line(t, "lockorder", "direct_inversion", "r.routesMu.Lock() // want")
		place    = passtest.Line(t, "lockorder", "three_cycle", "s.mu.Lock() // want")
		restock  = passtest.Line(t, "lockorder", "three_cycle", "b.mu.Lock() // want")
		refund   = passtest.Line(t, "lockorder", "three_cycle", "o.mu.Lock() // want")
		first    = passtest.Line(t, "lockorder", "transfer", "from.mu.Lock()")
		second   = passtest.Line(t, "lockorder", "transfer", "to.mu.Lock() // want `^from")
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

// TestBlockedRelated pins the related positions of the reports of a lock
// held across a blocking operation: the waiter's Lock, then each
// counterpart's Lock.
func TestBlockedRelated(t *testing.T) {
	results := passtest.RunCases(t, lockorder.Analyzer, "lockorder", []string{"blocked_recv", "blocked_select"})
	got := passtest.Related(results)
	line := func(c, text string) string { return passtest.Line(t, "lockorder", c, text) }
	for _, tc := range []struct {
		at   string
		want []string
	}{
		{line("blocked_recv", "<-s.done // want"), []string{
			line("blocked_recv", "// held across the receive") + ": s.mu locked here",
			line("blocked_recv", "// the closer's lock") + ": (*Snapshotter).run locks s.mu here before it closes s.done",
		}},
		{line("blocked_select", "select { // want"), []string{
			line("blocked_select", "// held across the select") + ": d.mu locked here",
			line("blocked_select", "// the receiver's lock") + ": (*Dispatcher).loop locks d.mu here between its receives",
			line("blocked_select", "// the closer's lock") + ": (*Dispatcher).Stop locks d.mu here before it closes d.stop",
		}},
	} {
		rel, ok := got[tc.at]
		if !ok {
			t.Errorf("no report at %s", tc.at)
			continue
		}
		require.Equal(t, tc.want, rel, "related positions of the report at %s", tc.at)
	}
}

// TestGeneratedFlag: with -lockstate.generated, reports in generated
// files are kept (generated_code shows the default, silent).
func TestGeneratedFlag(t *testing.T) {
	passtest.SetFlag(t, lockstate.Analyzer, "generated", "true")
	analysistest.Run(t, passtest.Dir(t), lockorder.Analyzer, "lockorder/generated_flag")
}

// TestTestOrderFlag: with -lockstate.testhazards, the lock orders that test
// files take are in the graph (test_order shows the default, silent).
func TestTestOrderFlag(t *testing.T) {
	passtest.SetFlag(t, lockstate.Analyzer, "testhazards", "true")
	analysistest.Run(t, passtest.Dir(t), lockorder.Analyzer, "lockorder/test_order_flag")
}

// TestTestRoleFlag: with -lockstate.testhazards, what test files do to
// objects counts in telling an edge's objects apart (test_role shows the
// default, silent).
func TestTestRoleFlag(t *testing.T) {
	passtest.SetFlag(t, lockstate.Analyzer, "testhazards", "true")
	var rec recorder
	analysistest.Run(&rec, passtest.Dir(t), lockorder.Analyzer, "lockorder/test_role_flag")
	require.Len(t, rec.errs, 2, "%q", rec.errs)
	require.Contains(t, rec.errs[0], "test_role_flag.go:56:2: unexpected diagnostic: lock order inversion: (*Server).initLeaf takes Conn.mu then gateway.RWMutex; (*Server).Stats takes gateway.RWMutex then Conn.mu: goroutines in both can deadlock")
	require.Contains(t, rec.errs[1], "test_role_flag.go:66:3: unexpected diagnostic: lock order inversion: (*Server).Stats takes gateway.RWMutex then Conn.mu; (*Server).initLeaf takes Conn.mu then gateway.RWMutex: goroutines in both can deadlock")
}

// recorder collects what analysistest reports, for a test that checks
// the reports of one package variant itself.
type recorder struct{ errs []string }

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// TestEveryCaseRuns keeps the case lists and the testdata directories in
// step, so a new case cannot be forgotten.
func TestEveryCaseRuns(t *testing.T) {
	passtest.EveryCaseRuns(t, "lockorder", cases, "crosspkg", "generated_flag", "test_order_flag", "test_role_flag")
	passtest.EveryCaseRuns(t, "lockorder/crosspkg", slices.Sorted(slices.Values(slices.Concat(crossDownstream, crossUpstream))))
}
