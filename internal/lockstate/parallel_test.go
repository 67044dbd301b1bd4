package lockstate

import (
	"fmt"
	"go/token"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"golang.org/x/tools/go/analysis/analysistest"
)

// TestParallelComponents: analysing a package's components with several
// goroutines gives what analysing them in order gives (and, under -race,
// shares no table unguarded). The testdata packages are small, so the
// package-size threshold is lowered.
func TestParallelComponents(t *testing.T) {
	dir := testdataDir(t)
	pkgs := []string{"lockstate/summaries", "lockstate/chans", "lockstate/reach", "lockstate/panics", "lockstate/ring", "lockstate/recursion", "lockstate/cfg"}

	oldMin, oldWorkers := minParallelFuncs, maxWorkers
	defer func() { minParallelFuncs, maxWorkers = oldMin, oldWorkers }()
	run := func(min, workers int) []string {
		minParallelFuncs, maxWorkers = min, workers
		var q quiet // the want comments are checked by the other tests
		var out []string
		for _, r := range analysistest.Run(&q, dir, Analyzer, pkgs...) {
			out = append(out, renderResult(r.Result.(*Result)))
		}
		return out
	}
	want := run(1<<30, 1)
	for range 3 {
		assert.Equal(t, want, run(0, 4))
	}
}

// renderResult prints what a Result says about each function, its
// counts and its order edges.
func renderResult(res *Result) string {
	var b strings.Builder
	for _, f := range res.Funcs() {
		rel := func(p token.Pos) int { return int(p - f.Fn().Pos()) } // positions differ between loads
		fmt.Fprintf(&b, "%s skipped=%q truncated=%v\n", f.Fn(), f.Skipped(), f.Truncated())
		if s := f.Summary(); s != nil {
			fmt.Fprintf(&b, "  summary %s\n", (&FuncFact{Summary: *s}).String())
		}
		for _, a := range f.Acquires() {
			fmt.Fprintf(&b, "  acquire %d %s %v via %v\n", rel(a.Pos), a.Lock.Name, a.Mode, a.Via)
		}
		for _, l := range f.Leaks() {
			fmt.Fprintf(&b, "  leak %d %v %s from %d\n", rel(l.Pos), l.Kind, l.Lock.Name, rel(l.AcqPos))
		}
		for _, r := range f.BadReleases() {
			fmt.Fprintf(&b, "  bad release %d\n", rel(r.Pos))
		}
		for _, p := range f.PanicCalls() {
			fmt.Fprintf(&b, "  panic call %d\n", rel(p.Pos))
		}
	}
	fmt.Fprintf(&b, "stats %+v\n", res.Stats)
	for _, e := range res.Edges() {
		fmt.Fprintf(&b, "edge %s -> %s in %s\n", e.From, e.To, e.Func)
	}
	return b.String()
}
