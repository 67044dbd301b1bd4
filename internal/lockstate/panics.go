package lockstate

import (
	"cmp"
	"go/constant"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// Panics, and where they are recovered.
//
// A function may panic when its source has a reachable panic(...) (not
// one go/ssa inserts: those have no position and mark code that cannot
// run, after a blocking select or around range-over-func loops; nor one
// in a branch ruled out by a constant, `if invariants.Enabled`), or when
// it calls a function that may, and it does not recover. Each way it can
// panic carries the conditions on its parameters that hold there
// (PanicCond): the branches of the dominating blocks that test a boolean
// parameter or compare a parameter with nil. A caller whose arguments
// contradict every condition (a constant, nil, a freshly allocated
// value, or a condition the call's dominators or path decided, such as
// an error already checked) does not inherit the panic.
//
// A lock held across a call that can panic is a leak only if the panic
// is recovered and the program goes on (an assertion that kills the
// process kills the held lock with it). So such calls are reported only
// in functions that run under recovery: a function that defers a
// recover(), an HTTP handler (net/http recovers handler panics), or a
// function all of whose callers in the package run under recovery
// (through calls and defers, not go statements; a function also used as
// a value has callers the engine cannot see).

// PanicCond is one condition under which a function can panic: every
// guard holds. With no guard it can panic whatever its arguments.
type PanicCond struct {
	Guard []Guard
}

// maxPanicConds bounds the conditions a summary keeps; past it, the
// function may panic whatever its arguments.
const maxPanicConds = 4

// MayPanic reports whether the function can panic explicitly for some
// arguments.
func (s *Summary) MayPanic() bool { return s != nil && len(s.Panics) > 0 }

// liveBlocks returns the blocks reachable from the entry without taking
// the dead edge of a branch on a constant.
func (fa *funcAnalysis) liveBlocks() []bool {
	if fa.live != nil {
		return fa.live
	}
	live := make([]bool, len(fa.fn.Blocks))
	if len(fa.fn.Blocks) == 0 {
		fa.live = live
		return live
	}
	work := []*ssa.BasicBlock{fa.fn.Blocks[0]}
	live[0] = true
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		succs := b.Succs
		if ifi, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); ok {
			if val, known := fa.constCond(ifi.Cond); known {
				if val {
					succs = succs[:1]
				} else {
					succs = succs[1:]
				}
			}
		}
		for _, s := range succs {
			if !live[s.Index] {
				live[s.Index] = true
				work = append(work, s)
			}
		}
	}
	if b := fa.fn.Recover; b != nil {
		live[b.Index] = true
	}
	fa.live = live
	return live
}

