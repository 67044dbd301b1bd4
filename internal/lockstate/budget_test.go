package lockstate

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/analysis/analysistest"
)

// TestBudgets: a function over the path budget is skipped and counted,
// not analysed for ever; a recursive component over the round budget is
// counted. The budgets are lowered to make small cases hit them.
func TestBudgets(t *testing.T) {
	dir := testdataDir(t)

	oldPaths, oldRounds := maxPathSteps, maxRounds
	defer func() { maxPathSteps, maxRounds = oldPaths, oldRounds }()

	// The facts the testdata wants are missing when a budget cuts the
	// work short: collect analysistest's complaints instead of failing.
	var q quiet
	maxPathSteps = 8
	res := analysistest.Run(&q, dir, Analyzer, "lockstate/deepphis")[0].Result.(*Result)
	assert.Equal(t, 1, res.Stats.TooManyPaths)
	for _, f := range res.Funcs() {
		if f.Fn().Name() == "Replace" {
			assert.Equal(t, "too many path steps", f.Skipped())
		}
	}

	maxPathSteps, maxRounds = oldPaths, 0
	res = analysistest.Run(&q, dir, Analyzer, "lockstate/recursion")[0].Result.(*Result)
	assert.Equal(t, 1, res.Stats.NoFixpoint, "ping and pong need a second round")
	require.Len(t, res.unconverged, 1)
}

// TestStateBudget: a function with more lock states at a block than the
// budget is truncated, not given up: it keeps the acquisitions it saw,
// and its summary keeps only those.
func TestStateBudget(t *testing.T) {
	dir := testdataDir(t)
	old := maxStates
	defer func() { maxStates = old }()

	var q quiet
	maxStates = 3
	res := analysistest.Run(&q, dir, Analyzer, "lockstate/manystates")[0].Result.(*Result)
	assert.Equal(t, 1, res.Stats.TooManyStates)
	var mixed *FuncResult
	for _, f := range res.Funcs() {
		if f.Fn().Name() == "Mixed" {
			mixed = f
		}
	}
	require.NotNil(t, mixed)
	assert.Empty(t, mixed.Skipped())
	assert.True(t, mixed.truncated)
	assert.NotEmpty(t, mixed.Acquires())
	sum := mixed.summary
	assert.NotEmpty(t, sum.Acquires)
	assert.Empty(t, sum.Releases)
	assert.Empty(t, sum.Holds)
	assert.Empty(t, sum.MayReleases)

	// Within the budget, the same function is analysed in full.
	maxStates = old
	res = analysistest.Run(t, dir, Analyzer, "lockstate/manystates")[0].Result.(*Result)
	assert.Equal(t, 0, res.Stats.TooManyStates)
}

// quiet is an analysistest.Testing that keeps the errors.
type quiet struct{ errs []string }

func (q *quiet) Errorf(format string, args ...any) {
	q.errs = append(q.errs, fmt.Sprintf(format, args...))
}

// testdataDir returns the repository's testdata directory.
func testdataDir(t *testing.T) string {
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	require.NoError(t, err)
	return dir
}
