package lockorder

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/locklint/locklint/internal/passtest"
)

// TestCycleBudget: past the cycle-search budget the pass stops looking
// (and reports nothing it has not found) instead of running on.
func TestCycleBudget(t *testing.T) {
	old := maxCycleSteps
	defer func() { maxCycleSteps = old }()
	maxCycleSteps = 1
	var q quiet
	results := analysistest.Run(&q, passtest.Dir(t), Analyzer, "lockorder/three_cycle")
	n := 0
	for _, r := range results {
		n += len(r.Diagnostics)
	}
	assert.Zero(t, n, "one step finds no three-lock cycle")
	assert.NotEmpty(t, q.errs, "the cycles the testdata wants are then missing")
}

// quiet is an analysistest.Testing that keeps the errors.
type quiet struct{ errs []string }

func (q *quiet) Errorf(format string, args ...any) {
	q.errs = append(q.errs, fmt.Sprintf(format, args...))
}
