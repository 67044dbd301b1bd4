package lockstate

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Calls within the package, and the locks held at them.
//
// The final sweep of each function records its calls of functions of
// the package with the locks held at the call (callRec). Two uses:
//
//   - condwait: a Wait in a helper whose callers all hold the Cond's
//     lock, or all loop on the condition (cond.go);
//   - lock order: the locks held at every call of a function whose calls
//     are all known (its context) are held around everything it does.
//     Its order edges carry them as gates: removeMsgBlock, called only
//     with fs.mu held, locks two message blocks under fs.mu, and a
//     closure run by sync.Map.Range under s.mu locks two accounts under
//     s.mu (see lockorder's gate locks).
//
// Calls made from test files do not count in the context of a function
// declared outside them (productionCalls).
//
// A function's calls are all known when it is not exported, is not an
// unexported method of a type the package converts to an interface that
// some interface of the package could call it through (an unexported
// method is only in the method sets of the package's own interfaces),
// and is never used other than by being called (taken as a value,
// started by a go statement); a closure's, when it is only called in
// place or handed to a function of syncCallees, which runs it before
// returning.

// A closure handed to a call that is not in syncCallees (a callback to
// an interface method, db.Range(func(seq uint64) bool {...})) is taken to
// run during that call, with the caller's locks held, for its context
// only: a callback stored and called later without them makes its
// context too large, which can hide a lock-order report, never make one.

// callRec is a call of an in-package function, with the locks held on
// every path to it (held) and, per group of paths, the locks held and
// the conditions on the caller's parameters those paths assumed (alts):
// removeMsg(b, needLock) calls its helper holding s.mu itself when
// needLock, and holding nothing when not, because its callers that pass
// false hold s.mu.
type callRec struct {
	caller *ssa.Function
	block  *ssa.BasicBlock
	held   []Gate
	alts   []callAlt
	args   []ssa.Value

	relBefore []Class // see entryheld.go
}

// callAlt is what one group of paths to a call holds and assumed.
type callAlt struct {
	held   []Gate
	guards []Guard
}

// maxCallAlts bounds the alternatives a call keeps; past it they merge
// into one (their common locks, no condition).
const maxCallAlts = 4

type callKey struct {
	callee *ssa.Function
	pos    token.Pos
}

// syncCallees lists the functions that call a function argument before
// they return, with the caller's locks held, and the argument's index
// (the receiver of a method is argument 0). The table is what the engine
// knows of them: their argument's acquisitions are applied at the call
// with the caller's locks (resolve.go), and the locks of their own
// summary (sync.Once's mutex, held while its function runs) are not
// taken to be held around it: an implementation detail that would
// order every lock a once-function takes after every Once.
var syncCallees = map[methodKey]int{
	{"sync", "Map", "Range"}:           1,
	{"sync", "Once", "Do"}:             1,
	{"sort", "", "Slice"}:              1,
	{"sort", "", "SliceStable"}:        1,
	{"sort", "", "Search"}:             1,
	{"slices", "", "SortFunc"}:         1,
	{"slices", "", "SortStableFunc"}:   1,
	{"slices", "", "IndexFunc"}:        1,
	{"slices", "", "ContainsFunc"}:     1,
	{"slices", "", "DeleteFunc"}:       1,
	{"slices", "", "CompactFunc"}:      1,
	{"slices", "", "MaxFunc"}:          1,
	{"slices", "", "MinFunc"}:          1,
	{"slices", "", "BinarySearchFunc"}: 2,
	{"slices", "", "EqualFunc"}:        2,
	{"slices", "", "CompareFunc"}:      2,
	{"maps", "", "DeleteFunc"}:         1,
	{"strings", "", "Map"}:             0,
	{"strings", "", "IndexFunc"}:       1,
	{"strings", "", "FieldsFunc"}:      1,
	{"strings", "", "TrimFunc"}:        1,
	{"bytes", "", "IndexFunc"}:         1,
}

