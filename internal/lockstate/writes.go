package lockstate

import (
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// What counts as changing shared state inside a critical section (for
// naked Cond signals).

// marksDirty reports whether instr may change state that a Cond's
// waiters read: a store or map update outside this function's own
// locals, a send, or a call that may write (one outside the standard
// library, a dynamic call, or a standard-library call given a pointer
// into shared memory).
func (fa *funcAnalysis) marksDirty(instr ssa.Instruction) bool {
	switch instr := instr.(type) {
	case *ssa.Store:
		n := fa.paths.node(fa.pathOf(instr.Addr))
		for n.parent != 0 {
			n = fa.paths.node(n.parent)
		}
		a, ok := n.root.value.(*ssa.Alloc)
		return n.root.kind != rootValue || !ok || (a.Heap && !fresh(a))
	case *ssa.MapUpdate, *ssa.Send:
		return true
	case ssa.CallInstruction:
		c := instr.Common()
		if p, _ := classify(c); p.op != opNone {
			return false
		}
		if b, ok := c.Value.(*ssa.Builtin); ok {
			switch b.Name() {
			case "delete", "clear", "copy", "close":
				return true
			}
			return false
		}
		callee := c.StaticCallee()
		if callee == nil || callee.Pkg == nil || !stdPath(callee.Pkg.Pkg.Path()) {
			return true
		}
		for _, a := range c.Args {
			if shared(a) {
				return true
			}
		}
	}
	return false
}

// fresh reports whether an allocation is a new object being built here
// (variadic arguments, a composite literal), not a variable that a
// closure or another goroutine may share.
func fresh(a *ssa.Alloc) bool {
	switch a.Comment {
	case "varargs", "complit", "slicelit", "new":
		return true
	}
	return false
}

// stdPath reports whether a package path looks like the standard
// library's (no dot in its first element).
func stdPath(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// shared reports whether value v refers to memory that outlives the
// function (a pointer, slice, map or channel not freshly allocated here).
func shared(v ssa.Value) bool {
	switch v.Type().Underlying().(type) {
	case *types.Pointer, *types.Slice, *types.Map, *types.Chan, *types.Interface:
	default:
		return false
	}
	switch v := v.(type) {
	case *ssa.Alloc:
		return false // fresh memory of this function (varargs, new, &local)
	case *ssa.Slice:
		return shared(v.X)
	case *ssa.MakeInterface:
		return shared(v.X)
	case *ssa.MakeMap, *ssa.MakeChan, *ssa.MakeSlice, *ssa.Const:
		return false
	}
	return true
}
