package lockstate

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

const componentsSrc = `package p

func leaf() {}

func a(n int) {
	if n > 0 {
		b(n - 1)
	}
}

func b(n int) {
	leaf()
	a(n)
}

func self(n int) {
	if n > 0 {
		self(n - 1)
	}
}
`

// TestComponents: components come callees first; within a recursive
// component every member knows its callers, and a callee that the
// component reaches first ranks before its caller.
func TestComponents(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", componentsSrc, 0)
	require.NoError(t, err)
	pkg, _, err := ssautil.BuildPackage(&types.Config{Importer: importer.Default()}, fset, types.NewPackage("p", ""), []*ast.File{f}, 0)
	require.NoError(t, err)
	var funcs []*ssa.Function
	for _, name := range []string{"a", "b", "leaf", "self"} {
		funcs = append(funcs, pkg.Func(name))
	}
	cs := components(funcs, nil)
	var names [][]string
	for _, c := range cs {
		var list []string
		for _, fn := range c.funcs {
			list = append(list, fn.Name())
		}
		names = append(names, list)
	}
	assert.Equal(t, [][]string{{"leaf"}, {"a", "b"}, {"self"}}, names)

	assert.False(t, cs[0].recursive())
	ab := cs[1]
	require.True(t, ab.recursive())
	assert.Equal(t, [][]int{{1}, {0}}, ab.callers, "a is called by b, b by a")
	assert.Less(t, ab.rank[1], ab.rank[0], "b, reached from a, ranks first")
	assert.True(t, cs[2].recursive(), "self calls itself")
}

// TestComponentWorklist: a ring of six functions of which one takes a
// lock converges with seven analyses (each once, the locking one again
// once its caller's summary has changed), where rounds over the whole
// component would not converge within the budget.
func TestComponentWorklist(t *testing.T) {
	dir := testdataDir(t)
	res := analysistest.Run(t, dir, Analyzer, "lockstate/ring")[0].Result.(*Result)
	assert.Equal(t, 7, res.Stats.Funcs)
	assert.Zero(t, res.Stats.NoFixpoint)
}

// TestAcyclicChain: a call chain through a recursive component keeps no
// detour around the cycle.
func TestAcyclicChain(t *testing.T) {
	f := func(names ...string) []FuncName {
		var out []FuncName
		for _, n := range names {
			out = append(out, FuncName{Pkg: "p", Name: n})
		}
		return out
	}
	for _, tc := range []struct{ in, want []FuncName }{
		{nil, nil},
		{f("a", "b", "c"), f("a", "b", "c")},
		{f("a", "b", "a", "b", "x"), f("a", "b", "x")},
		{f("a", "b", "c", "b", "x"), f("a", "b", "x")},
		{f("a", "b", "a", "c", "a", "x"), f("a", "x")},
		{f("x", "a", "b", "a", "b", "a"), f("x", "a")},
	} {
		assert.Equal(t, tc.want, acyclicChain(tc.in), "%v", tc.in)
	}
}