// syncCalleeArg returns the function value a call hands to a function
// that runs it synchronously (see syncCallees), or nil.
func syncCalleeArg(c *ssa.CallCommon) ssa.Value {
	i, ok := syncCalleeIndex(c)
	if !ok || i >= len(c.Args) {
		return nil
	}
	return c.Args[i]
}

// syncCalleeIndex returns the index of the argument a call of a function
// of syncCallees runs, and whether the callee is one.
func syncCalleeIndex(c *ssa.CallCommon) (int, bool) {
	fn := c.StaticCallee()
	if fn == nil {
		return 0, false
	}
	if o := fn.Origin(); o != nil {
		fn = o
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj.Pkg() == nil {
		return 0, false
	}
	key := methodKey{pkg: obj.Pkg().Path(), method: obj.Name()}
	if recv := obj.Signature().Recv(); recv != nil {
		key.typ = ownerName(recv.Type())
	}
	i, ok := syncCallees[key]
	return i, ok
}

// recordCall notes an in-package call of callee with the locks s holds.
func (r *recorder) recordCall(callee *ssa.Function, lparen token.Pos, block *ssa.BasicBlock, s *state, args []ssa.Value) {
	r.callArgs = args
	fa := r.fa
	if o := callee.Origin(); o != nil {
		callee = o
	}
	if callee.Pkg == nil || callee.Pkg.Pkg != fa.pa.pass.Pkg {
		return
	}
	var held []Gate
	for _, h := range s.held {
		if h.stale || isCounting(fa.sites[h.site].ref.Type) {
			continue
		}
		held = addGate(held, Gate{Class: fa.paths.node(h.path).class, Mode: h.mode})
	}
	slices.SortFunc(held, func(a, b Gate) int { return cmpClass(a.Class, b.Class) })
	alt := callAlt{held: held, guards: fa.guardsOf(s.tags)}
	k := callKey{callee, lparen}
	if i, ok := r.callIndex[k]; ok {
		// Another state reaching the same call: keep what all hold.
		prev := &r.calls[i].rec
		prev.relBefore = r.releasedUnheld(s, prev.relBefore)
		prev.held = IntersectGates(prev.held, held)
		if !slices.ContainsFunc(prev.alts, alt.equal) {
			prev.alts = append(prev.alts, alt)
		}
		if len(prev.alts) > maxCallAlts {
			prev.alts = []callAlt{{held: prev.held}}
		}
		return
	}
	r.callIndex[k] = len(r.calls)
	r.calls = append(r.calls, pendingCall{callee, callRec{caller: fa.fn, block: block, held: held, alts: []callAlt{alt}, args: r.callArgs, relBefore: r.releasedUnheld(s, nil)}})
}

// A pendingCall is a call an analysis recorded, not yet in callsTo.
type pendingCall struct {
	callee *ssa.Function
	rec    callRec
}

// commitCalls adds the calls an analysis of fa's function recorded to
// pkgAnalysis.callsTo.
func (fa *funcAnalysis) commitCalls() {
	if fa.rec == nil || len(fa.rec.calls) == 0 {
		return
	}
	fa.pa.mu.Lock()
	defer fa.pa.mu.Unlock()
	for _, c := range fa.rec.calls {
		fa.pa.addCallRec(c.callee, c.rec)
	}
	fa.rec.calls = nil
}

func (a callAlt) equal(b callAlt) bool {
	return slices.Equal(a.held, b.held) && slices.Equal(a.guards, b.guards)
}

// recordSyncArg notes a closure or function of the package handed to a
// function that runs it synchronously, and a closure handed to any
// other call (a callback: its context is taken to be the call's; see
// knownCallers), as a call of it here.
func (r *recorder) recordSyncArg(c *ssa.CallCommon, instr ssa.Instruction, s *state) {
	var fns []*ssa.Function
	if fn := syncArgFunc(c); fn != nil {
		fns = append(fns, fn)
	}
	for _, a := range c.Args {
		if mc, ok := a.(*ssa.MakeClosure); ok {
			if fn, ok := mc.Fn.(*ssa.Function); ok && !slices.Contains(fns, fn) && !isYield(fn) {
				fns = append(fns, fn)
			}
		}
	}
	for _, fn := range fns {
		r.recordCall(fn, c.Pos(), instr.Block(), s, nil)
	}
}

// recordLockFreeCalls notes the in-package calls of a function that
// touches no lock (so it was given no dataflow): they hold nothing.
func (fa *funcAnalysis) recordLockFreeCalls() {
	fa.pa.mu.Lock()
	defer fa.pa.mu.Unlock()
	for _, b := range fa.fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			for _, callee := range []*ssa.Function{call.Call.StaticCallee(), syncArgFunc(&call.Call)} {
				if callee == nil {
					continue
				}
				if o := callee.Origin(); o != nil {
					callee = o
				}
				if callee.Pkg != nil && callee.Pkg.Pkg == fa.pa.pass.Pkg {
					fa.pa.addCallRec(callee, callRec{caller: fa.fn, block: b})
				}
			}
		}
	}
}

