package lockstate

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Resolving SSA values to lock paths, and naming them as the source does.

// pathOf resolves an SSA value (the address of a lock, or a value that
// holds a pointer to one) to a path.
//
// Paths are pure functions of the value, so they are memoised, also for
// the values met on the way: the dataflow asks for the same values on
// every visit of a block, and chains of phis (a switch merging many
// values, a loop walking a list) would otherwise be resolved again and
// again. A value met again while it is being resolved (a cycle through a
// loop's phi) poisons what depends on it: the phi at the head of the
// cycle names a new instance on each iteration, so it becomes a value
// root, and what was computed from the poisoned value is resolved again
// once the phi is known. The work is bounded (maxPathSteps per function).
func (fa *funcAnalysis) pathOf(v ssa.Value) pathID {
	if p, ok := fa.pathMemo[v]; ok {
		return p
	}
	p := fa.resolvePath(v, 0)
	if p == poisoned {
		// Only a value on a cycle through itself, which cannot be asked
		// for at the top; never hand out the sentinel.
		p = fa.paths.rootPath(root{kind: rootValue, value: v})
	}
	return p
}

// poisoned is the path of a value that depends on a value still being
// resolved (see pathOf).
const poisoned pathID = -1

// maxPathSteps bounds the values resolved to paths in one function (a
// variable so that a test can lower it).
var maxPathSteps = 1 << 18

func (fa *funcAnalysis) resolvePath(v ssa.Value, depth int) pathID {
	if p, ok := fa.pathMemo[v]; ok {
		return p
	}
	if p, ok := fa.pathTemp[v]; ok {
		return p
	}
	if fa.pathBusy[v] {
		return poisoned
	}
	if fa.pathSteps++; fa.pathSteps > maxPathSteps {
		panic(giveUp("too many path steps"))
	}
	if fa.pathBusy == nil {
		fa.pathBusy = make(map[ssa.Value]bool)
	}
	fa.pathBusy[v] = true
	p := fa.resolvePathOnce(v, depth)
	delete(fa.pathBusy, v)
	if len(fa.pathBusy) == 0 {
		// The outermost resolution is done: what was poisoned by a
		// value then being resolved can be resolved properly now.
		clear(fa.pathTemp)
	}
	if p == poisoned && len(fa.pathBusy) == 0 {
		p = fa.paths.rootPath(root{kind: rootValue, value: v})
	}
	if p == poisoned {
		if fa.pathTemp == nil {
			fa.pathTemp = make(map[ssa.Value]pathID)
		}
		fa.pathTemp[v] = p
	} else {
		fa.pathMemo[v] = p
	}
	return p
}