// dominatingFacts returns the branch outcomes known at block b: for each
// dominator that branches to a block through which every path to b goes
// (its only predecessor is the branch), the condition and its value.
func (fa *funcAnalysis) dominatingFacts(b *ssa.BasicBlock) []tag {
	var out []tag
	for cur := b; cur.Idom() != nil; cur = cur.Idom() {
		p := cur.Idom()
		if len(cur.Preds) != 1 || cur.Preds[0] != p {
			continue
		}
		ifi, ok := p.Instrs[len(p.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		key, neg := fa.condKeyOf(ifi.Cond)
		out = append(out, tag{key: fa.kid(key), val: (p.Succs[0] == cur) != neg})
	}
	return out
}

// paramIndex returns the index of v among the function's parameters.
func (fa *funcAnalysis) paramIndex(v ssa.Value) (int, bool) {
	p, ok := v.(*ssa.Parameter)
	if !ok {
		return 0, false
	}
	for i, q := range fa.fn.Params {
		if q == p {
			return i, true
		}
	}
	return 0, false
}

// guardOf turns a known branch outcome into a guard on a parameter: a
// boolean parameter (or a load of one spilled to the heap) and its
// value, or a parameter compared with nil.
func (fa *funcAnalysis) guardOf(t tag) (Guard, bool) {
	k := fa.keyAt(t.key)
	switch k.op {
	case token.ILLEGAL:
		if k.path != 0 {
			n := fa.paths.node(k.path)
			deref := false
			if n.parent != 0 && n.step.kind == stepDeref {
				n, deref = fa.paths.node(n.parent), true
			}
			if n.parent != 0 {
				return Guard{}, false
			}
			switch n.root.kind {
			case rootParam:
				return Guard{Param: n.root.index, Value: t.val, Deref: deref}, true
			case rootFreeVar:
				return Guard{Param: len(fa.fn.Params) + n.root.index, Value: t.val, Deref: deref}, true
			}
			return Guard{}, false
		}
		if i, ok := fa.paramIndex(k.v); ok && isBool(k.v.Type()) {
			return Guard{Param: i, Value: t.val}, true
		}
	case token.EQL:
		if i, ok := fa.paramIndex(k.x); ok && k.xp == 0 {
			if j, ok := fa.paramIndex(k.y); ok && k.yp == 0 {
				return Guard{Param: i, Cmp: j + 1, Value: t.val}, true
			}
		}
		x := k.x
		if k.xc == "c:nil" {
			x = k.y
		} else if k.yc != "c:nil" {
			return Guard{}, false
		}
		if i, ok := fa.paramIndex(x); ok {
			return Guard{Param: i, Nil: true, Value: t.val}, true
		}
	}
	return Guard{}, false
}

// guardsOf returns the guards among known outcomes, sorted.
func (fa *funcAnalysis) guardsOf(tags []tag) []Guard {
	var out []Guard
	for _, t := range tags {
		if g, ok := fa.guardOf(t); ok && !slices.Contains(out, g) {
			out = append(out, g)
		}
	}
	slices.SortFunc(out, cmpGuard)
	return out
}

func cmpGuard(a, b Guard) int {
	if c := cmp.Compare(a.Param, b.Param); c != 0 {
		return c
	}
	if c := cmp.Compare(boolInt(a.Nil), boolInt(b.Nil)); c != 0 {
		return c
	}
	if c := cmp.Compare(boolInt(a.Deref), boolInt(b.Deref)); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Cmp, b.Cmp); c != 0 {
		return c
	}
	return cmp.Compare(boolInt(a.Value), boolInt(b.Value))
}

// knownFunc answers whether a branch condition is decided, and how.
type knownFunc func(condKey) (val, ok bool)

// knownIn decides conditions by a state's tags, then by a list of facts.
func (fa *funcAnalysis) knownIn(s *state, facts []tag) knownFunc {
	return func(k condKey) (bool, bool) {
		id := fa.kid(k)
		if s != nil {
			if v, ok := s.tag(id); ok {
				return v, true
			}
		}
		for _, t := range facts {
			if t.key == id {
				return t.val, true
			}
		}
		return false, false
	}
}

// feasible reports whether guard g of a callee can hold when the callee
// is called with args: false only when the argument decides it the
// other way (a constant, nil, a value that cannot be nil, or a
// condition known here).
func (fa *funcAnalysis) feasible(g Guard, args []ssa.Value, known knownFunc) bool {
	arg, ok := guardArg(g, args)
	if !ok {
		if val, ok := fa.knownLoad(g, args, known); ok {
			return val == g.Value
		}
		return true
	}
	if g.Cmp > 0 {
		key, decided, eq := fa.cmpKey(arg, args, g.Cmp-1)
		if decided {
			return eq == g.Value
		}
		if key == nil {
			return true
		}
		if val, ok := known(*key); ok {
			return val == g.Value
		}
		return true
	}
	if !g.Nil {
		if val, isConst, isBool := boolValue(arg); isConst {
			return !isBool || val == g.Value
		}
		key, neg := fa.condKeyOf(arg)
		if val, ok := known(key); ok {
			return (val != neg) == g.Value
		}
		return true
	}
	isNil, decided := nilness(arg)
	if !decided {
		x, xc, xp := fa.operandKey(arg)
		if val, ok := known(condKey{op: token.EQL, x: x, xc: xc, xp: xp, yc: "c:nil"}); ok {
			isNil, decided = val, true
		} else if val, ok := known(condKey{op: token.EQL, xc: "c:nil", y: x, yc: xc, yp: xp}); ok {
			isNil, decided = val, true
		}
	}
	return !decided || isNil == g.Value
}

// nilness says whether a value is nil, when its definition tells.
func nilness(v ssa.Value) (isNil, decided bool) {
	switch v := v.(type) {
	case *ssa.Const:
		return v.IsNil(), true
	case *ssa.Alloc, *ssa.MakeClosure, *ssa.MakeMap, *ssa.MakeChan, *ssa.MakeSlice,
		*ssa.MakeInterface, *ssa.Function, *ssa.Global, *ssa.FieldAddr, *ssa.IndexAddr:
		return false, true
	}
	return false, false
}

// boolValue returns the value of an argument that is a constant,
// possibly negated: s.lockIf(!held) where held is false at that point is
// a constant true once go/ssa has lifted held (it builds !false as a
// UnOp of the constant, which it does not fold).
func boolValue(v ssa.Value) (val, isConst, isBool bool) {
	neg := false
	for {
		u, ok := v.(*ssa.UnOp)
		if !ok || u.Op != token.NOT {
			break
		}
		neg, v = !neg, u.X
	}
	c, ok := v.(*ssa.Const)
	if !ok {
		return false, false, false
	}
	val, isBool = boolConst(c)
	return val != neg, true, isBool
}

func boolConst(c *ssa.Const) (val, ok bool) {
	if c.Value == nil || c.Value.Kind() != constant.Bool {
		return false, false
	}
	return constant.BoolVal(c.Value), true
}

// knownLoad returns the value a guard on a captured variable assigned
// more than once (Deref) has in known, the state's outcomes: that of the
// last load of it tested, or of the constant last stored (see store).
func (fa *funcAnalysis) knownLoad(g Guard, args []ssa.Value, known knownFunc) (val, ok bool) {
	if !g.Deref || g.Nil || g.Cmp > 0 || g.Param >= len(args) {
		return false, false
	}
	a, isAlloc := args[g.Param].(*ssa.Alloc)
	if !isAlloc {
		return false, false
	}
	q := fa.pathOf(a)
	if q <= 0 {
		return false, false
	}
	p := fa.deref(q)
	if !fa.loadKeyable(p) {
		return false, false
	}
	return known(condKey{path: p})
}

// guardArg returns the value a guard tests at a call with args: the
// argument, or for a Deref guard the value the argument's variable is
// assigned (once).
func guardArg(g Guard, args []ssa.Value) (ssa.Value, bool) {
	if g.Param >= len(args) || args[g.Param] == nil {
		return nil, false
	}
	arg := args[g.Param]
	if g.Deref {
		a, ok := arg.(*ssa.Alloc)
		if !ok {
			return nil, false
		}
		if arg = assignedOnce(a); arg == nil {
			return nil, false
		}
	}
	return arg, true
}

// cmpKey returns the condition "arg == args[j]" as a condKey, or, when
// both are constants, whether they are equal.
func (fa *funcAnalysis) cmpKey(arg ssa.Value, args []ssa.Value, j int) (key *condKey, decided, eq bool) {
	if j >= len(args) || args[j] == nil {
		return nil, false, false
	}
	other := args[j]
	a, ok1 := arg.(*ssa.Const)
	b, ok2 := other.(*ssa.Const)
	if ok1 && ok2 {
		return nil, true, constKey(a) == constKey(b)
	}
	k := condKey{op: token.EQL}
	k.x, k.xc, k.xp = fa.operandKey(arg)
	k.y, k.yc, k.yp = fa.operandKey(other)
	return &k, false, false
}

// translate expresses a callee's guard in the caller's parameters, when
// the argument is one of them (or the negation of a boolean one).
func (fa *funcAnalysis) translate(g Guard, args []ssa.Value) (Guard, bool) {
	arg, ok := guardArg(g, args)
	if !ok {
		return Guard{}, false
	}
	if g.Cmp > 0 {
		i, ok1 := fa.paramIndex(arg)
		var other ssa.Value
		if g.Cmp-1 < len(args) {
			other = args[g.Cmp-1]
		}
		j, ok2 := fa.paramIndex(other)
		if ok1 && ok2 && !g.Deref {
			return Guard{Param: i, Cmp: j + 1, Value: g.Value}, true
		}
		return Guard{}, false
	}
	if i, ok := fa.paramIndex(arg); ok {
		return Guard{Param: i, Nil: g.Nil, Value: g.Value}, true
	}
	if u, ok := arg.(*ssa.UnOp); ok && u.Op == token.MUL && !g.Nil {
		// A load of a captured variable: *fv in a closure, or a
		// spilled parameter.
		if fv, ok := u.X.(*ssa.FreeVar); ok {
			for i, f := range fa.fn.FreeVars {
				if f == fv {
					return Guard{Param: len(fa.fn.Params) + i, Value: g.Value, Deref: true}, true
				}
			}
		}
	}
	if u, ok := arg.(*ssa.UnOp); ok && u.Op == token.NOT && !g.Nil {
		if i, ok := fa.paramIndex(u.X); ok {
			return Guard{Param: i, Value: !g.Value}, true
		}
	}
	return Guard{}, false
}

// calleePanics returns the conditions under which a call of callee with
// args, at a point where known decides some conditions, panics, in the
// caller's parameters (the caller's own facts there, from, are added).
func (fa *funcAnalysis) calleePanics(callee *ssa.Function, args []ssa.Value, known knownFunc, here []Guard) []PanicCond {
	sum := fa.summaryOf(callee)
	if !sum.MayPanic() {
		return nil
	}
	var out []PanicCond
	for _, pc := range sum.Panics {
		ok := true
		guard := slices.Clone(here)
		for _, g := range pc.Guard {
			if !fa.feasible(g, args, known) {
				ok = false
				break
			}
			if tg, ok := fa.translate(g, args); ok {
				guard = append(guard, tg)
			}
		}
		if ok {
			out = append(out, PanicCond{Guard: guard})
		}
	}
	return out
}

// panicConds computes how the function can panic (see PanicCond).
func (fa *funcAnalysis) panicConds() []PanicCond {
	if fa.pa.std || fa.recoversAny() {
		return nil
	}
	var out []PanicCond
	live := fa.liveBlocks()
	for _, b := range fa.fn.Blocks {
		if !live[b.Index] {
			continue
		}
		var facts []tag
		var here []Guard
		factsDone := false
		need := func() {
			if !factsDone {
				facts = fa.dominatingFacts(b)
				here = fa.guardsOf(facts)
				factsDone = true
			}
		}
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.Panic:
				if !instr.Pos().IsValid() || fa.isNoReturn(b, instr) {
					continue
				}
				need()
				out = append(out, PanicCond{Guard: slices.Clone(here)})
			case *ssa.Call, *ssa.Defer:
				c := instr.(ssa.CallInstruction).Common()
				callee, args := fa.callee(c)
				if callee == nil || !fa.summaryOf(callee).MayPanic() {
					continue
				}
				need()
				out = append(out, fa.calleePanics(callee, args, fa.knownIn(nil, facts), here)...)
			}
		}
	}
	return normPanics(out)
}

