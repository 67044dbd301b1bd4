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

// Objects not yet published. A lock of an object this function allocated
// (c := &client{}) and has not let out by the time it takes another lock
// cannot be held or waited for by another goroutine: an order edge from
// it (or to it) cannot be part of a deadlock (nats-server's createGateway
// initialises a new client under its lock before registering it). The
// object is let out by a store of its address (or of a pointer into it)
// anywhere, a call that gets one of them (other than a lock operation on
// one of its mutexes), a conversion to an interface, a closure, a send, a
// return; any of these on a path to the acquisition ends it.

// unpublished reports whether the object holding the lock at path p is
// an allocation of this function not yet let out when instr runs.
func (fa *funcAnalysis) unpublished(p pathID, instr ssa.Instruction) bool {
	if instr == nil {
		return false
	}
	n := fa.paths.node(p)
	for n.parent != 0 {
		if n.step.kind != stepField {
			return false
		}
		n = fa.paths.node(n.parent)
	}
	alloc, ok := n.root.value.(*ssa.Alloc)
	if !ok || n.root.kind != rootValue || alloc.Parent() != fa.fn || !alloc.Heap {
		return false
	}
	for _, e := range fa.escapesOf(alloc) {
		if e == instr || fa.reaches(e, instr) {
			return false
		}
	}
	return true
}

// escapesOf returns the instructions that let an allocation out.
func (fa *funcAnalysis) escapesOf(a *ssa.Alloc) []ssa.Instruction {
	if e, ok := fa.escapes[a]; ok {
		return e
	}
	var out []ssa.Instruction
	var walk func(v ssa.Value, depth int)
	walk = func(v ssa.Value, depth int) {
		refs := v.Referrers()
		if refs == nil {
			return
		}
		for _, r := range *refs {
			switch r := r.(type) {
			case *ssa.FieldAddr:
				if depth < 4 {
					walk(r, depth+1)
				} else {
					out = append(out, r)
				}
			case *ssa.UnOp:
				// A load of a field: what it holds is not the object.
			case *ssa.Store:
				if r.Val == v {
					out = append(out, r) // the address itself is stored
				}
			case *ssa.DebugRef:
			case ssa.CallInstruction:
				if p, recv := classify(r.Common()); p.op != opNone && recv == v {
					continue // a lock operation on one of its mutexes
				}
				out = append(out, r)
			default:
				out = append(out, r)
			}
		}
	}
	walk(a, 0)
	if fa.escapes == nil {
		fa.escapes = make(map[*ssa.Alloc][]ssa.Instruction)
	}
	fa.escapes[a] = out
	return out
}

// reaches reports whether control can flow from instruction a to b.
func (fa *funcAnalysis) reaches(a, b ssa.Instruction) bool {
	ab, bb := a.Block(), b.Block()
	if ab == bb {
		for _, x := range ab.Instrs {
			if x == a {
				break
			}
			if x == b {
				// b comes first: only through a loop back to b.
				return reach(ab, func(x *ssa.BasicBlock) []*ssa.BasicBlock { return x.Succs })[ab]
			}
		}
		return true
	}
	return reach(ab, func(x *ssa.BasicBlock) []*ssa.BasicBlock { return x.Succs })[bb]
}