func (fa *funcAnalysis) resolvePathOnce(v ssa.Value, depth int) pathID {
	t := fa.paths
	if depth > 32 {
		return t.rootPath(root{kind: rootValue, value: v})
	}
	sub := func(x ssa.Value) pathID { return fa.resolvePath(x, depth+1) }
	child := func(parent pathID, s step) pathID {
		if parent == poisoned {
			return poisoned
		}
		return t.child(parent, s)
	}
	switch v := v.(type) {
	case *ssa.Parameter:
		for i, p := range fa.fn.Params {
			if p == v {
				return t.rootPath(root{kind: rootParam, index: i})
			}
		}
	case *ssa.FreeVar:
		for i, p := range fa.fn.FreeVars {
			if p == v {
				id := t.rootPath(root{kind: rootFreeVar, index: i})
				if n := t.node(id); n.class.Kind == ClassNone {
					n.class = freeVarClass(fa.fn, i, 0)
				}
				return id
			}
		}
	case *ssa.Global:
		pkg := ""
		if v.Pkg != nil {
			pkg = v.Pkg.Pkg.Path()
		}
		return t.rootPath(root{kind: rootGlobal, pkg: pkg, name: v.Name()})
	case *ssa.FieldAddr:
		return child(sub(v.X), step{kind: stepField, field: v.Field, name: fieldOf(v.X.Type(), v.Field), owner: ownerOf(v.X.Type())})
	case *ssa.Field:
		return child(sub(v.X), step{kind: stepField, field: v.Field, name: fieldOf(v.X.Type(), v.Field), owner: ownerOf(v.X.Type())})
	case *ssa.IndexAddr:
		return child(sub(v.X), indexStep(v.Index))
	case *ssa.Index:
		return child(sub(v.X), indexStep(v.Index))
	case *ssa.Lookup:
		if !v.CommaOk {
			return child(sub(v.X), indexStep(v.Index))
		}
	case *ssa.UnOp:
		if v.Op == token.MUL {
			p := sub(v.X)
			if p == poisoned {
				return poisoned
			}
			return fa.deref(p)
		}
	case *ssa.ChangeType:
		return sub(v.X)
	case *ssa.MakeInterface:
		return sub(v.X)
	case *ssa.ChangeInterface:
		return sub(v.X)
	case *ssa.TypeAssert:
		if !v.CommaOk {
			return sub(v.X)
		}
	case *ssa.Extract:
		// fs, ok := x.(*fileStore): fs is x (when ok).
		if ta, ok := v.Tuple.(*ssa.TypeAssert); ok && ta.CommaOk && v.Index == 0 {
			return sub(ta.X)
		}
	case *ssa.Call:
		if p, recv := classify(&v.Call); p.op == opRLocker && recv != nil {
			return child(sub(recv), step{kind: stepRLocker})
		}
	case *ssa.Phi:
		// One path when every incoming value names the same one.
		var same pathID
		for _, e := range v.Edges {
			if e == v {
				continue
			}
			p := sub(e)
			if p == poisoned || (same != 0 && p != same) {
				same = 0
				break
			}
			same = p
		}
		if same != 0 && !fa.paths.node(same).isValueRooted() {
			return same
		}
	}
	return t.rootPath(root{kind: rootValue, value: v})
}

// deref extends p by a load. A load of a parameter that go/ssa spilled
// to the heap because a closure captures it is the parameter itself, so
// that `s.mu` names the same path whether or not s is captured.
func (fa *funcAnalysis) deref(p pathID) pathID {
	n := fa.paths.node(p)
	if n.parent == 0 && n.root.kind == rootValue {
		if a, ok := n.root.value.(*ssa.Alloc); ok {
			if v := assignedOnce(a); v != nil {
				return fa.resolvePath(v, 0)
			}
		}
	}
	return fa.paths.child(p, step{kind: stepDeref})
}

// assignedOnce returns the value an Alloc holds when the Alloc is a
// variable that go/ssa keeps in memory because a closure captures it
// (a parameter spilled to the heap, or `rl := wl.RLocker()` used by a
// goroutine) and that is assigned exactly once: one store, and otherwise
// only loads and closure bindings whose free variables are only loaded.
// A load of it is then the stored value.
func assignedOnce(a *ssa.Alloc) ssa.Value {
	var stored ssa.Value
	var storeOf *ssa.Store
	for _, ref := range *a.Referrers() {
		switch ref := ref.(type) {
		case *ssa.Store:
			if stored != nil || ref.Addr != a {
				return nil
			}
			stored, storeOf = ref.Val, ref
		case *ssa.UnOp:
			if ref.Op != token.MUL {
				return nil
			}
		case *ssa.MakeClosure:
			fn, ok := ref.Fn.(*ssa.Function)
			if !ok {
				return nil
			}
			for i, b := range ref.Bindings {
				if b == a && (i >= len(fn.FreeVars) || !onlyLoaded(fn.FreeVars[i], 0)) {
					return nil
				}
			}
		case *ssa.DebugRef:
		default:
			return nil
		}
	}
	if _, ok := stored.(*ssa.Alloc); ok {
		return nil // a pointer to another variable: keep the indirection
	}
	if stored != nil && !initializes(a, storeOf) {
		// `var unlocked bool` ... `unlocked = true`: a closure bound
		// before the store (a deferred one) can read the zero value.
		return nil
	}
	return stored
}

// initializes reports whether store, a's one store, is its
// initialization: it comes before every other use of a (it dominates
// them), as for x := v, x := c.fast && needLock, or a parameter spilled
// to the heap, so that every load, a closure's included, sees the
// stored value.
func initializes(a *ssa.Alloc, store *ssa.Store) bool {
	sb := store.Block()
	at := slices.Index(sb.Instrs, ssa.Instruction(store))
	for _, ref := range *a.Referrers() {
		if ref == ssa.Instruction(store) {
			continue
		}
		if _, ok := ref.(*ssa.DebugRef); ok {
			continue
		}
		rb := ref.Block()
		if rb == sb {
			if slices.Index(sb.Instrs, ref) < at {
				return false
			}
			continue
		}
		if !sb.Dominates(rb) {
			return false
		}
	}
	return true
}

