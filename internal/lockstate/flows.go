package lockstate

import (
	"go/ast"
	"go/token"
	"go/types"
)

// What the package stores into its func-valued and interface-valued
// fields and package variables, read from the syntax of every function
// (not only those whose SSA is built, see build.go), so that a call
// through such a field (c.onEvict(k, v), p.health.Healthy(addr)) can be
// resolved to what it may hold (resolve.go).
//
// A field or variable is followed only when every value it can hold is
// known: it is unexported (another package cannot assign it), declared
// in this package, its address is never taken, and every assignment to
// it (plain, in a composite literal, or in a var declaration) stores
// something the index understands:
//
//   - the object whose field it is (p.health = p): the call then runs on
//     that very object, so its locks are the caller's (a flowOwner);
//   - another value of a concrete type (d.sink = journal), whose
//     identity is not known (a flowValue);
//   - a method value (c.onEvict = c.countEviction), bound to the owner
//     when written on it (a flowMethod), a named function (l.now =
//     time.Now; a flowFunc), or a function literal (a flowLit, whose
//     captured variables are then unknown);
//   - a lock of the owner, or its read side (t.rl = t.mu.RLocker(),
//     s.locker = &s.mu; a flowLock): a Lock through the field is a lock
//     of the owner's mutex (paths.go).
//
// nil stores are ignored (a call through nil panics). A struct type that
// is ever copied by value (an expression or a variable of the struct type
// itself) loses the owner identities: a copy's field still holds the
// original.

type flowKind uint8

const (
	flowOwner flowKind = iota
	flowValue
	flowMethod
	flowFunc
	flowLit
	flowLock
)

// flowVal is one value a field or variable may hold.
type flowVal struct {
	kind flowKind
	typ  types.Type  // flowOwner, flowValue: the dynamic type
	fn   *types.Func // flowMethod, flowFunc
	// flowMethod: the method value is bound to the owner; sel is its
	// selection (the embedded fields it goes through).
	self bool
	sel  *types.Selection
	lit  *ast.FuncLit // flowLit
	// flowLock: the selections from the owner to the lock, and whether
	// the field holds its read side (RLocker).
	lock    []*types.Selection
	rlocker bool
}

// varFlow is what one field or variable may hold.
type varFlow struct {
	vals    []flowVal
	unknown bool // some value is not known
	// decls lists the declarations whose functions or literals the
	// values name (to make the callers' SSA relevant, build.go).
	decls []*ast.FuncDecl
}

// flowIndex holds the flows of the package's fields and variables.
type flowIndex struct {
	vars map[*types.Var]*varFlow
	// copied lists the struct types the package copies by value.
	copied map[*types.TypeName]bool
}

// flowOf returns the flow of field or variable v, when every value it
// may hold is known.
func (x *flowIndex) flowOf(v *types.Var) *varFlow {
	if x == nil || v == nil {
		return nil
	}
	f := x.vars[v.Origin()]
	if f == nil || f.unknown {
		return nil
	}
	return f
}

// tracked reports whether the flows of v are followed: a field or
// package variable of func or interface type.
func tracked(v *types.Var) bool {
	switch v.Type().Underlying().(type) {
	case *types.Signature:
		return true
	case *types.Interface:
		return true
	}
	return false
}