// normPanics sorts and deduplicates panic conditions, drops those that
// contradict themselves, and applies the budget.
func normPanics(list []PanicCond) []PanicCond {
	var out []PanicCond
	for _, pc := range list {
		g := slices.Clone(pc.Guard)
		slices.SortFunc(g, cmpGuard)
		g = slices.Compact(g)
		contradicts := false
		for i := 1; i < len(g); i++ {
			if g[i].Param == g[i-1].Param && g[i].Nil == g[i-1].Nil && g[i].Deref == g[i-1].Deref && g[i].Cmp == g[i-1].Cmp {
				contradicts = true // same test, both values
			}
		}
		if contradicts {
			continue
		}
		if len(g) == 0 {
			return []PanicCond{{}}
		}
		if !slices.ContainsFunc(out, func(x PanicCond) bool { return slices.Equal(x.Guard, g) }) {
			out = append(out, PanicCond{Guard: g})
		}
	}
	if len(out) > maxPanicConds {
		return []PanicCond{{}}
	}
	slices.SortFunc(out, func(a, b PanicCond) int { return slices.CompareFunc(a.Guard, b.Guard, cmpGuard) })
	return out
}

// underRecovery reports whether the function runs under recovery.
func (fa *funcAnalysis) underRecovery() bool {
	fn := fa.fn
	if o := fn.Origin(); o != nil {
		fn = o
	}
	return fa.pa.recovered[fn]
}