func onlyLoaded(v ssa.Value, depth int) bool {
	if depth > 4 {
		return false
	}
	for _, ref := range *v.Referrers() {
		switch ref := ref.(type) {
		case *ssa.UnOp:
			if ref.Op != token.MUL {
				return false
			}
		case *ssa.MakeClosure:
			fn, ok := ref.Fn.(*ssa.Function)
			if !ok {
				return false
			}
			for i, b := range ref.Bindings {
				if b == v && (i >= len(fn.FreeVars) || !onlyLoaded(fn.FreeVars[i], depth+1)) {
					return false
				}
			}
		case *ssa.DebugRef:
		default:
			return false
		}
	}
	return true
}

func (n *pathNode) isValueRooted() bool { return n.root.kind == rootValue }

func indexStep(idx ssa.Value) step {
	if c, ok := idx.(*ssa.Const); ok {
		return step{kind: stepIndex, konst: constKey(c)}
	}
	return step{kind: stepIndex, index: idx}
}

// lockOf resolves the receiver of a lock operation: the RWMutex behind
// an RLocker() Locker operates in read mode, and a Cond's L is the lock
// the Cond is bound to.
//
// A field that always holds a lock of its owner (t.rl = t.mu.RLocker(),
// s.locker = &s.mu; see flows.go) names that lock.
func (fa *funcAnalysis) lockOf(recv ssa.Value, mode Mode) (pathID, Mode) {
	p := fa.pathOf(recv)
	if q, read := fa.condLock(recv); q != 0 {
		p = q
		if read {
			return p, Read // L is the RWMutex's RLocker()
		}
	} else if q, read := fa.fieldLock(recv); q != 0 {
		p = q
		if read {
			return p, Read
		}
	}
	n := fa.paths.node(p)
	if n.parent != 0 && n.step.kind == stepRLocker {
		return n.parent, Read
	}
	return p, mode
}

// condLock returns the path of the lock that c.L names, when recv loads
// the L field of a Cond held in a field of a struct (x.cond.L) and the
// Cond's class is bound to a lock field of the same struct (x.mu, from
// sync.NewCond(&x.mu) stored into x.cond): one lock under two names.
// Otherwise 0.
//
// read reports that the Cond was built on the lock's RLocker().
func (fa *funcAnalysis) condLock(recv ssa.Value) (p pathID, read bool) {
	load, ok := recv.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return 0, false
	}
	lAddr, ok := load.X.(*ssa.FieldAddr)
	if !ok || fieldOf(lAddr.X.Type(), lAddr.Field) != "L" || !condTypes[ownerOf(lAddr.X.Type())] {
		return 0, false
	}
	condPtr := lAddr.X
	if u, ok := condPtr.(*ssa.UnOp); ok && u.Op == token.MUL {
		condPtr = u.X // a *sync.Cond field
	}
	condField, ok := condPtr.(*ssa.FieldAddr)
	if !ok {
		return 0, false
	}
	fieldPath := fa.pathOf(condField)
	if fieldPath == 0 {
		return 0, false
	}
	cls := fa.paths.node(fieldPath).class
	lock, ok := fa.pa.bindings[cls]
	if !ok || lock.Kind != ClassField || lock.Pkg != cls.Pkg || lock.Name != cls.Name || strings.Contains(lock.Field, ".") {
		return 0, false
	}
	owner := condField.X
	st, ok := derefStruct(owner.Type())
	if !ok {
		return 0, false
	}
	for i := 0; i < st.NumFields(); i++ {
		if st.Field(i).Name() == lock.Field {
			p := fa.paths.child(fa.pathOf(owner), step{kind: stepField, field: i, name: lock.Field, owner: ownerOf(owner.Type())})
			if _, ptr := st.Field(i).Type().Underlying().(*types.Pointer); ptr {
				p = fa.deref(p)
			}
			return p, fa.pa.readBound[cls]
		}
	}
	return 0, false
}

