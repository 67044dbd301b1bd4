package lockstate

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Reaching the code a call runs besides its static callee.
//
// A call can run functions that its static callee does not name:
//
//   - a call through an interface or a function value (dynamic): its
//     possible callees are what the receiver or the value may be. The
//     engine follows the value back (resolveValue): a concrete value
//     converted to the interface in this function, a phi of such values,
//     a field or package variable whose every store the package makes is
//     known (flows.go: p.health = p, c.onEvict = c.countEviction), and,
//     for an interface method when nothing pins the receiver, the
//     implementations among the types of the package and its
//     dependencies (cha.go);
//   - a function argument that the callee calls (a callback): the
//     callee's summary says it calls parameter i, holding some locks
//     (Summary.Calls, "calls p1 holding r.mu"); the argument's effects
//     are applied at the call under those locks and the caller's;
//   - a function argument of a callee of the syncCallees table
//     (sync.Once.Do, sort.Slice, slices.SortFunc, ...), which runs it
//     before returning, with the caller's locks;
//   - the String, Error, Format or GoString method of an operand of a
//     fmt or log formatting call (implicit.go), which fmt calls at once.
//
// Precision rule: a reached call contributes the acquisitions its
// possible callees all make (the same lock, in the same mode, in the
// caller's terms), and nothing else: no release, no holding, no panic.
// One possible callee without the acquisition (a fake, a no-op hook, a
// lock-free implementation) removes it. A callee whose receiver is not
// pinned locks a lock the caller cannot name (its path starts at the
// unknown value), which orders locks by class but is never the
// caller's own lock: only a pinned receiver, a global, or a captured
// variable makes a double acquire.
//
// This file finds the candidates; reached.go applies them in a
// function's dataflow.
//
// Reports go on the call: the interface or func-value call, the
// formatting call, the Once.Do or sort.Slice call, and for a callback
// the call that passes the locking function to the helper (the fix
// belongs there), with the chain naming what runs ("r.each calls the
// function literal in (*Registry).PruneStale, which locks it").

// stdReach: the standard library's own calls are not followed this way
// (its summaries keep to its static calls): what they would add is its
// internal once-locks and pools reached through its interfaces, which
// order nothing a user's code takes, at the cost of resolving every
// interface call of every package a program imports. Nor are its
// String and Error methods followed from fmt (time.Time.String locks the
// local time zone's sync.Once): the implicit calls that matter are a
// program's own methods.

type reachKind uint8

const (
	reachDynamic  reachKind = iota // through an interface or a function value
	reachCallback                  // a function argument the callee calls (Summary.Calls)
	reachSync                      // a function argument of a syncCallees callee
	reachImplicit                  // a method fmt or log calls on an operand
)

// cand is a function a call may run, before it is put in the calling
// function's terms.
type cand struct {
	obj *types.Func   // a declared function or method
	fn  *ssa.Function // a function literal, when obj is nil
	// A method's receiver: recv (nil when unknown) of type recvType,
	// through the embedded fields of index (the method's selection index;
	// its last element is the method).
	recv     ssa.Value
	recvType types.Type
	index    []int
	bindings []ssa.Value // a literal's free variables (nil entries: unknown)
}

// reachCall is one reached call of a call site: its possible callees.
type reachCall struct {
	kind  reachKind
	cands []cand
	args  []ssa.Value // the arguments the callees get, after the receiver (nil: unknown)
	// callback: the locks the callee holds around the call, in its terms,
	// and its arguments to translate them.
	under      []Effect
	calleeArgs []ssa.Value
	calleeN    int
	// callback, sync: the index of the caller's parameter passed as the
	// function (it is passed through: see recorder.paramCall), or -1.
	param int
}

// dynamicCands resolves a call through an interface or a function value.
func (pa *pkgAnalysis) dynamicCands(c *ssa.CallCommon) ([]cand, bool) {
	var m *types.Func
	if c.IsInvoke() {
		m = c.Method
	}
	if cands, ok := pa.resolveValue(c.Value, m, 0); ok {
		return cands, true
	}
	if m == nil {
		return nil, false
	}
	impls, ok := pa.implementations(c.Value.Type(), m)
	if !ok || len(impls) == 0 {
		return nil, false
	}
	out := make([]cand, 0, len(impls))
	for _, im := range impls {
		cd, ok := methodCand(im.sel, c.Value, im.typ)
		if !ok {
			return nil, false
		}
		out = append(out, cd)
	}
	return out, true
}

// maxResolveDepth bounds the phis and conversions followed back.
const maxResolveDepth = 6

