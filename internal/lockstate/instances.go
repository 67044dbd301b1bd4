package lockstate

import (
	"cmp"
	"go/token"
	"go/types"
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
// it (or to it) cannot be part of a deadlock (nats-server's
// createGateway initialises a new client under its lock before
// registering it). The object is let out by a store of its address (or
// of a pointer into it) anywhere, a conversion to an interface, a
// closure, a send, a return, a go statement, or a call (or deferred
// call) that can keep it: one outside the package (other than sync's and
// sync/atomic's, which keep nothing), or one of the package whose
// parameter escapes. Whether it has been let out is part of the path's
// state (published), so `if solicit { ... } else { c.setAuthTimer(d) }`
// keeps the object unpublished on the first branch. A function of the
// package given no SSA (it touches no lock) is taken to keep nothing:
// deliberately imprecise, in the direction of fewer reports.

// trackedAlloc reports whether v is an allocation of this function whose
// object holds a lock (a field of a lock type): those are tracked.
func (fa *funcAnalysis) trackedAlloc(v ssa.Value) (*ssa.Alloc, bool) {
	a, ok := v.(*ssa.Alloc)
	if !ok || !a.Heap || a.Parent() != fa.fn {
		return nil, false
	}
	if t, ok := fa.tracked[a]; ok {
		return a, t
	}
	st, ok := derefStruct(a.Type())
	t := false
	for i := 0; ok && i < st.NumFields(); i++ {
		if _, isLock := lockTypes[ownerName(st.Field(i).Type())+"@"+pkgOf(st.Field(i).Type())]; isLock {
			t = true
		}
	}
	if fa.tracked == nil {
		fa.tracked = make(map[*ssa.Alloc]bool)
	}
	fa.tracked[a] = t
	return a, t
}

// lockTypes are the types of the primitive table, as name@pkg.
var lockTypes = func() map[string]bool {
	m := make(map[string]bool)
	for k := range primitives {
		if k.typ != "" {
			m[k.typ+"@"+k.pkg] = true
		}
	}
	return m
}()

func pkgOf(t types.Type) string {
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil {
		return n.Obj().Pkg().Path()
	}
	return ""
}

// publish marks in s the tracked allocations instr lets out.
func (fa *funcAnalysis) publish(instr ssa.Instruction, s *state) {
	for _, a := range fa.escapingAt(instr) {
		if i, found := slices.BinarySearchFunc(s.published, a, cmpAlloc); !found {
			s.published = slices.Insert(s.published, i, a)
		}
	}
}

func cmpAlloc(a, b *ssa.Alloc) int {
	if c := cmp.Compare(a.Pos(), b.Pos()); c != 0 {
		return c
	}
	return cmp.Compare(a.Name(), b.Name())
}

// escapingAt returns the tracked allocations instr lets out (memoised).
func (fa *funcAnalysis) escapingAt(instr ssa.Instruction) []*ssa.Alloc {
	if fa.escapeAt == nil {
		fa.escapeAt = make(map[ssa.Instruction][]*ssa.Alloc)
		for _, b := range fa.fn.Blocks {
			for _, x := range b.Instrs {
				a, ok := x.(*ssa.Alloc)
				if !ok {
					continue
				}
				if _, tracked := fa.trackedAlloc(a); !tracked {
					continue
				}
				for _, e := range fa.escapesOf(a) {
					if !slices.Contains(fa.escapeAt[e], a) {
						fa.escapeAt[e] = append(fa.escapeAt[e], a)
					}
				}
			}
		}
	}
	return fa.escapeAt[instr]
}

// unpublished reports whether the object holding the lock at path p is
// an allocation of this function not yet let out in state s.
func (fa *funcAnalysis) unpublished(p pathID, s *state) bool {
	a := fa.allocOf(p)
	if a == nil {
		return false
	}
	_, published := slices.BinarySearchFunc(s.published, a, cmpAlloc)
	return !published
}

// allocOf returns the tracked allocation whose lock is at path p, if
// any.
func (fa *funcAnalysis) allocOf(p pathID) *ssa.Alloc {
	n := fa.paths.node(p)
	deref := false
	for n.parent != 0 {
		if n.step.kind == stepDeref && fa.paths.node(n.parent).parent == 0 {
			deref = true // c.mu where c is a variable a closure captures
		} else if n.step.kind != stepField {
			return nil
		}
		n = fa.paths.node(n.parent)
	}
	if n.root.kind != rootValue {
		return nil
	}
	v := n.root.value
	if deref {
		v = cellObject(v)
	}
	a, tracked := fa.trackedAlloc(v)
	if !tracked {
		return nil
	}
	return a
}

// cellObject returns what the variable at v (a cell: a local variable a
// closure captures) holds if it is assigned once, by the function
// declaring it, and never by its closures; else nil.
func cellObject(v ssa.Value) ssa.Value {
	cell, ok := v.(*ssa.Alloc)
	if !ok || cell.Referrers() == nil {
		return nil
	}
	var val ssa.Value
	for _, r := range *cell.Referrers() {
		switch r := r.(type) {
		case *ssa.Store:
			if val != nil || r.Addr != cell {
				return nil
			}
			val = r.Val
		case *ssa.UnOp, *ssa.DebugRef:
		case *ssa.MakeClosure:
			fn := r.Fn.(*ssa.Function)
			for i, b := range r.Bindings {
				if b != cell || i >= len(fn.FreeVars) || fn.FreeVars[i].Referrers() == nil {
					continue
				}
				for _, fr := range *fn.FreeVars[i].Referrers() {
					if st, ok := fr.(*ssa.Store); ok && st.Addr == fn.FreeVars[i] {
						return nil // the closure assigns the variable
					}
				}
			}
		default:
			return nil
		}
	}
	return val
}

// publishedApart reports whether two states (equal lock facts) differ
// in whether an object whose lock they hold is published: a join would
// lose that the object is unpublished on one of them, while its lock is
// held. Other differences join (published if either published it), so
// that tracking costs states only where it can matter.
func (fa *funcAnalysis) publishedApart(a, b *state) bool {
	if slices.Equal(a.published, b.published) {
		return false
	}
	for _, h := range a.held {
		al := fa.allocOf(h.path)
		if al == nil {
			continue
		}
		_, inA := slices.BinarySearchFunc(a.published, al, cmpAlloc)
		_, inB := slices.BinarySearchFunc(b.published, al, cmpAlloc)
		if inA != inB {
			return true
		}
	}
	return false
}

// escapesOf returns the instructions that let an allocation out.
func (fa *funcAnalysis) escapesOf(a *ssa.Alloc) []ssa.Instruction {
	var out []ssa.Instruction
	// One escape query at a time: while a parameter is being decided its
	// memo entry is provisional (see paramEscapes), and no other
	// analysis may read it.
	fa.pa.escMu.Lock()
	defer fa.pa.escMu.Unlock()
	fa.pa.lettingOut(a, func(instr ssa.Instruction) bool {
		out = append(out, instr)
		return false
	})
	return out
}

// lettingOut calls out with each instruction that can let v (an object's
// address, or a pointer into it) out of its function, until out returns
// true. Loads, stores into the object, comparisons and calls that keep
// nothing do not; a pointer into the object, an interface made from it
// and a local variable (a cell a closure captures) it is stored in are
// followed, a few levels deep.
func (pa *pkgAnalysis) lettingOut(root ssa.Value, out func(ssa.Instruction) bool) {
	const maxDepth = 4
	stop := false
	emit := func(instr ssa.Instruction) {
		if !stop {
			stop = out(instr)
		}
	}
	var walk func(v ssa.Value, depth int)
	walk = func(v ssa.Value, depth int) {
		refs := v.Referrers()
		if refs == nil {
			return
		}
		for _, r := range *refs {
			if stop {
				return
			}
			switch r := r.(type) {
			case *ssa.FieldAddr, *ssa.MakeInterface:
				if depth < maxDepth {
					walk(r.(ssa.Value), depth+1)
				} else {
					emit(r)
				}
			case *ssa.UnOp:
				// A load of a field: what it holds is not the object.
			case *ssa.Store:
				if r.Val != v {
					continue // a store into the object
				}
				if cell, ok := r.Addr.(*ssa.Alloc); ok && cell.Parent() == r.Parent() && depth < maxDepth {
					// Into a local variable (kept in memory because a
					// closure captures it): the object goes where the
					// variable's loads go, and where its closures go.
					for _, cr := range *cell.Referrers() {
						switch cr := cr.(type) {
						case *ssa.UnOp:
							if cr.Op == token.MUL {
								walk(cr, depth+1)
							}
						case *ssa.Store, *ssa.DebugRef:
						default:
							emit(cr) // a closure capturing the variable, or worse
						}
					}
					continue
				}
				if intoObject(r.Addr, root) {
					continue // the object points to itself
				}
				emit(r) // the address itself is stored
			case *ssa.DebugRef, *ssa.BinOp:
				// a comparison
			case *ssa.Call:
				switch {
				case isNewCond(&r.Call) && depth < maxDepth:
					walk(r, depth+1) // the Cond keeps its Locker
				case !pa.keepsNothing(&r.Call, v):
					emit(r)
				}
			case *ssa.Defer:
				// Runs on this goroutine before the function returns
				// (defer c.mu.Unlock()): it keeps what the call keeps.
				if !pa.keepsNothing(&r.Call, v) {
					emit(r)
				}
			default:
				emit(r)
			}
		}
	}
	walk(root, 0)
}

// intoObject reports whether addr is the address of a field (of a
// field...) of the object at root.
func intoObject(addr, root ssa.Value) bool {
	for {
		fa, ok := addr.(*ssa.FieldAddr)
		if !ok {
			return false
		}
		if fa.X == root {
			return true
		}
		addr = fa.X
	}
}

func isNewCond(c *ssa.CallCommon) bool {
	fn := c.StaticCallee()
	return fn != nil && fn.Pkg != nil && fn.Pkg.Pkg.Path() == "sync" && fn.Name() == "NewCond"
}

// keepsNothing reports whether a call given v (an allocation, or a
// pointer into one) cannot keep it: a lock primitive on one of its
// mutexes, a function of sync or sync/atomic, or a function of the
// package none of whose parameters receiving v escapes.
func (pa *pkgAnalysis) keepsNothing(c *ssa.CallCommon, v ssa.Value) bool {
	if p, recv := classify(c); p.op != opNone && recv == v {
		return true
	}
	if c.IsInvoke() {
		return false
	}
	fn := c.StaticCallee()
	if fn == nil {
		return false
	}
	if fn.Pkg != nil {
		switch fn.Pkg.Pkg.Path() {
		case "sync", "sync/atomic":
			return true
		}
	}
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if fn.Pkg == nil || fn.Pkg.Pkg != pa.pass.Pkg {
		return false
	}
	for i, arg := range c.Args {
		if arg == v && pa.paramEscapes(fn, i) {
			return false
		}
	}
	return true
}

// paramEscapes reports whether a function of the package can keep its
// parameter i (see the comment above): memoised; a parameter being
// decided (recursion) escapes. The memo does not depend on the order of
// the queries: a parameter whose answer used a provisional one lies on a
// cycle of parameters passed on, and every parameter that reaches such
// a cycle escapes whichever is asked first. Called under pa.escMu.
func (pa *pkgAnalysis) paramEscapes(fn *ssa.Function, i int) bool {
	k := paramKey{fn, i}
	if e, ok := pa.escapes[k]; ok {
		return e
	}
	pa.escapes[k] = true // while deciding: recursion escapes
	if len(fn.Blocks) == 0 {
		// No SSA: a function that touches no lock, taken to keep
		// nothing (deliberately imprecise).
		pa.escapes[k] = false
		return false
	}
	if i >= len(fn.Params) {
		return true
	}
	escapes := false
	pa.lettingOut(fn.Params[i], func(instr ssa.Instruction) bool {
		escapes = true
		return true
	})
	pa.escapes[k] = escapes
	return escapes
}

type paramKey struct {
	fn *ssa.Function
	i  int
}