// buildFlows reads the stores of every function of the package.
func (pa *pkgAnalysis) buildFlows() {
	info := pa.pass.TypesInfo
	x := &flowIndex{vars: make(map[*types.Var]*varFlow), copied: make(map[*types.TypeName]bool)}
	pa.flows = x
	get := func(v *types.Var) *varFlow {
		v = v.Origin()
		f := x.vars[v]
		if f == nil {
			f = &varFlow{}
			x.vars[v] = f
			if v.Exported() || v.Pkg() != pa.pass.Pkg || hasPtrMethods(v.Type()) {
				f.unknown = true
			}
		}
		return f
	}
	// varOf returns the field or package variable an expression names.
	varOf := func(e ast.Expr) (*types.Var, ast.Expr) {
		switch e := ast.Unparen(e).(type) {
		case *ast.Ident:
			if v, ok := info.Uses[e].(*types.Var); ok && !v.IsField() && v.Parent() == pa.pass.Pkg.Scope() && tracked(v) {
				return v, nil
			}
		case *ast.SelectorExpr:
			if sel, ok := info.Selections[e]; ok && sel.Kind() == types.FieldVal {
				if v, ok := sel.Obj().(*types.Var); ok && tracked(v) {
					return v, e.X
				}
			} else if v, ok := info.Uses[e.Sel].(*types.Var); ok && !v.IsField() && tracked(v) {
				return v, nil // a variable of another package
			}
		}
		return nil, nil
	}
	// Struct types copied by value: an expression or a variable of the
	// struct type itself (not through a pointer).
	for e, tv := range info.Types {
		if tv.IsType() {
			continue
		}
		if _, lit := e.(*ast.CompositeLit); lit {
			continue
		}
		if tn := structName(tv.Type); tn != nil {
			x.copied[tn] = true
		}
	}
	for _, obj := range info.Defs {
		if v, ok := obj.(*types.Var); ok {
			if tn := structName(v.Type()); tn != nil {
				x.copied[tn] = true
			}
		}
	}
	var decl *ast.FuncDecl
	store := func(v *types.Var, owner ast.Expr, rhs ast.Expr) {
		f := get(v)
		if f.unknown {
			return
		}
		val, ok := pa.flowValOf(v, owner, rhs)
		if !ok {
			f.unknown = true
			return
		}
		if val == nil {
			return // nil
		}
		if val.kind == flowLit && decl != nil {
			f.decls = append(f.decls, decl)
		}
		f.vals = append(f.vals, *val)
	}
	for _, file := range pa.pass.Files {
		for _, d := range file.Decls {
			decl, _ = d.(*ast.FuncDecl)
			ast.Inspect(d, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.AssignStmt:
					if n.Tok != token.ASSIGN && n.Tok != token.DEFINE {
						return true
					}
					for i, lhs := range n.Lhs {
						v, owner := varOf(lhs)
						if v == nil {
							continue
						}
						if len(n.Lhs) != len(n.Rhs) {
							get(v).unknown = true // from a tuple
							continue
						}
						store(v, owner, n.Rhs[i])
					}
				case *ast.ValueSpec:
					for i, name := range n.Names {
						v, ok := info.Defs[name].(*types.Var)
						if !ok || !tracked(v) || v.Parent() != pa.pass.Pkg.Scope() {
							continue
						}
						switch {
						case len(n.Values) == 0:
						case len(n.Values) != len(n.Names):
							get(v).unknown = true
						default:
							store(v, nil, n.Values[i])
						}
					}
				case *ast.CompositeLit:
					st, ok := typeOf(info, n).Underlying().(*types.Struct)
					if !ok {
						return true
					}
					for i, el := range n.Elts {
						var fv *types.Var
						val := el
						if kv, ok := el.(*ast.KeyValueExpr); ok {
							if id, ok := kv.Key.(*ast.Ident); ok {
								fv, _ = info.Uses[id].(*types.Var)
							}
							val = kv.Value
						} else if i < st.NumFields() {
							fv = st.Field(i)
						}
						if fv != nil && tracked(fv) {
							store(fv, nil, val)
						}
					}
				case *ast.UnaryExpr:
					if n.Op == token.AND {
						if v, _ := varOf(n.X); v != nil {
							get(v).unknown = true
						}
					}
				case *ast.RangeStmt:
					for _, e := range []ast.Expr{n.Key, n.Value} {
						if v, _ := varOf(e); v != nil && e != nil {
							get(v).unknown = true
						}
					}
				}
				return true
			})
		}
	}
}

// structName returns the type name of t when t is a named struct type
// (not a pointer to one).
func structName(t types.Type) *types.TypeName {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return nil
	}
	if _, ok := n.Underlying().(*types.Struct); !ok {
		return nil
	}
	return n.Origin().Obj()
}

func typeOf(info *types.Info, e ast.Expr) types.Type {
	if t := info.TypeOf(e); t != nil {
		return t
	}
	return types.Typ[types.Invalid]
}

// hasPtrMethods reports whether t is a named type with methods on its
// pointer: calling one takes the variable's address.
func hasPtrMethods(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	for i := 0; i < n.NumMethods(); i++ {
		if sig := n.Method(i).Signature(); sig.Recv() != nil {
			if _, ptr := sig.Recv().Type().(*types.Pointer); ptr {
				return true
			}
		}
	}
	return false
}

// flowValOf classifies a value stored into field or variable v (owner is
// the object whose field it is, or nil): nil for a nil store, false when
// the value is not understood.
func (pa *pkgAnalysis) flowValOf(v *types.Var, owner, rhs ast.Expr) (*flowVal, bool) {
	info := pa.pass.TypesInfo
	rhs = ast.Unparen(rhs)
	tv, ok := info.Types[rhs]
	if !ok {
		return nil, false
	}
	if tv.IsNil() {
		return nil, true
	}
	if _, isFunc := v.Type().Underlying().(*types.Signature); isFunc {
		switch e := rhs.(type) {
		case *ast.FuncLit:
			return &flowVal{kind: flowLit, lit: e}, true
		case *ast.Ident:
			if fn, ok := info.Uses[e].(*types.Func); ok {
				return &flowVal{kind: flowFunc, fn: fn}, true
			}
		case *ast.SelectorExpr:
			sel, ok := info.Selections[e]
			if !ok {
				if fn, ok := info.Uses[e.Sel].(*types.Func); ok {
					return &flowVal{kind: flowFunc, fn: fn}, true // pkg.F
				}
				return nil, false
			}
			if sel.Kind() != types.MethodVal {
				return nil, false
			}
			fn, ok := sel.Obj().(*types.Func)
			if !ok || types.IsInterface(sel.Recv()) {
				return nil, false
			}
			return &flowVal{kind: flowMethod, fn: fn, sel: sel, self: owner != nil && pa.sameObject(owner, e.X)}, true
		case *ast.IndexExpr, *ast.IndexListExpr:
			// An instantiated generic function.
			if id, ok := ast.Unparen(indexBase(e)).(*ast.Ident); ok {
				if fn, ok := info.Uses[id].(*types.Func); ok {
					return &flowVal{kind: flowFunc, fn: fn}, true
				}
			}
		}
		return nil, false
	}
	// An interface-valued field or variable.
	if owner != nil {
		if steps, rl, ok := pa.lockOfOwner(owner, rhs); ok {
			return &flowVal{kind: flowLock, lock: steps, rlocker: rl}, true
		}
	}
	if types.IsInterface(tv.Type) {
		return nil, false
	}
	if owner != nil && pa.sameObject(owner, rhs) {
		if _, ptr := tv.Type.Underlying().(*types.Pointer); ptr {
			if tn := pointee(tv.Type); tn != nil && !pa.flows.copied[tn] {
				return &flowVal{kind: flowOwner, typ: tv.Type}, true
			}
		}
	}
	return &flowVal{kind: flowValue, typ: tv.Type}, true
}

