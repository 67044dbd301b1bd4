package lockstate

import (
	"fmt"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// Applying, in a function's dataflow, what its calls reach besides their
// static callees (resolve.go): each candidate is put in the function's
// terms (its receiver's path, its arguments, a closure's bindings), its
// acquisitions are translated once per call site, and at each visit the
// acquisitions all candidates agree on are applied at the call, under
// the locks a callee holds around a callback. A call of one of the
// function's own function-typed parameters, directly or through a callee
// that calls it, is recorded for its Summary.Calls (recorder.paramCall).

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
	t := target{sum: pa.candSummary(fa.fn, cd)}
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
		if sum := fa.summaryOf(callee); sum != nil && len(sum.Calls) > 0 {
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