// resolveValue follows v, a function value (m == nil) or an interface
// value whose method m is called, back to what it may be.
func (pa *pkgAnalysis) resolveValue(v ssa.Value, m *types.Func, depth int) ([]cand, bool) {
	if depth > maxResolveDepth {
		return nil, false
	}
	switch v := v.(type) {
	case *ssa.MakeInterface:
		if m == nil {
			return nil, false
		}
		sel := pa.msets.MethodSet(v.X.Type()).Lookup(m.Pkg(), m.Name())
		if sel == nil {
			return nil, false
		}
		cd, ok := methodCand(sel, v.X, v.X.Type())
		return []cand{cd}, ok
	case *ssa.ChangeInterface:
		return pa.resolveValue(v.X, m, depth+1)
	case *ssa.ChangeType:
		return pa.resolveValue(v.X, m, depth+1)
	case *ssa.Phi:
		var out []cand
		for _, e := range v.Edges {
			if e == v {
				continue
			}
			cs, ok := pa.resolveValue(e, m, depth+1)
			if !ok {
				return nil, false
			}
			out = append(out, cs...)
		}
		return out, len(out) > 0
	case *ssa.Function:
		if m != nil {
			return nil, false
		}
		if obj, ok := v.Object().(*types.Func); ok && v.Parent() == nil {
			return []cand{{obj: obj}}, true
		}
		return []cand{{fn: v}}, true
	case *ssa.MakeClosure:
		if m != nil {
			return nil, false
		}
		fn, ok := v.Fn.(*ssa.Function)
		if !ok {
			return nil, false
		}
		if isBoundWrapper(fn) {
			obj, ok := fn.Object().(*types.Func)
			if !ok || len(v.Bindings) != 1 {
				return nil, false
			}
			return []cand{{obj: obj, recv: v.Bindings[0], recvType: v.Bindings[0].Type(), index: []int{0}}}, true
		}
		return []cand{{fn: fn, bindings: v.Bindings}}, true
	case *ssa.UnOp:
		if v.Op != token.MUL {
			return nil, false
		}
		switch x := v.X.(type) {
		case *ssa.FieldAddr:
			st, ok := derefStruct(x.X.Type())
			if !ok {
				return nil, false
			}
			return pa.flowCands(pa.flows.flowOf(st.Field(x.Field)), m, x.X, v)
		case *ssa.Global:
			gv, ok := x.Object().(*types.Var)
			if !ok {
				return nil, false
			}
			return pa.flowCands(pa.flows.flowOf(gv), m, nil, v)
		case *ssa.Alloc:
			if w := assignedOnce(x); w != nil {
				return pa.resolveValue(w, m, depth+1)
			}
		}
	}
	return nil, false
}

// flowCands turns what a field or variable may hold into candidates:
// owner is the object whose field was loaded (nil for a variable) and
// loaded the value read.
func (pa *pkgAnalysis) flowCands(f *varFlow, m *types.Func, owner, loaded ssa.Value) ([]cand, bool) {
	if f == nil || len(f.vals) == 0 {
		return nil, false
	}
	var out []cand
	for _, fv := range f.vals {
		var cd cand
		ok := true
		switch fv.kind {
		case flowOwner, flowValue:
			if m == nil {
				return nil, false
			}
			sel := pa.msets.MethodSet(fv.typ).Lookup(m.Pkg(), m.Name())
			if sel == nil {
				return nil, false
			}
			recv := loaded
			if fv.kind == flowOwner {
				recv = owner
			}
			cd, ok = methodCand(sel, recv, fv.typ)
		case flowMethod:
			if m != nil {
				return nil, false
			}
			recv := loaded
			if fv.self && owner != nil {
				recv = owner
			}
			cd = cand{obj: fv.fn, recv: recv, recvType: fv.sel.Recv(), index: fv.sel.Index()}
		case flowFunc:
			if m != nil {
				return nil, false
			}
			cd = cand{obj: fv.fn}
		case flowLit:
			if m != nil {
				return nil, false
			}
			cd = cand{fn: pa.litFuncs[fv.lit]}
			if cd.fn != nil {
				cd.bindings = make([]ssa.Value, len(cd.fn.FreeVars)) // unknown
			}
		default:
			return nil, false
		}
		if !ok {
			return nil, false
		}
		out = append(out, cd)
	}
	return out, true
}

// methodCand is the candidate for method selection sel on a receiver
// recv of type t.
func methodCand(sel *types.Selection, recv ssa.Value, t types.Type) (cand, bool) {
	obj, ok := sel.Obj().(*types.Func)
	if !ok {
		return cand{}, false
	}
	if r := obj.Signature().Recv(); r != nil && types.IsInterface(r.Type()) {
		return cand{}, true // promoted from an embedded interface: unknown, no summary
	}
	return cand{obj: obj, recv: recv, recvType: t, index: sel.Index()}, true
}