// recoversAny reports whether the function defers a call that recovers.
func (fa *funcAnalysis) recoversAny() bool {
	for _, b := range fa.fn.Blocks {
		for _, instr := range b.Instrs {
			if d, ok := instr.(*ssa.Defer); ok && recoversIn(&d.Call) {
				return true
			}
		}
	}
	return false
}

// recoversIn reports whether a deferred call recovers panics.
//
// A handler that panics again with the recovered value unless it is one
// particular value (`if x != errExiting { panic(x) }`: goleveldb's
// compaction loops) recovers only the package's own control-flow panic
// with that value; the assertions that make a function "may panic" go
// on up. It does not count.
func recoversIn(c *ssa.CallCommon) bool {
	fn := c.StaticCallee()
	if fn == nil {
		if mc, ok := c.Value.(*ssa.MakeClosure); ok {
			fn, _ = mc.Fn.(*ssa.Function)
		}
	}
	if fn == nil {
		return false
	}
	recovers := false
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if call, ok := instr.(*ssa.Call); ok {
				if bi, ok := call.Call.Value.(*ssa.Builtin); ok && bi.Name() == "recover" {
					if repanicsAllBut(fn, call) {
						return false
					}
					recovers = true
				}
			}
		}
	}
	return recovers
}

// repanicsAllBut reports whether the handler fn panics again with the
// value rec recovered whenever it differs from one other (non-nil)
// value: a panic(rec) reached only through the "differs" side of a
// comparison of rec with it.
func repanicsAllBut(fn *ssa.Function, rec *ssa.Call) bool {
	derived := func(v ssa.Value) bool { return convertedFrom(v, rec, false) }
	for _, b := range fn.Blocks {
		p, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Panic)
		if !ok || !derived(p.X) {
			continue
		}
		for d := b.Idom(); d != nil; d = d.Idom() {
			ifi, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If)
			if !ok {
				continue
			}
			cond, ok := ifi.Cond.(*ssa.BinOp)
			if !ok || (cond.Op != token.NEQ && cond.Op != token.EQL) {
				continue
			}
			other := cond.Y
			if !derived(cond.X) {
				if !derived(cond.Y) {
					continue
				}
				other = cond.X
			}
			if k, ok := other.(*ssa.Const); ok && k.Value == nil {
				continue // rec != nil: the handler's own test
			}
			differs := d.Succs[0]
			if cond.Op == token.EQL {
				differs = d.Succs[1]
			}
			if len(differs.Preds) == 1 && differs.Dominates(b) {
				return true
			}
		}
	}
	return false
}

