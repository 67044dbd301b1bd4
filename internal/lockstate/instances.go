package lockstate

import (
	"slices"

	"golang.org/x/tools/go/ssa"
)

// Two instances of one lock class held together (transfer(from, to))
// deadlock only when a concurrent call can take them the other way
// round: when the order is decided by what the caller passes. So two
// holdings are "parallel" when each instance is selected by inputs of
// the function (parameters, free variables, package variables) that the
// other is not selected by: from.mu and to.mu; or accounts[fromID] and
// accounts[toID], which share the map but not the key. Instances the
// code itself orders are not: c.fsms[0] then c.fsms[i] in a loop over
// the same slice (selected by the receiver alone), a node and its parent
// (one reached through the other), two fields of one object, or a pair
// picked by comparing keys (a phi of both).

// parallel reports whether the instances at paths p and q are selected
// by disjoint inputs of the function.
func (fa *funcAnalysis) parallel(p, q pathID) bool {
	a, b := fa.inputsOf(p), fa.inputsOf(q)
	onlyA, onlyB := false, false
	for _, x := range a {
		if !slices.Contains(b, x) {
			onlyA = true
		}
	}
	for _, x := range b {
		if !slices.Contains(a, x) {
			onlyB = true
		}
	}
	return onlyA && onlyB && !fa.throughOther(p, q) && !fa.throughOther(q, p)
}

// throughOther reports whether path p is reached through q's object
// (n.parent.mu through n): an order the data structure fixes.
func (fa *funcAnalysis) throughOther(p, q pathID) bool {
	qn := fa.paths.node(q)
	if qn.parent == 0 {
		return false
	}
	obj := qn.parent // the object holding q's lock
	for id := fa.paths.node(p).parent; id != 0; id = fa.paths.node(id).parent {
		if id == obj {
			return true
		}
	}
	return false
}

// input is an input of the function that can select an instance.
type input struct {
	kind  rootKind // rootParam, rootFreeVar or rootGlobal
	index int
	pkg   string
	name  string
}

// inputsOf returns the inputs that select the instance at path p: its
// root's, and its index values'.
func (fa *funcAnalysis) inputsOf(p pathID) []input {
	var out []input
	add := func(in []input) {
		for _, x := range in {
			if !slices.Contains(out, x) {
				out = append(out, x)
			}
		}
	}
	for id := p; id != 0; id = fa.paths.node(id).parent {
		n := fa.paths.node(id)
		if n.parent == 0 {
			switch n.root.kind {
			case rootParam, rootFreeVar:
				add([]input{{kind: n.root.kind, index: n.root.index}})
			case rootGlobal:
				add([]input{{kind: rootGlobal, pkg: n.root.pkg, name: n.root.name}})
			case rootValue:
				if n.root.value != nil {
					add(fa.valueInputs(n.root.value))
				}
			}
			break
		}
		if n.step.kind == stepIndex && n.step.index != nil {
			add(fa.valueInputs(n.step.index))
		}
	}
	return out
}

// valueInputs returns the inputs an SSA value is computed from, through
// its operands (bounded), memoised per function.
func (fa *funcAnalysis) valueInputs(v ssa.Value) []input {
	if fa.inputMemo == nil {
		fa.inputMemo = make(map[ssa.Value][]input)
	}
	seen := make(map[ssa.Value]bool)
	var walk func(v ssa.Value, depth int) []input
	walk = func(v ssa.Value, depth int) []input {
		if in, ok := fa.inputMemo[v]; ok {
			return in
		}
		if seen[v] || depth > 12 {
			return nil
		}
		seen[v] = true
		var out []input
		add := func(in []input) {
			for _, x := range in {
				if !slices.Contains(out, x) {
					out = append(out, x)
				}
			}
		}
		switch v := v.(type) {
		case *ssa.Parameter:
			if i, ok := fa.paramIndex(v); ok {
				out = []input{{kind: rootParam, index: i}}
			}
		case *ssa.FreeVar:
			for i, f := range fa.fn.FreeVars {
				if f == v {
					out = []input{{kind: rootFreeVar, index: i}}
				}
			}
		case *ssa.Global:
			pkg := ""
			if v.Pkg != nil {
				pkg = v.Pkg.Pkg.Path()
			}
			out = []input{{kind: rootGlobal, pkg: pkg, name: v.Name()}}
		case *ssa.Const, *ssa.Function, *ssa.Builtin, *ssa.Alloc:
			// no input, or a fresh object
		case *ssa.Phi:
			for _, e := range v.Edges {
				add(walk(e, depth+1))
			}
		case *ssa.Call:
			if v.Call.IsInvoke() {
				add(walk(v.Call.Value, depth+1))
			}
			for _, a := range v.Call.Args {
				add(walk(a, depth+1))
			}
		case ssa.Instruction:
			for _, op := range v.Operands(nil) {
				if op != nil && *op != nil {
					add(walk(*op, depth+1))
				}
			}
		}
		if depth == 0 || len(out) > 0 {
			fa.inputMemo[v] = out
		}
		return out
	}
	return walk(v, 0)
}