// syncArgFunc returns the function a call hands to a synchronous callee.
func syncArgFunc(c *ssa.CallCommon) *ssa.Function {
	switch v := syncCalleeArg(c).(type) {
	case *ssa.MakeClosure:
		fn, _ := v.Fn.(*ssa.Function)
		return fn
	case *ssa.Function:
		return v
	}
	return nil
}

// knownCallers returns the functions of the package whose every call is
// among the recorded ones (see the comment at the top of this file).
//
// A function mentioned by a declaration whose SSA was not built (see
// build.go) has callers the engine does not see.
func knownCallers(funcs []*ssa.Function, ifaceMethods map[string]bool, unbuiltRefs map[*ast.FuncDecl]bool) map[*ssa.Function]bool {
	unknown := make(map[*ssa.Function]bool)
	boxed := make(map[types.Type]bool) // types converted to an interface
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if mi, ok := instr.(*ssa.MakeInterface); ok {
					t := mi.X.Type()
					if p, ok := t.Underlying().(*types.Pointer); ok {
						t = p.Elem()
					}
					boxed[t] = true
				}
				if g, ok := instr.(*ssa.Go); ok {
					if f := g.Call.StaticCallee(); f != nil {
						unknown[originFunc(f)] = true
					}
					if mc, ok := g.Call.Value.(*ssa.MakeClosure); ok {
						if f, ok := mc.Fn.(*ssa.Function); ok {
							unknown[originFunc(f)] = true
						}
					}
				}
				var call *ssa.CallCommon
				if ci, ok := instr.(ssa.CallInstruction); ok {
					call = ci.Common()
				}
				var syncArg ssa.Value
				_, isGo := instr.(*ssa.Go)
				if call != nil {
					syncArg = syncCalleeArg(call)
				}
				mc, _ := instr.(*ssa.MakeClosure)
				for _, op := range instr.Operands(nil) {
					if op == nil || *op == nil {
						continue
					}
					if (call != nil && *op == call.Value) || (mc != nil && op == &mc.Fn) || *op == syncArg {
						continue
					}
					if _, closure := (*op).(*ssa.MakeClosure); closure && call != nil && !isGo && slices.Contains(call.Args, *op) {
						continue // a callback: called during the call (recordSyncArg)
					}
					switch v := (*op).(type) {
					case *ssa.Function:
						unknown[originFunc(v)] = true
					case *ssa.MakeClosure:
						if f, ok := v.Fn.(*ssa.Function); ok {
							unknown[originFunc(f)] = true
						}
					}
				}
			}
		}
	}
	known := make(map[*ssa.Function]bool)
	for _, fn := range funcs {
		if unknown[fn] || fn.Synthetic != "" && !isYield(fn) {
			continue
		}
		if fd, ok := fn.Syntax().(*ast.FuncDecl); ok && unbuiltRefs[fd] {
			continue
		}
		if fn.Parent() == nil {
			obj, ok := fn.Object().(*types.Func)
			if !ok || obj.Exported() || obj.Name() == "init" || obj.Name() == "main" {
				continue
			}
			if recv := obj.Signature().Recv(); recv != nil {
				t := recv.Type()
				if p, ok := t.Underlying().(*types.Pointer); ok {
					t = p.Elem()
				}
				if boxed[t] && ifaceMethods[obj.Name()] {
					continue // may be called through an interface
				}
			}
		}
		known[fn] = true
	}
	return known
}