// reachesOf lists the calls that call site c reaches besides its static
// callee (see the comment at the top of this file), before the callbacks
// of its callee's summary, which fa adds.
func (pa *pkgAnalysis) reachesOf(c *ssa.CallCommon) []reachCall {
	if rc, ok := memoGet(pa, pa.reachMemo, c); ok {
		return rc
	}
	var out []reachCall
	if p, _ := classify(c); p.op == opNone && !pa.std {
		if c.StaticCallee() == nil && !isClosureValue(c.Value) {
			if cands, ok := pa.dynamicCands(c); ok {
				out = append(out, reachCall{kind: reachDynamic, cands: cands, args: c.Args, param: -1})
			}
		}
		if arg := syncCalleeArg(c); arg != nil {
			if cands, ok := pa.resolveValue(arg, nil, 0); ok {
				out = append(out, reachCall{kind: reachSync, cands: cands, param: -1})
			}
		}
		for _, cd := range pa.implicitCands(c) {
			out = append(out, reachCall{kind: reachImplicit, cands: []cand{cd}, param: -1})
		}
	}
	return memoPut(pa, pa.reachMemo, c, out)
}

// isClosureValue reports whether a called value is resolved by
// funcAnalysis.callee (a closure, or one held in a captured variable).
func isClosureValue(v ssa.Value) bool {
	switch v := v.(type) {
	case *ssa.MakeClosure:
		return true
	case *ssa.UnOp:
		if a, ok := v.X.(*ssa.Alloc); ok && v.Op == token.MUL {
			_, ok := assignedOnce(a).(*ssa.MakeClosure)
			return ok
		}
		_, fv := v.X.(*ssa.FreeVar)
		return fv && v.Op == token.MUL
	}
	return false
}

// candFunc returns a candidate's SSA function when it is in this
// package (for the order of analysis), or nil.
func (pa *pkgAnalysis) candFunc(cd cand) *ssa.Function {
	if cd.fn != nil {
		return cd.fn
	}
	if cd.obj == nil || cd.obj.Pkg() != pa.pass.Pkg || pa.prog == nil {
		return nil
	}
	return pa.prog.FuncValue(cd.obj.Origin())
}

// candSummary returns a candidate's summary as the analysis of from sees
// it (see summaryFrom), nil when it has none.
func (pa *pkgAnalysis) candSummary(from *ssa.Function, cd cand) *Summary {
	if fn := pa.candFunc(cd); fn != nil {
		return pa.summaryFrom(from, fn)
	}
	if cd.obj == nil {
		return nil
	}
	return pa.importedSummary(cd.obj.Origin())
}

// reachEdges lists the functions of the package that fn's calls reach
// other than statically: the order of analysis puts them first.
func (pa *pkgAnalysis) reachEdges(fn *ssa.Function) []*ssa.Function {
	var out []*ssa.Function
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			ci, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			c := ci.Common()
			for _, rc := range pa.reachesOf(c) {
				for _, cd := range rc.cands {
					if f := pa.candFunc(cd); f != nil {
						out = append(out, f)
					}
				}
			}
			for _, a := range c.Args {
				if cs, ok := pa.resolveValue(a, nil, maxResolveDepth); ok { // a function or a bound method
					for _, cd := range cs {
						if f := pa.candFunc(cd); f != nil {
							out = append(out, f)
						}
					}
				}
			}
		}
	}
	return out
}

// reachDecls returns the declarations a call expression of decl may run
// through what the package stores in fields and variables, an interface
// (the methods of the package with that name), or an implicit String or
// Error call; and whether it reaches a function of another package
// with a summary (relevantDecls).
func (pa *pkgAnalysis) reachDecls(call *ast.CallExpr, declOf map[*types.Func]*ast.FuncDecl, methodDecls map[string][]*ast.FuncDecl) ([]*ast.FuncDecl, bool) {
	if pa.std {
		return nil, false // see stdReach
	}
	info := pa.pass.TypesInfo
	var out []*ast.FuncDecl
	direct := false
	addFunc := func(fn *types.Func) {
		fn = fn.Origin()
		if d, ok := declOf[fn]; ok {
			out = append(out, d)
		} else if fn.Pkg() != nil && fn.Pkg() != pa.pass.Pkg && pa.hasFact(fn) {
			direct = true
		}
	}
	var v *types.Var
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		v, _ = info.Uses[fun].(*types.Var)
	case *ast.SelectorExpr:
		if sel, ok := info.Selections[fun]; ok {
			switch sel.Kind() {
			case types.FieldVal:
				v, _ = sel.Obj().(*types.Var)
			case types.MethodVal:
				if fn, ok := sel.Obj().(*types.Func); ok && types.IsInterface(sel.Recv()) && !isLockerIface(sel.Recv(), fn.Name()) {
					out = append(out, methodDecls[fn.Name()]...)
				}
			}
		} else {
			v, _ = info.Uses[fun.Sel].(*types.Var)
		}
	}
	if f := pa.flows.flowOf(v); f != nil {
		for _, fv := range f.vals {
			if fv.fn != nil {
				addFunc(fv.fn)
			}
		}
		out = append(out, f.decls...)
	}
	if fn, ok := typeutilCallee(info, call).(*types.Func); ok {
		if spec, ok := formatterOf(fn); ok {
			for _, arg := range spec.operandExprs(call, fn) {
				for _, m := range pa.implicitMethods(typeOf(info, arg)) {
					addFunc(m)
				}
			}
		}
	}
	return out, direct
}
