package origins

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// The nodes of the analysis and what flows into each: values, parameters
// (the arguments of the calls), free variables (their bindings), results
// (the returns), fields (the stores to them) and local variables.

func (a *Analysis) valueNode(v ssa.Value) *node {
	switch v := v.(type) {
	case *ssa.Alloc, *ssa.MakeMap, *ssa.MakeSlice, *ssa.MakeChan, *ssa.MakeClosure, *ssa.Global, *ssa.Function:
		return one(a, v)
	case *ssa.Const:
		if v.Value == nil {
			return &node{} // nil points to nothing
		}
		return one(a, v)
	case *ssa.Parameter:
		return a.paramNode(v)
	case *ssa.FreeVar:
		return a.freeVarNode(v)
	case *ssa.Phi:
		n := &node{}
		for _, e := range v.Edges {
			n.deps = append(n.deps, dep{from: valueKey(e)})
		}
		return n
	case *ssa.ChangeType:
		return deps(valueKey(v.X))
	case *ssa.ChangeInterface:
		return deps(valueKey(v.X))
	case *ssa.MakeInterface:
		return deps(valueKey(v.X))
	case *ssa.Convert:
		return deps(valueKey(v.X))
	case *ssa.Slice:
		return deps(valueKey(v.X))
	case *ssa.FieldAddr:
		return deps(valueKey(v.X)) // inside X's object
	case *ssa.TypeAssert:
		if !v.CommaOk {
			return deps(valueKey(v.X))
		}
	case *ssa.Field:
		if fk, ok := a.fieldOf(v.X.Type(), v.Field); ok {
			return deps(nodeKey{kind: nField, field: fk})
		}
	case *ssa.UnOp:
		if v.Op == token.MUL {
			return deps(a.loadKey(v.X))
		}
	case *ssa.Lookup:
		if !v.CommaOk {
			if _, ok := v.X.Type().Underlying().(*types.Map); ok {
				return deps(nodeKey{kind: nElems, v: v.X})
			}
		}
	case *ssa.Extract:
		switch t := v.Tuple.(type) {
		case *ssa.Call:
			if fn := a.idx.staticCallee(&t.Call); fn != nil {
				return deps(nodeKey{kind: nRet, fn: fn, i: v.Index})
			}
		case *ssa.Next:
			if v.Index == 2 && !t.IsString {
				if r, ok := t.Iter.(*ssa.Range); ok {
					return deps(nodeKey{kind: nElems, v: r.X})
				}
			}
		case *ssa.Lookup:
			if v.Index == 0 {
				return deps(nodeKey{kind: nElems, v: t.X})
			}
		case *ssa.TypeAssert:
			if v.Index == 0 {
				return deps(valueKey(t.X))
			}
		}
	case *ssa.Call:
		if fn := a.idx.staticCallee(&v.Call); fn != nil {
			if fn.Signature.Results().Len() == 1 {
				return deps(nodeKey{kind: nRet, fn: fn})
			}
		}
	}
	return top()
}

// loadKey is the node of the value loaded from address addr.
func (a *Analysis) loadKey(addr ssa.Value) nodeKey {
	switch addr := addr.(type) {
	case *ssa.FieldAddr:
		if fk, ok := a.fieldOf(addr.X.Type(), addr.Field); ok {
			return nodeKey{kind: nField, field: fk}
		}
	case *ssa.IndexAddr:
		return nodeKey{kind: nElems, v: addr.X}
	case *ssa.Alloc:
		return nodeKey{kind: nCell, v: addr}
	case *ssa.FreeVar:
		if b := a.binding(addr); b != nil {
			if al, ok := b.(*ssa.Alloc); ok {
				return nodeKey{kind: nCell, v: al}
			}
		}
	}
	return topKey
}

// fieldOf returns the key of field i of the struct type t (or pointer to
// it) when it is one the analysis follows: an unexported field of a
// named type of the package.
func (a *Analysis) fieldOf(t types.Type, i int) (FieldKey, bool) {
	return fieldKey(a.cfg.Pkg, t, i)
}

// paramNode: the arguments of every call, when all are seen.
func (a *Analysis) paramNode(p *ssa.Parameter) *node {
	fn := p.Parent()
	i := slices.Index(fn.Params, p)
	if i < 0 || !a.idx.callsKnown(fn) {
		return top()
	}
	n := &node{}
	for _, c := range a.idx.calls[fn] {
		args := c.Common().Args
		if i >= len(args) {
			return top()
		}
		n.deps = append(n.deps, dep{from: valueKey(args[i]), guard: a.guards(c, args[i])})
	}
	return n
}

// freeVarNode: the values bound to the free variable where its closure
// is made.
func (a *Analysis) freeVarNode(fv *ssa.FreeVar) *node {
	fn := fv.Parent()
	i := slices.Index(fn.FreeVars, fv)
	mcs := a.idx.closures[fn] // however the closure is then called
	if i < 0 || len(mcs) == 0 {
		return top()
	}
	n := &node{}
	for _, mc := range mcs {
		if i >= len(mc.Bindings) {
			return top()
		}
		n.deps = append(n.deps, dep{from: valueKey(mc.Bindings[i])})
	}
	return n
}

// binding returns the value bound to a free variable when its closure
// is made in one place.
func (a *Analysis) binding(fv *ssa.FreeVar) ssa.Value {
	fn := fv.Parent()
	i := slices.Index(fn.FreeVars, fv)
	mcs := a.idx.closures[fn]
	if i < 0 || len(mcs) != 1 || i >= len(mcs[0].Bindings) {
		return nil
	}
	return mcs[0].Bindings[i]
}

// retNode: what the function's returns give.
func (a *Analysis) retNode(fn *ssa.Function, i int) *node {
	rets, ok := a.idx.returns[fn]
	if !ok {
		return top()
	}
	n := &node{}
	for _, r := range rets {
		if i < len(r.Results) {
			n.deps = append(n.deps, dep{from: valueKey(r.Results[i])})
		}
	}
	return n
}

// fieldNode: every value stored to the field.
func (a *Analysis) fieldNode(fk FieldKey) *node {
	fi := a.idx.fields[fk]
	if fi == nil || fi.escapes || a.cfg.Written(fk) {
		return top() // not a field the analysis follows, or not all seen
	}
	n := &node{}
	for _, s := range fi.stores {
		n.deps = append(n.deps, dep{from: valueKey(s.Val)})
	}
	return n
}

// cellNode: the values stored in a local variable (an Alloc that go/ssa
// keeps in memory, captured by closures or addressed).
func (a *Analysis) cellNode(al ssa.Value) *node {
	n := &node{}
	if !a.cellStores(al, n, true) {
		return top()
	}
	return n
}

func (a *Analysis) cellStores(addr ssa.Value, n *node, followBindings bool) bool {
	refs := addr.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr != addr {
				return false // the address itself stored
			}
			n.deps = append(n.deps, dep{from: valueKey(r.Val)})
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return false
			}
		case *ssa.DebugRef:
		case *ssa.MakeClosure:
			if !followBindings {
				return false
			}
			fn, ok := r.Fn.(*ssa.Function)
			if !ok {
				return false
			}
			for i, b := range r.Bindings {
				if b == addr && i < len(fn.FreeVars) {
					if !a.cellStores(fn.FreeVars[i], n, true) {
						return false
					}
				}
			}
		default:
			return false
		}
	}
	return true
}
