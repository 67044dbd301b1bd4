package origins

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// Containers: the elements of maps, slices and arrays. A container held
// in a field gets every element put into any container that field held;
// one made by the function, every element put into it. A container that
// goes where its writes are not seen makes its elements unknown.

// fieldElemsNode: every element put into a container the field held.
func (a *Analysis) fieldElemsNode(fk FieldKey) *node {
	fi := a.idx.fields[fk]
	if fi == nil || fi.escapes || a.cfg.Written(fk) {
		return top()
	}
	n := &node{}
	for _, s := range fi.stores {
		n.deps = append(n.deps, dep{from: nodeKey{kind: nElems, v: s.Val}})
	}
	for _, r := range fi.reads {
		if !a.elemWrites(r, fk, n, make(map[ssa.Value]bool)) {
			return top()
		}
	}
	return n
}

// elemsNode: the elements of container value v.
func (a *Analysis) elemsNode(v ssa.Value) *node {
	switch v := v.(type) {
	case *ssa.UnOp:
		if v.Op == token.MUL {
			if fa, ok := v.X.(*ssa.FieldAddr); ok {
				if fk, ok := a.fieldOf(fa.X.Type(), fa.Field); ok {
					return deps(nodeKey{kind: nFieldElems, field: fk})
				}
			}
		}
	case *ssa.Field:
		if fk, ok := a.fieldOf(v.X.Type(), v.Field); ok {
			return deps(nodeKey{kind: nFieldElems, field: fk})
		}
	case *ssa.Slice:
		return deps(nodeKey{kind: nElems, v: v.X})
	case *ssa.ChangeType:
		return deps(nodeKey{kind: nElems, v: v.X})
	case *ssa.Phi:
		n := &node{}
		for _, e := range v.Edges {
			n.deps = append(n.deps, dep{from: nodeKey{kind: nElems, v: e}})
		}
		return n
	case *ssa.MakeMap, *ssa.MakeSlice, *ssa.Alloc:
		return deps(nodeKey{kind: nLocalElems, v: v})
	case *ssa.Const:
		if v.Value == nil {
			return &node{}
		}
	case *ssa.Call:
		if b, ok := v.Call.Value.(*ssa.Builtin); ok && b.Name() == "append" && len(v.Call.Args) == 2 {
			return deps(nodeKey{kind: nElems, v: v.Call.Args[0]}, nodeKey{kind: nElems, v: v.Call.Args[1]})
		}
	}
	return top()
}

// localElemsNode: the elements put into the container made by v (a
// make, or a local array), through every value derived from it.
func (a *Analysis) localElemsNode(v ssa.Value) *node {
	n := &node{}
	if !a.elemWrites(v, FieldKey{}, n, make(map[ssa.Value]bool)) {
		return top()
	}
	return n
}

// elemWrites adds to n the elements written into the container v (and
// the values derived from it: slices, phis, append results), and
// reports false when the container escapes where writes are not seen.
// A store of it into field own is no escape (that field's node
// includes its writes); a store into another field links the two.
func (a *Analysis) elemWrites(v ssa.Value, own FieldKey, n *node, seen map[ssa.Value]bool) bool {
	if seen[v] {
		return true
	}
	seen[v] = true
	refs := v.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.MapUpdate:
			if r.Map == v {
				n.deps = append(n.deps, dep{from: valueKey(r.Value)})
			} else {
				return false // stored as a value in a map
			}
		case *ssa.IndexAddr:
			if !a.elemAddrOK(r, n) {
				return false
			}
		case *ssa.Lookup, *ssa.Index, *ssa.Range, *ssa.DebugRef:
		case *ssa.Slice:
			if !a.elemWrites(r, own, n, seen) {
				return false
			}
		case *ssa.Phi:
			if !a.elemWrites(r, own, n, seen) {
				return false
			}
		case *ssa.ChangeType:
			if !a.elemWrites(r, own, n, seen) {
				return false
			}
		case *ssa.UnOp:
			// a load through a pointer to an array: reads
			if r.Op != token.MUL {
				return false
			}
		case *ssa.BinOp: // comparison with nil
		case *ssa.Store:
			if r.Addr == v {
				return false // the container stored over (pointer to array)
			}
			fa, ok := r.Addr.(*ssa.FieldAddr)
			if !ok {
				return false
			}
			fk, ok := a.fieldOf(fa.X.Type(), fa.Field)
			if !ok {
				return false
			}
			if fk != own {
				n.deps = append(n.deps, dep{from: nodeKey{kind: nFieldElems, field: fk}})
			}
		case *ssa.Call:
			b, ok := r.Call.Value.(*ssa.Builtin)
			if !ok {
				if readOnlyCall(&r.Call, v) {
					continue
				}
				// A function of the package: what it does with its
				// parameter is what is done with the container.
				fn := a.idx.staticCallee(&r.Call)
				if fn == nil || r.Call.Value == v {
					return false
				}
				for i, arg := range r.Call.Args {
					if arg == v && (i >= len(fn.Params) || !a.elemWrites(fn.Params[i], own, n, seen)) {
						return false
					}
				}
				continue
			}
			switch b.Name() {
			case "len", "cap", "delete", "clear":
			case "append":
				if r.Call.Args[0] == v {
					if len(r.Call.Args) > 1 {
						n.deps = append(n.deps, dep{from: nodeKey{kind: nElems, v: r.Call.Args[1]}})
					}
					if !a.elemWrites(r, own, n, seen) {
						return false
					}
				} // else our elements are appended elsewhere: a read
			case "copy":
				if r.Call.Args[0] == v {
					n.deps = append(n.deps, dep{from: nodeKey{kind: nElems, v: r.Call.Args[1]}})
				}
			default:
				return false
			}
		default:
			return false
		}
	}
	return true
}

// elemAddrOK adds the stores through an element address of a container
// and reports false when the address goes elsewhere.
func (a *Analysis) elemAddrOK(ia *ssa.IndexAddr, n *node) bool {
	refs := ia.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr != ia {
				return false
			}
			n.deps = append(n.deps, dep{from: valueKey(r.Val)})
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return false
			}
		case *ssa.FieldAddr, *ssa.DebugRef:
			// a field of a struct element: not the element's identity
		default:
			if c, ok := r.(*ssa.Call); ok && readOnlyCall(&c.Call, ia) {
				continue
			}
			return false
		}
	}
	return true
}

// readOnlyCalls lists functions of the standard library that read or
// reorder the elements of a slice they are given, never putting in a
// new one: a call of them is no write of a new element.
var readOnlyCalls = map[string]bool{
	"sort.Slice": true, "sort.SliceStable": true, "sort.SliceIsSorted": true,
	"slices.Sort": true, "slices.SortFunc": true, "slices.SortStableFunc": true,
	"slices.Reverse": true, "slices.Contains": true, "slices.ContainsFunc": true,
	"slices.Index": true, "slices.IndexFunc": true, "slices.IsSorted": true,
	"slices.IsSortedFunc": true, "slices.BinarySearch": true, "slices.BinarySearchFunc": true,
	"slices.Equal": true, "slices.EqualFunc": true,
	"maps.Keys": true, "maps.Values": true,
}

func readOnlyCall(c *ssa.CallCommon, v ssa.Value) bool {
	fn, ok := c.Value.(*ssa.Function)
	if !ok {
		return false
	}
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if fn.Pkg == nil || fn.Signature.Recv() != nil {
		return false
	}
	return readOnlyCalls[fn.Pkg.Pkg.Path()+"."+fn.Name()]
}
