package lockstate

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/locklint/locklint/internal/origins"
)

// Objects: which instance of a lock class an order edge holds.
//
// An order edge joins two lock classes; a cycle of edges deadlocks only
// if, where one edge acquires an instance of a class and the next holds
// one, the two are the same object. Each holding and acquisition keeps
// the object its lock belongs to, as the lock's path names it (an
// origins.Ref: the receiver c, an element of s.gateway.out, the value
// stored in s.gateway), and Result.MayMeet asks package origins whether
// two of them can be one object. A leaf connection's c.mu, held while
// the gateway lock is taken, is never one of the connections that a
// gateway function locks under that lock: the cycle through them cannot
// close (nats-server's initLeafNodeSmapAndSendSubs against sendStatsz).
//
// Edges from imported facts carry no object: they meet any.
//
// Unless -lockstate.testhazards is set, the objects are learnt from the
// code outside test files, as the order graph is (see testHazards).

// objRef returns the object that the lock at path p belongs to: the path
// up to its last load or element step (the field steps after it stay
// inside one object).
func (fa *funcAnalysis) objRef(p pathID) origins.Ref {
	t := fa.paths
	for p != 0 && t.node(p).parent != 0 && (t.node(p).step.kind == stepField || t.node(p).step.kind == stepRLocker) {
		p = t.node(p).parent
	}
	if p == 0 {
		return origins.Top
	}
	n := t.node(p)
	if n.parent == 0 {
		if v := fa.rootValue(n.root); v != nil {
			return origins.Ref{Kind: origins.RefValue, Value: v}
		}
		return origins.Top
	}
	q := t.node(n.parent)
	switch n.step.kind {
	case stepDeref:
		if q.parent != 0 && q.step.kind == stepField {
			return origins.Ref{Kind: origins.RefField, Field: origins.FieldKey{Owner: q.step.owner, Index: q.step.field}}
		}
		if q.parent == 0 {
			if v := fa.rootValue(q.root); v != nil {
				return origins.Ref{Kind: origins.RefLoad, Value: v}
			}
		}
	case stepIndex:
		if q.parent == 0 {
			if v := fa.rootValue(q.root); v != nil {
				return origins.Ref{Kind: origins.RefElems, Value: v}
			}
			return origins.Top
		}
		if q.step.kind == stepDeref {
			if f := t.node(q.parent); f.parent != 0 && f.step.kind == stepField {
				return origins.Ref{Kind: origins.RefFieldElems, Field: origins.FieldKey{Owner: f.step.owner, Index: f.step.field}}
			}
		}
	}
	return origins.Top
}

// rootValue is the SSA value a path root stands for, if any.
func (fa *funcAnalysis) rootValue(r root) ssa.Value {
	switch r.kind {
	case rootParam:
		if r.index < len(fa.fn.Params) {
			return fa.fn.Params[r.index]
		}
	case rootFreeVar:
		if r.index < len(fa.fn.FreeVars) {
			return fa.fn.FreeVars[r.index]
		}
	case rootValue:
		if r.wild == 0 {
			return r.value
		}
	}
	return nil
}

// newOrigins prepares the object analysis of the package (nothing is
// computed before the first question).
func (pa *pkgAnalysis) newOrigins(funcs []*ssa.Function) *origins.Analysis {
	var all []*ssa.Function
	if pa.prog != nil {
		if pkg := pa.prog.Package(pa.pass.Pkg); pkg != nil {
			if init := pkg.Func("init"); init != nil {
				all = append(all, init)
			}
		}
	}
	refs := pa.unbuiltRefs
	if !testHazards {
		refs = pa.unbuiltRefsProd
	}
	for _, fn := range funcs {
		if testHazards || !inTestFile(pa.pass.Fset, fn.Pos()) {
			all = append(all, fn)
		}
	}
	ifaces := pa.interfaceMethods()
	// The syntax of unbuilt code is read at the first question only: most
	// packages never ask one.
	var written, reassigned map[origins.FieldKey]bool
	scan := func() {
		if written == nil {
			written, reassigned = pa.unbuiltFieldWrites()
		}
	}
	return origins.New(origins.Config{
		Pkg:   pa.pkgPath,
		Funcs: all,
		Hidden: func(fn *ssa.Function) bool {
			fd, ok := fn.Syntax().(*ast.FuncDecl)
			return ok && refs[fd]
		},
		IfaceMethod: func(name string) bool { return ifaces[name] },
		Written:     func(fk origins.FieldKey) bool { scan(); return written[fk] },
		Reassigned:  func(fk origins.FieldKey) bool { scan(); return reassigned[fk] },
	})
}