// fieldLock returns the lock that recv, a load of a field that always
// holds a lock of its owner (flows.go), names, and whether the field
// holds its read side; 0 otherwise.
func (fa *funcAnalysis) fieldLock(recv ssa.Value) (pathID, bool) {
	load, ok := recv.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return 0, false
	}
	addr, ok := load.X.(*ssa.FieldAddr)
	if !ok {
		return 0, false
	}
	st, ok := derefStruct(addr.X.Type())
	if !ok {
		return 0, false
	}
	f := fa.pa.flows.flowOf(st.Field(addr.Field))
	if f == nil || len(f.vals) == 0 {
		return 0, false
	}
	first := f.vals[0]
	for _, v := range f.vals {
		if v.kind != flowLock || v.rlocker != first.rlocker || !sameSelections(v.lock, first.lock) {
			return 0, false
		}
	}
	p := fa.pathOf(addr.X)
	t := addr.X.Type()
	for _, sel := range first.lock {
		p = fa.selectPath(p, t, sel.Index(), false)
		t = sel.Type()
	}
	return p, first.rlocker
}

func sameSelections(a, b []*types.Selection) bool {
	return slices.EqualFunc(a, b, func(x, y *types.Selection) bool {
		return x.Obj() == y.Obj() && slices.Equal(x.Index(), y.Index())
	})
}

// derefStruct returns the struct type a pointer points to.
func derefStruct(t types.Type) (*types.Struct, bool) {
	p, ok := t.Underlying().(*types.Pointer)
	if !ok {
		return nil, false
	}
	st, ok := p.Elem().Underlying().(*types.Struct)
	return st, ok
}

// ref describes the lock at path p for messages: named as written at the
// call whose parenthesis is at lparen when the source has it.
func (fa *funcAnalysis) ref(p pathID, prim primitive, lparen token.Pos) LockRef {
	name := ""
	if call := fa.pa.callAt(lparen); call != nil {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			name = exprString(sel.X)
			if strings.HasSuffix(name, ".RLocker()") {
				name = strings.TrimSuffix(name, ".RLocker()")
			}
		}
	}
	if name == "" {
		name = fa.render(p)
	}
	return LockRef{Name: name, Class: fa.paths.node(p).class, Type: prim.typ, Reentrant: prim.reentrant, Chosen: fa.chosen(p)}
}

// chosen reports whether path p starts at a phi: an instance picked by
// a branch.
func (fa *funcAnalysis) chosen(p pathID) bool {
	for id := p; id != 0; id = fa.paths.node(id).parent {
		if n := fa.paths.node(id); n.parent == 0 {
			_, phi := n.root.value.(*ssa.Phi)
			return n.root.kind == rootValue && phi
		}
	}
	return false
}

// render writes a path as Go source would: "s.mu", "f.tree.mu".
func (fa *funcAnalysis) render(p pathID) string {
	if p == 0 {
		return "a lock"
	}
	n := fa.paths.node(p)
	if n.parent == 0 {
		r := n.root
		switch r.kind {
		case rootParam:
			if r.index < len(fa.fn.Params) {
				return fa.fn.Params[r.index].Name()
			}
		case rootFreeVar:
			if r.index < len(fa.fn.FreeVars) {
				return fa.fn.FreeVars[r.index].Name()
			}
		case rootGlobal:
			if fa.fn.Pkg != nil && r.pkg != fa.fn.Pkg.Pkg.Path() {
				return r.pkg[strings.LastIndexByte(r.pkg, '/')+1:] + "." + r.name
			}
			return r.name
		case rootValue:
			if name, ok := fa.valueNames[r.value]; ok {
				return name
			}
			if a, ok := r.value.(*ssa.Alloc); ok && a.Comment != "" {
				return a.Comment
			}
		}
		return "a lock"
	}
	parent := fa.render(n.parent)
	switch n.step.kind {
	case stepField:
		return parent + "." + n.step.name
	case stepIndex:
		if n.step.konst != "" && n.step.index == nil && n.step.wild == 0 {
			return parent + "[" + strings.TrimPrefix(n.step.konst, "c:") + "]"
		}
		return parent + "[…]"
	case stepRLocker:
		return parent
	}
	return parent
}