// isHandler reports whether fn has the signature of an HTTP handler,
// func(http.ResponseWriter, *http.Request): net/http recovers its
// panics and goes on serving.
func isHandler(fn *ssa.Function) bool {
	sig := fn.Signature
	if sig.Results().Len() != 0 || sig.Params().Len() != 2 {
		return false
	}
	isNamed := func(t types.Type, name string) bool {
		n, ok := types.Unalias(t).(*types.Named)
		return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "net/http" && n.Obj().Name() == name
	}
	p, ok := types.Unalias(sig.Params().At(1).Type()).(*types.Pointer)
	return isNamed(sig.Params().At(0).Type(), "ResponseWriter") && ok && isNamed(p.Elem(), "Request")
}

// recoveredFuncs finds the functions of the package that run under
// recovery (see the comment at the top of this file).
func recoveredFuncs(funcs []*ssa.Function) map[*ssa.Function]bool {
	callers := make(map[*ssa.Function][]*ssa.Function)
	unknown := make(map[*ssa.Function]bool) // used as a value, or started by a go statement
	rec := make(map[*ssa.Function]bool)
	calleeOf := func(c *ssa.CallCommon) *ssa.Function {
		switch v := c.Value.(type) {
		case *ssa.Function:
			return originFunc(v)
		case *ssa.MakeClosure:
			if fn, ok := v.Fn.(*ssa.Function); ok {
				return originFunc(fn)
			}
		}
		return nil
	}
	for _, fn := range funcs {
		if isHandler(fn) {
			rec[fn] = true
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch instr := instr.(type) {
				case *ssa.Defer:
					if recoversIn(&instr.Call) {
						rec[fn] = true
					}
					if callee := calleeOf(&instr.Call); callee != nil {
						callers[callee] = append(callers[callee], fn)
					}
				case *ssa.Call:
					if callee := calleeOf(&instr.Call); callee != nil {
						callers[callee] = append(callers[callee], fn)
					}
				case *ssa.Go:
					if callee := calleeOf(&instr.Call); callee != nil {
						unknown[callee] = true
					}
				}
				// A function used other than by being called.
				var call *ssa.CallCommon
				if ci, ok := instr.(ssa.CallInstruction); ok {
					call = ci.Common()
				}
				mc, _ := instr.(*ssa.MakeClosure)
				for _, op := range instr.Operands(nil) {
					if op == nil || *op == nil {
						continue
					}
					if (call != nil && *op == call.Value) || (mc != nil && op == &mc.Fn) {
						continue
					}
					switch v := (*op).(type) {
					case *ssa.Function:
						unknown[originFunc(v)] = true
					case *ssa.MakeClosure:
						if fn, ok := v.Fn.(*ssa.Function); ok {
							unknown[originFunc(fn)] = true
						}
					}
				}
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for _, fn := range funcs {
			if rec[fn] || unknown[fn] || len(callers[fn]) == 0 {
				continue
			}
			all := true
			for _, c := range callers[fn] {
				if !rec[originFunc(c)] {
					all = false
					break
				}
			}
			if all {
				rec[fn], changed = true, true
			}
		}
	}
	return rec
}

// Conditions a function ensures when it returns.
//
// A helper that does not return when its argument is wrong (a test's
// require_NoError(t, err) calls t.Fatalf when err != nil; must(err)
// panics) tells its caller something when it does return: err == nil.
// Summary.Ensures lists such guards: a branch on a parameter whose one
// edge can no longer reach a return (it panics, or calls a function that
// never returns), while the other dominates every return; and the
// ensured guards of a callee on every path to a return, in this
// function's terms. A caller that has just decided the opposite (it is
// in the `if err != nil` branch) knows the call does not return.

// noReturnMethods are interface methods that never return (the concrete
// ones are known from ctrlflow's facts, through go/ssa).
var noReturnMethods = map[methodKey]bool{
	{"testing", "TB", "Fatal"}:   true,
	{"testing", "TB", "Fatalf"}:  true,
	{"testing", "TB", "FailNow"}: true,
	{"testing", "TB", "Skip"}:    true,
	{"testing", "TB", "Skipf"}:   true,
	{"testing", "TB", "SkipNow"}: true,
}

// noReturnCall reports whether a call never returns because it invokes
// an interface method of noReturnMethods.
func noReturnCall(c *ssa.CallCommon) bool {
	if !c.IsInvoke() || c.Method == nil || c.Method.Pkg() == nil {
		return false
	}
	return noReturnMethods[methodKey{pkg: c.Method.Pkg().Path(), typ: ownerName(c.Value.Type()), method: c.Method.Name()}]
}

// ensures computes Summary.Ensures (see above).
func (fa *funcAnalysis) ensures() []Guard {
	blocks := fa.fn.Blocks
	if len(blocks) == 0 {
		return nil
	}
	deadEnd := make([]bool, len(blocks))
	var rets []*ssa.BasicBlock
	for _, b := range blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.Panic:
				deadEnd[b.Index] = true
			case *ssa.Call:
				if noReturnCall(&instr.Call) {
					deadEnd[b.Index] = true
				}
			case *ssa.Return:
				rets = append(rets, b)
			}
		}
	}
	// canReturn: a return is reachable without a dead end.
	canReturn := make([]bool, len(blocks))
	work := []*ssa.BasicBlock{}
	for _, r := range rets {
		if !deadEnd[r.Index] {
			canReturn[r.Index] = true
			work = append(work, r)
		}
	}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		for _, p := range b.Preds {
			if !canReturn[p.Index] && !deadEnd[p.Index] {
				canReturn[p.Index] = true
				work = append(work, p)
			}
		}
	}
	var live []*ssa.BasicBlock // the returns that can be reached
	for _, r := range rets {
		if canReturn[r.Index] {
			live = append(live, r)
		}
	}
	if len(live) == 0 {
		return nil
	}
	dominatesAll := func(b *ssa.BasicBlock) bool {
		for _, r := range live {
			if !b.Dominates(r) {
				return false
			}
		}
		return true
	}
	var out []Guard
	for _, b := range blocks {
		if !canReturn[b.Index] {
			continue
		}
		last := b.Instrs[len(b.Instrs)-1]
		if ifi, ok := last.(*ssa.If); ok {
			for i := range 2 {
				exit, okSucc := b.Succs[i], b.Succs[1-i]
				if canReturn[exit.Index] || !dominatesAll(okSucc) {
					continue
				}
				// Every other way into okSucc is a dead end (the jump
				// go/ssa leaves after a t.Fatal through an interface).
				other := false
				for _, p := range okSucc.Preds {
					if p != b && canReturn[p.Index] {
						other = true
					}
				}
				if other {
					continue
				}
				key, neg := fa.condKeyOf(ifi.Cond)
				if g, ok := fa.guardOf(tag{key: fa.kid(key), val: (i == 1) != neg}); ok && !g.Deref {
					out = append(out, g)
				}
			}
		}
		if !dominatesAll(b) {
			continue
		}
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			callee, args := fa.callee(&call.Call)
			if callee == nil {
				continue
			}
			for _, g := range fa.summaryOf(callee).ensured() {
				if tg, ok := fa.translate(g, args); ok {
					out = append(out, tg)
				}
			}
		}
	}
	slices.SortFunc(out, cmpGuard)
	return slices.Compact(out)
}