func indexBase(e ast.Expr) ast.Expr {
	switch e := e.(type) {
	case *ast.IndexExpr:
		return e.X
	case *ast.IndexListExpr:
		return e.X
	}
	return e
}

// pointee returns the type name of the named struct a pointer type
// points to.
func pointee(t types.Type) *types.TypeName {
	p, ok := t.Underlying().(*types.Pointer)
	if !ok {
		return nil
	}
	return structName(p.Elem())
}

// sameObject reports whether two side-effect-free expressions denote the
// same pointer: the same variable, or the same field path from it.
func (pa *pkgAnalysis) sameObject(a, b ast.Expr) bool {
	info := pa.pass.TypesInfo
	a, b = ast.Unparen(a), ast.Unparen(b)
	switch a := a.(type) {
	case *ast.Ident:
		b, ok := b.(*ast.Ident)
		if !ok {
			return false
		}
		va, ok := info.Uses[a].(*types.Var)
		return ok && va == info.Uses[b]
	case *ast.SelectorExpr:
		b, ok := b.(*ast.SelectorExpr)
		if !ok {
			return false
		}
		sa, sb := info.Selections[a], info.Selections[b]
		return sa != nil && sb != nil && sa.Kind() == types.FieldVal && sb.Kind() == types.FieldVal &&
			sa.Obj() == sb.Obj() && pa.sameObject(a.X, b.X)
	}
	return false
}

// lockOfOwner recognises a lock of the owner stored in a field: &X.mu,
// X.mu.RLocker() (the read side), with X the owner. It returns the field
// selections from X to the lock.
func (pa *pkgAnalysis) lockOfOwner(owner, rhs ast.Expr) ([]*types.Selection, bool, bool) {
	info := pa.pass.TypesInfo
	var path ast.Expr
	rl := false
	switch e := rhs.(type) {
	case *ast.UnaryExpr:
		if e.Op != token.AND {
			return nil, false, false
		}
		path = ast.Unparen(e.X)
	case *ast.CallExpr:
		sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr)
		if !ok || len(e.Args) != 0 {
			return nil, false, false
		}
		fn, ok := info.Uses[sel.Sel].(*types.Func)
		if !ok {
			return nil, false, false
		}
		if p, ok := primitiveOf(fn); !ok || p.op != opRLocker {
			return nil, false, false
		}
		path, rl = ast.Unparen(sel.X), true
	default:
		return nil, false, false
	}
	var sels []*types.Selection
	for {
		se, ok := path.(*ast.SelectorExpr)
		if !ok {
			return nil, false, false
		}
		sel := info.Selections[se]
		if sel == nil || sel.Kind() != types.FieldVal {
			return nil, false, false
		}
		sels = append([]*types.Selection{sel}, sels...)
		if pa.sameObject(owner, se.X) {
			break
		}
		path = ast.Unparen(se.X)
	}
	if _, ptr := typeOf(info, owner).Underlying().(*types.Pointer); !ptr {
		return nil, false, false
	}
	if tn := pointee(typeOf(info, owner)); tn == nil || pa.flows.copied[tn] {
		return nil, false, false
	}
	last := sels[len(sels)-1].Obj().Type()
	if p, ok := last.Underlying().(*types.Pointer); ok {
		last = p.Elem()
	}
	if n, ok := types.Unalias(last).(*types.Named); !ok || n.Obj().Pkg() == nil || !isLockType(n) {
		return nil, false, false
	}
	return sels, rl, true
}

// isLockType reports whether n is a type of the primitive table with a
// Lock method.
func isLockType(n *types.Named) bool {
	_, ok := primitives[methodKey{pkg: n.Obj().Pkg().Path(), typ: n.Obj().Name(), method: "Lock"}]
	return ok
}
