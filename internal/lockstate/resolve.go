package lockstate

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

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
	if rc, ok := pa.reachMemo[c]; ok {
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
	pa.reachMemo[c] = out
	return out
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

// candSummary returns a candidate's summary, nil when it has none.
func (pa *pkgAnalysis) candSummary(cd cand) *Summary {
	if fn := pa.candFunc(cd); fn != nil {
		return pa.summaryOf(fn)
	}
	if cd.obj == nil {
		return nil
	}
	obj := cd.obj.Origin()
	if obj.Pkg() == nil || obj.Pkg() == pa.pass.Pkg {
		return nil
	}
	if s, ok := pa.factCache[obj]; ok {
		return s
	}
	var s *Summary
	var f FuncFact
	if pa.pass.ImportObjectFact(obj, &f) {
		s = &f.Summary
	}
	pa.factCache[obj] = s
	return s
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

// target is a candidate in a calling function's terms.
type target struct {
	sum     *Summary
	name    FuncName
	args    []ssa.Value // parameters, then free variables (nil: unknown)
	recv    pathID      // when set, the path of parameter 0
	nparams int
}

// target puts candidate cd in fa's terms, with the call's arguments
// args (after the receiver; nil when unknown).
func (fa *funcAnalysis) target(cd cand, args []ssa.Value) target {
	pa := fa.pa
	if cd.fn == nil && cd.obj == nil {
		return target{} // unknown: no summary
	}
	t := target{sum: pa.candSummary(cd)}
	if cd.fn != nil {
		t.name = pa.funcName(cd.fn)
		t.nparams = len(cd.fn.Params)
		t.args = make([]ssa.Value, t.nparams)
		copy(t.args, args)
		t.args = append(t.args, cd.bindings...)
		return t
	}
	t.name = nameOf(cd.obj)
	sig := cd.obj.Signature()
	t.nparams = sig.Params().Len()
	if sig.Recv() != nil {
		t.nparams++
		t.args = make([]ssa.Value, t.nparams)
		copy(t.args[1:], args)
		if cd.recv != nil {
			t.recv = fa.embedded(fa.pathOf(cd.recv), cd.recvType, cd.index)
		}
		return t
	}
	t.args = make([]ssa.Value, t.nparams)
	copy(t.args, args)
	return t
}

// embedded extends p, the path of a value of type t, through the
// embedded fields of a method selection index (all but its last
// element) to the method's receiver.
func (fa *funcAnalysis) embedded(p pathID, t types.Type, index []int) pathID {
	return fa.selectPath(p, t, index, true)
}

// selectPath extends p, the path of a value of type t, by the fields of
// a selection index (but its last element, a method, when method is
// set), loading each pointer field it goes through.
func (fa *funcAnalysis) selectPath(p pathID, t types.Type, index []int, method bool) pathID {
	if method {
		index = index[:max(len(index)-1, 0)]
	}
	for _, i := range index {
		st, ok := derefStruct(t)
		if !ok {
			if s, isStruct := t.Underlying().(*types.Struct); isStruct {
				st = s
			} else {
				return fa.paths.freshWild()
			}
		}
		if i >= st.NumFields() {
			return fa.paths.freshWild()
		}
		f := st.Field(i)
		p = fa.paths.child(p, step{kind: stepField, field: i, name: f.Name(), owner: ownerOf(t)})
		t = f.Type()
		if _, ptr := t.Underlying().(*types.Pointer); ptr {
			p = fa.deref(p)
		}
	}
	return p
}

// reachEntry is what a call site reaches, in the function's terms.
type reachEntry struct {
	calls []reachCall
	// effects[i][j]: the acquisitions of call i's candidate j.
	effects [][][]transEffect
	names   []FuncName // per call: how the chain names what runs
}

// reachAt returns what call c (whose static callee, if any, is callee
// with arguments args) reaches, with the candidates' acquisitions
// translated.
func (fa *funcAnalysis) reachAt(c *ssa.CallCommon, callee *ssa.Function, args []ssa.Value) *reachEntry {
	if e, ok := fa.reachMemo[c]; ok {
		return e
	}
	if fa.pa.std {
		return nil // see stdReach
	}
	calls := slices.Clone(fa.pa.reachesOf(c))
	if arg := syncCalleeArg(c); arg != nil {
		// A parameter of this function run synchronously: passed through.
		if param := fa.funcParamIndex(arg); param >= 0 {
			i := slices.IndexFunc(calls, func(rc reachCall) bool { return rc.kind == reachSync })
			if i < 0 {
				calls = append(calls, reachCall{kind: reachSync})
				i = len(calls) - 1
			}
			calls[i].param = param
		}
	}
	if _, table := syncCalleeIndex(c); callee != nil && !table {
		if sum := fa.pa.summaryOf(callee); sum != nil && len(sum.Calls) > 0 {
			for _, pc := range sum.Calls {
				if pc.Param >= len(args) || args[pc.Param] == nil {
					continue
				}
				arg := args[pc.Param]
				param := fa.funcParamIndex(arg)
				cands, ok := fa.pa.resolveValue(arg, nil, 0)
				if !ok && param < 0 {
					continue
				}
				calls = append(calls, reachCall{kind: reachCallback, cands: cands, under: pc.Held, calleeArgs: args, calleeN: len(callee.Params), param: param})
			}
		}
	}
	var e *reachEntry
	if len(calls) > 0 {
		e = &reachEntry{calls: calls, effects: make([][][]transEffect, len(calls)), names: make([]FuncName, len(calls))}
		for i, rc := range calls {
			e.effects[i] = make([][]transEffect, len(rc.cands))
			for j, cd := range rc.cands {
				t := fa.target(cd, rc.args)
				if j == 0 {
					e.names[i] = t.name
					switch n := len(rc.cands); {
					case n == 2:
						e.names[i].Name += " (and 1 other possible callee)"
					case n > 2:
						e.names[i].Name += fmt.Sprintf(" (and %d other possible callees)", n-1)
					}
				}
				e.effects[i][j] = fa.targetAcquires(&t, e.names[i])
			}
		}
	}
	if fa.reachMemo == nil {
		fa.reachMemo = make(map[*ssa.CallCommon]*reachEntry)
	}
	fa.reachMemo[c] = e
	return e
}

// targetAcquires translates a target's acquisitions; name heads their
// chain.
func (fa *funcAnalysis) targetAcquires(t *target, name FuncName) []transEffect {
	if t.sum == nil {
		return nil
	}
	out := make([]transEffect, 0, len(t.sum.Acquires))
	for i := range t.sum.Acquires {
		e := &t.sum.Acquires[i]
		p := fa.substTarget(e.Lock, t)
		te := transEffect{e: e, path: p, ref: fa.effectRef(p, *e)}
		// The chain: the reached function, then the effect's own chain
		// (Acquire.Via keeps the reached function after the call as
		// written, see recorder.acquire).
		te.chain = append([]FuncName{name}, e.Chain...)
		for _, w := range e.Without {
			te.without = append(te.without, fa.substTarget(w, t))
		}
		for _, g := range e.Guard {
			if tg, ok := fa.translate(g, t.args); ok {
				te.guardsVia = append(te.guardsVia, tg)
			}
		}
		out = append(out, te)
	}
	return out
}

// substTarget translates a summary path of a target.
func (fa *funcAnalysis) substTarget(r RelPath, t *target) pathID {
	if t.recv != 0 && r.Root == RootParam && r.Index == 0 {
		return fa.extend(t.recv, r.Steps)
	}
	return fa.subst(r, t.args, t.nparams)
}

// reachesLocks reports whether a call reaches a function that acquires
// a lock, or passes a parameter of the function to a callee that calls
// it holding locks (touchesLocks).
func (fa *funcAnalysis) reachesLocks(c *ssa.CallCommon) bool {
	callee, args := fa.callee(c)
	e := fa.reachAt(c, callee, args)
	if e == nil {
		return false
	}
	for i, rc := range e.calls {
		if rc.param >= 0 && len(rc.under) > 0 {
			return true
		}
		for _, effs := range e.effects[i] {
			if len(effs) > 0 {
				return true
			}
		}
	}
	return false
}

// applyReach applies what call c reaches to s, at position at (the call,
// or the defer statement that runs it).
func (fa *funcAnalysis) applyReach(c *ssa.CallCommon, callee *ssa.Function, args []ssa.Value, s *state, at token.Pos, dc *deferCtx) {
	e := fa.reachAt(c, callee, args)
	if e == nil {
		return
	}
	for i, rc := range e.calls {
		effs := fa.agreed(e.effects[i], rc, s)
		if len(effs) == 0 && rc.param < 0 {
			continue
		}
		sx := s
		if len(rc.under) > 0 {
			sx = s.clone()
			fa.holdUnder(sx, c, rc, at)
		}
		if rc.param >= 0 && fa.rec != nil && dc == nil {
			fa.rec.paramCall(rc.param, at, sx)
		}
		fa.reachTag = i + 1
		for _, te := range effs {
			fa.guardsVia = append(fa.guardsVia[:0], te.guardsVia...)
			fa.acquire(sx, te.path, te.e.Mode, at, -1, te.ref, te.chain, te.e.pos, te.without)
			fa.guardsVia = fa.guardsVia[:0]
		}
		fa.reachTag = 0
		if sx != s && sx.blocked {
			s.blocked, s.hung = true, true
		}
	}
}

// agreed returns the acquisitions every candidate of a reached call
// makes (the same lock in the same mode), whose guards the call allows.
func (fa *funcAnalysis) agreed(per [][]transEffect, rc reachCall, s *state) []transEffect {
	if len(per) == 0 {
		return nil
	}
	var out []transEffect
	for _, te := range per[0] {
		all := true
		for _, other := range per[1:] {
			if !slices.ContainsFunc(other, func(x transEffect) bool { return x.path == te.path && x.e.Mode == te.e.Mode }) {
				all = false
				break
			}
		}
		if all && fa.guardHolds(te.e.Guard, rc.args, s) {
			out = append(out, te)
		}
	}
	return out
}

// holdUnder adds to s the locks a callee holds while it calls the
// function passed to it (a callback), as holdings of the callee's.
func (fa *funcAnalysis) holdUnder(s *state, c *ssa.CallCommon, rc reachCall, at token.Pos) {
	for i := range rc.under {
		u := &rc.under[i]
		p := fa.subst(u.Lock, rc.calleeArgs, rc.calleeN)
		if s.find(p) != nil {
			continue
		}
		k := underKey{c, i}
		id, ok := fa.underSites[k]
		if !ok {
			pos := u.pos
			if !pos.IsValid() {
				pos = at
			}
			ref := fa.effectRef(p, *u)
			fa.sites = append(fa.sites, site{pos: pos, ref: ref, via: true, path: p, heldBy: fa.callText(at)})
			id = len(fa.sites) - 1
			if fa.underSites == nil {
				fa.underSites = make(map[underKey]int)
			}
			fa.underSites[k] = id
		}
		s.dropReleased(p)
		s.add(holding{path: p, mode: u.Mode, count: 1, site: id})
	}
}

type underKey struct {
	c *ssa.CallCommon
	i int
}

// funcParamIndex returns the index of the function-typed parameter of fa.fn
// that v is (directly, or loaded from the variable go/ssa spills it to
// when a closure captures it), or -1.
func (fa *funcAnalysis) funcParamIndex(v ssa.Value) int {
	if u, ok := v.(*ssa.UnOp); ok && u.Op == token.MUL {
		if a, ok := u.X.(*ssa.Alloc); ok {
			v = assignedOnce(a)
		}
	}
	p, ok := v.(*ssa.Parameter)
	if !ok || p.Parent() != fa.fn {
		return -1
	}
	if _, isFunc := p.Type().Underlying().(*types.Signature); !isFunc {
		return -1
	}
	return slices.Index(fa.fn.Params, p)
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
