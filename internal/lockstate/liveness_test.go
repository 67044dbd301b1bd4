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
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

const livenessSrc = `package p

var sink bool

func f() error

func g(n int) int {
	err := f()
	if err != nil {
		return 1
	}
	held := false
	if f() == nil {
		held = true
	}
	for i := 0; i < n; i++ {
		if e := f(); e != nil {
			n--
		}
	}
	stored := f() == nil
	sink = stored
	if stored {
		n++
	}
	if held {
		return n
	}
	return 0
}
`

// TestKeyLiveness checks where branch outcomes stay live: a condition
// tested once is live only in its own block, a flag from its phi to
// the test of it, and a condition whose value is stored everywhere.
func TestKeyLiveness(t *testing.T) {
	fn := livenessFunc(t)
	fa := &funcAnalysis{fn: fn, paths: newPathTable()}
	var ifs []*ssa.If
	for _, b := range fn.Blocks {
		if i, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); ok {
			ifs = append(ifs, i)
		}
	}
	liveAt := func(i *ssa.If) []int {
		k, _ := fa.condKeyOf(i.Cond)
		live := fa.keyLive(fa.kid(k))
		if live == nil {
			return nil
		}
		var out []int
		for b, l := range live {
			if l {
				out = append(out, b)
			}
		}
		return out
	}
	// Find each If by the shape of its condition.
	var errIf, eIf, heldIf, storedIf *ssa.If
	for _, i := range ifs {
		switch c := i.Cond.(type) {
		case *ssa.Phi:
			heldIf = i
		case *ssa.BinOp:
			stored := false
			for _, r := range *c.Referrers() {
				if _, ok := r.(*ssa.Store); ok {
					stored = true
				}
			}
			switch {
			case stored:
				storedIf = i
			case c.Op == token.NEQ && i.Block().Index == 0:
				errIf = i
			case c.Op == token.NEQ:
				eIf = i
			}
		}
	}
	require.NotNil(t, errIf)
	require.NotNil(t, eIf)
	require.NotNil(t, heldIf)
	require.NotNil(t, storedIf)
	assert.Equal(t, []int{errIf.Block().Index}, liveAt(errIf), "err != nil: consulted once")
	assert.Equal(t, []int{eIf.Block().Index}, liveAt(eIf), "e != nil: redefined each iteration")
	live := liveAt(heldIf)
	assert.Contains(t, live, heldIf.Block().Index, "held: live up to its test")
	assert.Greater(t, len(live), 1, "held: live from its phi on")
	assert.Nil(t, liveAt(storedIf), "stored: its value is stored, always live")
}

// TestReversePostorder checks the worklist's order: the entry first, and
// every forward edge (to a block that does not dominate its source) going
// to a later block; the queue pops in that order.
func TestReversePostorder(t *testing.T) {
	fn := livenessFunc(t)
	order := reversePostorder(fn)
	assert.Equal(t, 0, order[0])
	for _, b := range fn.Blocks {
		for _, s := range b.Succs {
			if !s.Dominates(b) {
				assert.Less(t, order[b.Index], order[s.Index], "edge %d -> %d", b.Index, s.Index)
			}
		}
	}
	q := &blockQueue{order: order}
	for i := len(fn.Blocks) - 1; i >= 0; i-- {
		q.push(fn.Blocks[i])
	}
	prev := -1
	for q.Len() > 0 {
		b := q.pop()
		assert.Greater(t, order[b.Index], prev)
		prev = order[b.Index]
	}
}

// livenessFunc builds livenessSrc and returns its function g.
func livenessFunc(t *testing.T) *ssa.Function {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", livenessSrc, 0)
	require.NoError(t, err)
	pkg, _, err := ssautil.BuildPackage(&types.Config{Importer: importer.Default()}, fset, types.NewPackage("p", ""), []*ast.File{f}, 0)
	require.NoError(t, err)
	return pkg.Func("g")
}