func (s *Summary) ensured() []Guard {
	if s == nil {
		return nil
	}
	return s.Ensures
}

// assumeGuard assumes in s that guard g of a callee called with args has
// value val (the guard's test, on the argument); it reports false when s
// contradicts that.
func (fa *funcAnalysis) assumeGuard(s *state, g Guard, args []ssa.Value, val bool) bool {
	g.Value = val
	probe := &Summary{Ensures: []Guard{g}}
	dead := s.dead
	s.dead = false
	fa.applyEnsures(probe, args, s)
	ok := !s.dead
	s.dead = dead
	return ok
}

// applyEnsures adds to s what a callee ensures about its arguments when
// it returns; a path that contradicts it is dead (the callee did not
// return there).
func (fa *funcAnalysis) applyEnsures(sum *Summary, args []ssa.Value, s *state) {
	for _, g := range sum.Ensures {
		arg, ok := guardArg(g, args)
		if !ok {
			continue
		}
		var key condKey
		val := g.Value
		if g.Cmp > 0 {
			k, decided, eq := fa.cmpKey(arg, args, g.Cmp-1)
			switch {
			case decided && eq != g.Value:
				s.dead = true
			case k != nil && !s.assume(fa.kid(*k), g.Value):
				s.dead = true
			}
			continue
		}
		if isNil, decided := nilness(arg); g.Nil && decided {
			// A constant, or a value that cannot be nil (an interface
			// made from a typed pointer is never nil).
			if isNil != g.Value {
				s.dead = true
			}
			continue
		}
		if g.Nil {
			x, xc, xp := fa.operandKey(arg)
			if xc != "" {
				// A constant: nil or not is known already.
				if (xc == "c:nil") != g.Value {
					s.dead = true
				}
				continue
			}
			key = condKey{op: token.EQL, x: x, xp: xp, yc: "c:nil"}
		} else {
			if c, ok := arg.(*ssa.Const); ok {
				if v, isBool := boolConst(c); isBool && v != g.Value {
					s.dead = true
				}
				continue
			}
			var neg bool
			key, neg = fa.condKeyOf(arg)
			val = g.Value != neg
		}
		if !s.assume(fa.kid(key), val) {
			s.dead = true
		}
	}
}

// convertedFrom reports whether v is root, or root converted to or
// between interface types (with tuples, also an element of a tuple root:
// txn, err := s.Write()).
func convertedFrom(v, root ssa.Value, tuples bool) bool {
	for range 8 {
		if v == root {
			return true
		}
		switch x := v.(type) {
		case *ssa.Extract:
			if !tuples {
				return false
			}
			v = x.Tuple
		case *ssa.ChangeInterface:
			v = x.X
		case *ssa.MakeInterface:
			v = x.X
		default:
			return false
		}
	}
	return false
}
