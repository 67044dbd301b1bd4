// Package analyzers lists all of locklint's passes. cmd/locklint, the
// go vet tool and the golangci-lint plugin take their list from here.
package analyzers

import (
	"golang.org/x/tools/go/analysis"

	"github.com/locklint/locklint/passes/condwait"
	"github.com/locklint/locklint/passes/doubleacquire"
	"github.com/locklint/locklint/passes/lockorder"
	"github.com/locklint/locklint/passes/unreleased"
)

// All is every locklint pass, sorted by name.
var All = []*analysis.Analyzer{
	condwait.Analyzer,
	doubleacquire.Analyzer,
	lockorder.Analyzer,
	unreleased.Analyzer,
}
