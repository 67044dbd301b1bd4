package lockstate_test

import (
	"bytes"
	"encoding/gob"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/locklint/locklint/internal/lockstate"
)

func testdata(t *testing.T) string {
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	require.NoError(t, err)
	return dir
}

// TestSummaries pins the exported facts: the // want fact comments in
// testdata/src/lockstate/summaries are the specification.
func TestSummaries(t *testing.T) {
	analysistest.Run(t, testdata(t), lockstate.Analyzer, "lockstate/summaries")
}

// TestLeafLocks: the facts leave out the acquisitions of private leaf
// locks (leaf.go); the want comments of testdata/src/lockstate/leaflocks
// and leafuser are the specification.
func TestLeafLocks(t *testing.T) {
	analysistest.Run(t, testdata(t), lockstate.Analyzer, "lockstate/leaflocks", "lockstate/leafuser")
}

// TestPerClass pins the bound on a summary's acquisitions of one class
// (maxPerClass): the want comment of testdata/src/lockstate/perclass.
func TestPerClass(t *testing.T) {
	analysistest.Run(t, testdata(t), lockstate.Analyzer, "lockstate/perclass")
}

// TestReachSummaries pins the summaries of functions whose calls go
// through func-valued fields and fmt's implicit String calls.
func TestReachSummaries(t *testing.T) {
	analysistest.Run(t, testdata(t), lockstate.Analyzer, "lockstate/reach")
}

// TestPanics pins how summaries say a function can panic: the // want
// fact comments in testdata/src/lockstate/panics are the specification.
func TestPanics(t *testing.T) {
	analysistest.Run(t, testdata(t), lockstate.Analyzer, "lockstate/panics")
}

func funcResult(t *testing.T, res *lockstate.Result, name string) *lockstate.FuncResult {
	for _, f := range res.Funcs() {
		if f.Fn().Name() == name {
			return f
		}
	}
	t.Fatalf("no function %s", name)
	return nil
}

// TestSmallCFGs checks the dataflow on a diamond, a loop and a cycle.
func TestSmallCFGs(t *testing.T) {
	results := analysistest.Run(t, testdata(t), lockstate.Analyzer, "lockstate/cfg")
	require.Len(t, results, 1)
	res := results[0].Result.(*lockstate.Result)

	clean := func(name string) {
		f := funcResult(t, res, name)
		assert.Empty(t, f.Skipped(), name)
		assert.Empty(t, f.Leaks(), name)
		assert.Empty(t, f.BadReleases(), name)
		for _, a := range f.Acquires() {
			assert.Empty(t, a.Same, "%s: double acquire", name)
		}
	}
	// Both arms lock: the join has one state, and the Unlock pairs.
	clean("Diamond")
	clean("Correlated")
	clean("Loop")
	clean("Cycle")
	clean("Elements")

	half := funcResult(t, res, "HalfDiamond")
	require.Len(t, half.Acquires(), 2)
	second := half.Acquires()[1]
	require.Len(t, second.Same, 1, "held on the then-arm only, then locked again")
	assert.False(t, second.SameIteration)
	assert.Equal(t, "Mu", second.Lock.Name)
	assert.Equal(t, lockstate.Class{Kind: lockstate.ClassGlobal, Pkg: "lockstate/cfg", Name: "Mu"}, second.Lock.Class)

	leak := funcResult(t, res, "LoopLeak")
	require.Len(t, leak.Acquires(), 1)
	assert.True(t, leak.Acquires()[0].SameIteration, "continue keeps it held into the next iteration")
}

// TestFactEncoding checks that facts encode deterministically, round-trip,
// and stay within their size budget.
func TestFactEncoding(t *testing.T) {
	results := analysistest.Run(t, testdata(t), lockstate.Analyzer, "lockstate/summaries")
	require.Len(t, results, 1)
	res := results[0].Result.(*lockstate.Result)
	n := 0
	for _, f := range res.Funcs() {
		obj, ok := f.Fn().Object().(interface{ Name() string })
		if !ok || f.Summary() == nil {
			continue
		}
		_ = obj
		fact := &lockstate.FuncFact{Summary: *f.Summary()}
		enc := func() []byte {
			var buf bytes.Buffer
			require.NoError(t, gob.NewEncoder(&buf).Encode(fact))
			return buf.Bytes()
		}
		a, b := enc(), enc()
		assert.Equal(t, a, b, "%s: encoding is deterministic", f.Fn())
		var back lockstate.FuncFact
		require.NoError(t, gob.NewDecoder(bytes.NewReader(a)).Decode(&back))
		assert.Equal(t, fact.String(), back.String(), "%s: round trip", f.Fn())
		assert.Less(t, len(a), 4096, "%s: fact size budget", f.Fn())
		n++
	}
	assert.Greater(t, n, 5)
}

// TestBigSummaryBudget: a summary at the effect budget still encodes
// within the per-fact size budget.
func TestBigSummaryBudget(t *testing.T) {
	var s lockstate.Summary
	for i := range 100 {
		e := lockstate.Effect{
			Lock:  lockstate.RelPath{Root: lockstate.RootParam, Name: "s", Steps: []lockstate.RelStep{{Name: "field", Owner: "example.com/some/long/package/path.Type", Field: i}}},
			Type:  "sync.Mutex",
			Chain: []lockstate.FuncName{{Pkg: "example.com/some/long/package/path", Name: "(*Type).method"}},
		}
		s.Acquires = append(s.Acquires, e)
		s.Holds = append(s.Holds, e)
		s.Releases = append(s.Releases, e)
	}
	s.Normalize()
	assert.Len(t, s.Acquires, 32)
	var buf bytes.Buffer
	require.NoError(t, gob.NewEncoder(&buf).Encode(&lockstate.FuncFact{Summary: s}))
	assert.Less(t, buf.Len(), 32<<10, "worst-case fact size")
}

// TestDeepPhis: a lock reached through a long chain of phis is resolved
// within the path budget, and the function is analysed, not skipped.
func TestDeepPhis(t *testing.T) {
	results := analysistest.Run(t, testdata(t), lockstate.Analyzer, "lockstate/deepphis")
	require.Len(t, results, 1)
	res := results[0].Result.(*lockstate.Result)
	f := funcResult(t, res, "Replace")
	assert.Empty(t, f.Skipped())
	require.Len(t, f.Acquires(), 2)
	for _, a := range f.Acquires() {
		assert.Empty(t, a.Same)
	}
	assert.Empty(t, f.Leaks())
}