// unbuiltFieldWrites returns the fields of the package's types that the
// declarations whose SSA was not built store to (written) and, of those,
// the ones they change in an object that already exists (reassigned: not
// only in a composite literal). A map, slice or array field counts as
// written where it is aliased or handed to a call too (its elements may
// change through it).
func (pa *pkgAnalysis) unbuiltFieldWrites() (written, reassigned map[origins.FieldKey]bool) {
	written = make(map[origins.FieldKey]bool)
	reassigned = make(map[origins.FieldKey]bool)
	info := pa.pass.TypesInfo
	key := func(e ast.Expr) (origins.FieldKey, types.Type, bool) {
		se, ok := ast.Unparen(e).(*ast.SelectorExpr)
		if !ok {
			return origins.FieldKey{}, nil, false
		}
		sel := info.Selections[se]
		if sel == nil || sel.Kind() != types.FieldVal {
			return origins.FieldKey{}, nil, false
		}
		t := sel.Recv()
		idx := sel.Index()
		for _, i := range idx[:len(idx)-1] {
			f := structFieldVar(t, i)
			if f == nil {
				return origins.FieldKey{}, nil, false
			}
			t = f.Type()
		}
		return origins.FieldKey{Owner: origins.Owner(t), Index: idx[len(idx)-1]}, sel.Obj().Type(), true
	}
	// mark marks every field selected along an assigned expression
	// (x.f.g[k] = v changes g, and f's elements).
	var mark func(e ast.Expr)
	mark = func(e ast.Expr) {
		switch x := ast.Unparen(e).(type) {
		case *ast.SelectorExpr:
			if fk, _, ok := key(x); ok {
				written[fk], reassigned[fk] = true, true
			}
			mark(x.X)
		case *ast.IndexExpr:
			mark(x.X)
		case *ast.StarExpr:
			mark(x.X)
		}
	}
	// alias marks a container field whose value goes elsewhere.
	alias := func(e ast.Expr) {
		if fk, t, ok := key(e); ok && isContainer(t) {
			written[fk], reassigned[fk] = true, true
		}
	}
	for _, fd := range pa.unbuilt {
		if !testHazards && inTestFile(pa.pass.Fset, fd.Pos()) {
			continue
		}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for _, l := range n.Lhs {
					// A whole struct stored over another changes every
					// field of the object there (*p = x).
					if t := info.TypeOf(l); n.Tok == token.ASSIGN && t != nil {
						if st, ok := t.Underlying().(*types.Struct); ok && origins.Owner(t) != "" {
							for i := 0; i < st.NumFields(); i++ {
								fk := origins.FieldKey{Owner: origins.Owner(t), Index: i}
								written[fk], reassigned[fk] = true, true
							}
						}
					}
				}
				for i, l := range n.Lhs {
					if len(n.Rhs) == len(n.Lhs) && emptyContainer(info, n.Rhs[i]) {
						if _, t, ok := key(l); ok && isContainer(t) {
							continue // a new, empty map or slice: no element
						}
					}
					mark(l)
				}
				for _, r := range n.Rhs {
					alias(r)
				}
			case *ast.IncDecStmt:
				mark(n.X)
			case *ast.RangeStmt:
				if n.Key != nil {
					mark(n.Key)
				}
				if n.Value != nil {
					mark(n.Value)
				}
			case *ast.UnaryExpr:
				if n.Op == token.AND {
					mark(n.X)
				}
			case *ast.CallExpr:
				for _, a := range n.Args {
					alias(a)
				}
				if se, ok := n.Fun.(*ast.SelectorExpr); ok {
					alias(se.X) // a method of a named map or slice type
				}
			case *ast.ReturnStmt:
				for _, r := range n.Results {
					alias(r)
				}
			case *ast.SendStmt:
				alias(n.Value)
			case *ast.ValueSpec:
				for _, v := range n.Values {
					alias(v)
				}
			case *ast.CompositeLit:
				t := info.TypeOf(n)
				if t == nil {
					break
				}
				st, ok := t.Underlying().(*types.Struct)
				if !ok {
					for _, el := range n.Elts {
						if kv, ok := el.(*ast.KeyValueExpr); ok {
							el = kv.Value
						}
						alias(el)
					}
					break
				}
				owner := origins.Owner(t)
				for i, el := range n.Elts {
					fi := i
					if kv, ok := el.(*ast.KeyValueExpr); ok {
						id, _ := kv.Key.(*ast.Ident)
						fi = -1
						for j := 0; id != nil && j < st.NumFields(); j++ {
							if st.Field(j).Name() == id.Name {
								fi = j
							}
						}
						alias(kv.Value)
					} else {
						alias(el)
					}
					if kv, ok := el.(*ast.KeyValueExpr); ok {
						el = kv.Value
					}
					if fi >= 0 && !(isContainer(st.Field(fi).Type()) && emptyContainer(info, el)) {
						written[origins.FieldKey{Owner: owner, Index: fi}] = true
					}
				}
			}
			return true
		})
	}
	return written, reassigned
}

// emptyContainer reports whether e makes a map or slice with no element
// in it (make, an empty literal) or is nil.
func emptyContainer(info *types.Info, e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		_, isNil := info.Uses[e].(*types.Nil)
		return isNil
	case *ast.CallExpr:
		id, ok := ast.Unparen(e.Fun).(*ast.Ident)
		if !ok {
			return false
		}
		b, ok := info.Uses[id].(*types.Builtin)
		return ok && b.Name() == "make"
	case *ast.CompositeLit:
		return len(e.Elts) == 0
	}
	return false
}

func isContainer(t types.Type) bool {
	switch t.Underlying().(type) {
	case *types.Map, *types.Slice, *types.Array, *types.Chan:
		return true
	}
	return false
}

// MayMeet reports whether the lock that edge a acquires (a.To) can be the
// very lock that edge b holds (b.From, of the same class): false only
// when the objects they belong to provably differ.
func (r *Result) MayMeet(a, b Edge) (meet bool) {
	if r.origins == nil || len(a.toObjs) == 0 || len(b.fromObjs) == 0 {
		return true
	}
	// An internal error is recovered like a budget: the answer is "may
	// meet" (a cycle is kept, never made up), and -lockstate.debug says so.
	defer func() {
		if p := recover(); p != nil {
			r.origins.Exhausted = true
			Debugf("internal error telling objects apart (please report it): %v", p)
			meet = true
		}
	}()
	for _, x := range a.toObjs {
		for _, y := range b.fromObjs {
			if r.origins.MayAliasID(x, y) {
				return true
			}
		}
	}
	return false
}

// ObjectsExhausted reports whether a question about objects went over
// its budget in this package, or hit an internal error: it was then
// answered "may meet", which keeps a cycle and never makes one up.
func (r *Result) ObjectsExhausted() bool { return r.origins != nil && r.origins.Exhausted }
