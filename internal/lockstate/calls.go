package lockstate

import (
	"go/token"
	"go/types"
	"slices"

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
// A function's calls are all known when it is not exported, is not an
// unexported method of a type the package converts to an interface that
// some interface of the package could call it through (an unexported
// method is only in the method sets of the package's own interfaces),
// and is never used other than by being called (taken as a value,
// started by a go statement); a closure's, when it is only called in
// place or handed to a function of syncCallees, which runs it before
// returning.

// callRec is a call of an in-package function with the locks held on
// every path to it.
type callRec struct {
	caller *ssa.Function
	block  *ssa.BasicBlock
	held   []Gate
}

type callKey struct {
	callee *ssa.Function
	pos    token.Pos
}

// syncCallees lists the functions that call a function argument before
// they return, with the caller's locks held, and the argument's index
// (the receiver of a method is argument 0).
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
	fn := c.StaticCallee()
	if fn == nil {
		return nil
	}
	if o := fn.Origin(); o != nil {
		fn = o
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj.Pkg() == nil {
		return nil
	}
	key := methodKey{pkg: obj.Pkg().Path(), method: obj.Name()}
	if recv := obj.Signature().Recv(); recv != nil {
		key.typ = ownerName(recv.Type())
	}
	i, ok := syncCallees[key]
	if !ok || i >= len(c.Args) {
		return nil
	}
	return c.Args[i]
}

// recordCall notes an in-package call of callee with the locks s holds.
func (r *recorder) recordCall(callee *ssa.Function, lparen token.Pos, block *ssa.BasicBlock, s *state) {
	fa := r.fa
	if o := callee.Origin(); o != nil {
		callee = o
	}
	if callee.Pkg == nil || callee.Pkg.Pkg != fa.pa.pass.Pkg {
		return
	}
	var held []Gate
	for _, h := range s.held {
		c := fa.paths.node(h.path).class
		if c.Kind == ClassNone || h.stale || isCounting(fa.sites[h.site].ref.Type) {
			continue
		}
		if i := slices.IndexFunc(held, func(g Gate) bool { return g.Class == c }); i >= 0 {
			if h.mode == Write {
				held[i].Mode = Write
			}
			continue
		}
		held = append(held, Gate{Class: c, Mode: h.mode})
	}
	k := callKey{callee, lparen}
	if i, ok := r.callIndex[k]; ok {
		// Another state reaching the same call: keep what all hold.
		prev := &fa.pa.callsTo[callee][i]
		prev.held = IntersectGates(prev.held, held)
		return
	}
	r.callIndex[k] = len(fa.pa.callsTo[callee])
	fa.pa.callsTo[callee] = append(fa.pa.callsTo[callee], callRec{caller: fa.fn, block: block, held: held})
}

// recordSyncArg notes a closure or function of the package handed to a
// function that runs it synchronously, as a call of it here.
func (r *recorder) recordSyncArg(c *ssa.CallCommon, instr ssa.Instruction, s *state) {
	arg := syncCalleeArg(c)
	var fn *ssa.Function
	switch v := arg.(type) {
	case *ssa.MakeClosure:
		fn, _ = v.Fn.(*ssa.Function)
	case *ssa.Function:
		fn = v
	}
	if fn != nil {
		r.recordCall(fn, c.Pos(), instr.Block(), s)
	}
}

// recordLockFreeCalls notes the in-package calls of a function that
// touches no lock (so it was given no dataflow): they hold nothing.
func (fa *funcAnalysis) recordLockFreeCalls() {
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
					fa.pa.callsTo[callee] = append(fa.pa.callsTo[callee], callRec{caller: fa.fn, block: b})
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
func knownCallers(funcs []*ssa.Function, ifaceMethods map[string]bool) map[*ssa.Function]bool {
	unknown := make(map[*ssa.Function]bool)
	boxed := make(map[types.Type]bool) // types converted to an interface
	origin := func(fn *ssa.Function) *ssa.Function {
		if o := fn.Origin(); o != nil {
			return o
		}
		return fn
	}
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
						unknown[origin(f)] = true
					}
					if mc, ok := g.Call.Value.(*ssa.MakeClosure); ok {
						if f, ok := mc.Fn.(*ssa.Function); ok {
							unknown[origin(f)] = true
						}
					}
				}
				var call *ssa.CallCommon
				if ci, ok := instr.(ssa.CallInstruction); ok {
					call = ci.Common()
				}
				var syncArg ssa.Value
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
					switch v := (*op).(type) {
					case *ssa.Function:
						unknown[origin(v)] = true
					case *ssa.MakeClosure:
						if f, ok := v.Fn.(*ssa.Function); ok {
							unknown[origin(f)] = true
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
	names := make(map[string]bool)
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
func (pa *pkgAnalysis) callContexts(funcs []*ssa.Function) map[*ssa.Function][]Gate {
	known := knownCallers(funcs, pa.interfaceMethods())
	ctx := make(map[*ssa.Function][]Gate)
	top := make(map[*ssa.Function]bool) // not yet constrained
	for fn := range known {
		if len(pa.callsTo[fn]) > 0 {
			top[fn] = true
		}
	}
	for round := 0; round < 8; round++ {
		changed := false
		for _, fn := range funcs {
			if !known[fn] || len(pa.callsTo[fn]) == 0 {
				continue
			}
			var cur []Gate
			first := true
			for _, c := range pa.callsTo[fn] {
				caller := c.caller
				if o := caller.Origin(); o != nil {
					caller = o
				}
				if top[caller] {
					continue // its context is still open: no constraint yet
				}
				here := append(slices.Clone(c.held), ctx[caller]...)
				if first {
					cur, first = dedupeGates(here), false
				} else {
					cur = IntersectGates(cur, dedupeGates(here))
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