// interfaceMethods returns the names of the methods of the interfaces
// the package's code mentions (its own and imported ones).
func (pa *pkgAnalysis) interfaceMethods() map[string]bool {
	if pa.ifaceNames != nil {
		return pa.ifaceNames
	}
	names := make(map[string]bool)
	pa.ifaceNames = names
	seen := make(map[*types.Interface]bool)
	add := func(t types.Type) {
		it, ok := t.Underlying().(*types.Interface)
		if !ok || seen[it] {
			return
		}
		seen[it] = true
		for i := 0; i < it.NumMethods(); i++ {
			names[it.Method(i).Name()] = true
		}
	}
	for _, tv := range pa.pass.TypesInfo.Types {
		add(tv.Type)
	}
	for _, obj := range pa.pass.TypesInfo.Defs {
		if obj != nil {
			add(obj.Type())
		}
	}
	return names
}

// callContexts returns, for each function whose calls are all known,
// the locks held at every one of them, directly or by the callers' own
// contexts (a greatest fixpoint: recursion keeps what every call holds).
// A group of paths to a call that assumed conditions on the caller's
// parameters gets the locks held at the caller's own calls that can
// satisfy them (removeMsg(b, false) is only called with s.mu held).
func (pa *pkgAnalysis) callContexts(funcs []*ssa.Function) map[*ssa.Function][]Gate {
	calls := pa.productionCalls()
	known := knownCallers(funcs, pa.interfaceMethods(), pa.unbuiltRefs)
	ctx := make(map[*ssa.Function][]Gate)
	top := make(map[*ssa.Function]bool) // not yet constrained
	for fn := range known {
		if len(calls[fn]) > 0 {
			top[fn] = true
		}
	}
	// ctxOf is a caller's context: open (top) while unconstrained.
	ctxOf := func(fn *ssa.Function) ([]Gate, bool) {
		fn = originFunc(fn)
		if top[fn] {
			return nil, true
		}
		return ctx[fn], false
	}
	// under is the context of caller for the paths that assumed guards:
	// its calls whose arguments can satisfy them.
	under := func(caller *ssa.Function, guards []Guard) ([]Gate, bool) {
		caller = originFunc(caller)
		if len(guards) == 0 || !known[caller] || len(calls[caller]) == 0 {
			return ctxOf(caller)
		}
		var cur []Gate
		open := true
		for _, c := range calls[caller] {
			if !guardsFeasible(guards, c.args) {
				continue // this call cannot take these paths
			}
			for _, a := range c.alts {
				up, upOpen := ctxOf(c.caller)
				if upOpen {
					continue
				}
				here := dedupeGates(append(slices.Clone(a.held), up...))
				if open {
					cur, open = here, false
				} else {
					cur = IntersectGates(cur, here)
				}
			}
		}
		return cur, open
	}
	for round := 0; round < 8; round++ {
		changed := false
		for _, fn := range funcs {
			if !known[fn] || len(calls[fn]) == 0 {
				continue
			}
			var cur []Gate
			first := true
			for _, c := range calls[fn] {
				alts := c.alts
				if len(alts) == 0 {
					alts = []callAlt{{held: c.held}}
				}
				for _, a := range alts {
					up, open := under(c.caller, a.guards)
					if open {
						continue // no constraint yet
					}
					here := dedupeGates(append(slices.Clone(a.held), up...))
					if first {
						cur, first = here, false
					} else {
						cur = IntersectGates(cur, here)
					}
				}
			}
			if first {
				continue // every caller still open
			}
			if top[fn] || !slices.Equal(cur, ctx[fn]) {
				delete(top, fn)
				ctx[fn] = cur
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	for fn := range top {
		delete(ctx, fn) // never constrained (recursion only): no context
	}
	return ctx
}

// productionCalls returns pa.callsTo without, for a function declared in
// a non-test file, its calls from test files. A test that calls a
// "lock must be held" helper without the lock (nats' benchmark calling
// removeMsgsInRange bare, in one goroutine) would otherwise take away the
// gate that every production caller holds, and the test variant would
// report in production code what the package alone does not: test files
// add their own edges, they do not weaken production's contexts.
func (pa *pkgAnalysis) productionCalls() map[*ssa.Function][]callRec {
	inTest := func(pos token.Pos) bool { return inTestFile(pa.pass.Fset, pos) }
	out := make(map[*ssa.Function][]callRec, len(pa.callsTo))
	for fn, recs := range pa.callsTo {
		if !fn.Pos().IsValid() || inTest(fn.Pos()) {
			out[fn] = recs
			continue
		}
		var kept []callRec
		for _, c := range recs {
			if c.caller.Pos().IsValid() && inTest(c.caller.Pos()) {
				continue
			}
			kept = append(kept, c)
		}
		if len(kept) > 0 {
			out[fn] = kept
		}
	}
	return out
}

// inTestFile reports whether pos is in a test file (a _test.go file).
func inTestFile(fset *token.FileSet, pos token.Pos) bool {
	f := fset.File(pos)
	return f != nil && strings.HasSuffix(f.Name(), "_test.go")
}

// guardsFeasible reports whether a call with these arguments can satisfy
// every guard: false only when a constant argument (or a value that
// cannot be nil) decides one the other way.
func guardsFeasible(guards []Guard, args []ssa.Value) bool {
	for _, g := range guards {
		if g.Deref || g.Cmp > 0 || g.Param >= len(args) || args[g.Param] == nil {
			continue
		}
		arg := args[g.Param]
		if g.Nil {
			if isNil, decided := nilness(arg); decided && isNil != g.Value {
				return false
			}
			continue
		}
		if c, ok := arg.(*ssa.Const); ok {
			if v, isBool := boolConst(c); isBool && v != g.Value {
				return false
			}
		}
	}
	return true
}

// guardsHold reports whether a call with these arguments satisfies every
// guard for certain: each is decided by a constant argument (or by a
// value that is, or cannot be, nil) the guard's way.
func guardsHold(guards []Guard, args []ssa.Value) bool {
	for _, g := range guards {
		if g.Deref || g.Cmp > 0 || g.Param >= len(args) || args[g.Param] == nil {
			return false
		}
		arg := args[g.Param]
		if g.Nil {
			if isNil, decided := nilness(arg); !decided || isNil != g.Value {
				return false
			}
			continue
		}
		c, ok := arg.(*ssa.Const)
		if !ok {
			return false
		}
		if v, isBool := boolConst(c); !isBool || v != g.Value {
			return false
		}
	}
	return true
}

// dedupeGates merges the gates of one class (write wins) and sorts them.
func dedupeGates(gs []Gate) []Gate {
	var out []Gate
	for _, g := range gs {
		if i := slices.IndexFunc(out, func(x Gate) bool { return x.Class == g.Class }); i >= 0 {
			if g.Mode == Write {
				out[i].Mode = Write
			}
			continue
		}
		out = append(out, g)
	}
	slices.SortFunc(out, func(a, b Gate) int { return cmpClass(a.Class, b.Class) })
	return out
}

// originFunc returns the generic function fn instantiates, or fn.
func originFunc(fn *ssa.Function) *ssa.Function {
	if o := fn.Origin(); o != nil {
		return o
	}
	return fn
}
