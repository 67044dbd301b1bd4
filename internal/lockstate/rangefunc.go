package lockstate

import (
	"go/constant"
	"go/token"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Range-over-func loops.
//
// go/ssa compiles `for x := range seq { body }` into a call of the
// iterator, seq(yield), where yield is a synthetic closure holding the
// body. The iterator calls yield synchronously, with the caller's locks
// held. A body that leaves the loop (break, return, goto) stores a
// number in a "jump" variable and returns false; after the iterator
// returns, the caller loads the variable and branches on it to the
// code after the loop or to the return (0: the loop ran to its end).
//
// The engine follows that: at the iterator call it applies the body's
// acquisitions with the caller's locks held (a Lock in the body under a
// lock held around the loop is an order edge or a double acquire), and
// it continues with one state per way the body can end (and one for a
// body never run), each with the body's net effect on the caller's
// locks on that path (an Unlock before a return in the body) and tagged
// with the value of the jump variable, so that the caller's dispatch on
// it follows only the matching edge. The body's own exits are not
// function exits: leaks are checked on the caller's paths.

// yieldExit is one way a range-over-func body ends.
type yieldExit struct {
	jump     int64 // the value stored in the jump variable (0: the loop goes on)
	known    bool  // jump is known
	releases []Effect
	holds    []Effect
}

// isYield reports whether fn is the body of a range-over-func loop.
func isYield(fn *ssa.Function) bool {
	return fn != nil && fn.Synthetic == "range-over-func yield"
}

// yieldCall returns the body closure a call passes to an iterator, if
// any.
func yieldCall(c *ssa.CallCommon) *ssa.MakeClosure {
	for _, a := range c.Args {
		if mc, ok := a.(*ssa.MakeClosure); ok {
			if fn, ok := mc.Fn.(*ssa.Function); ok && isYield(fn) {
				return mc
			}
		}
	}
	return nil
}

// jumpVar returns the index of the body's jump variable among its free
// variables.
func jumpVar(fn *ssa.Function) int {
	for i, fv := range fn.FreeVars {
		if strings.HasPrefix(fv.Name(), "jump$") {
			return i
		}
	}
	return -1
}

// yieldExits records, for a body being analysed, how each of its
// returns ends: the jump value it stores and its effect on the caller's
// locks (released without being held, or held at the return).
func (r *recorder) yieldExits() []yieldExit {
	fa := r.fa
	jv := jumpVar(fa.fn)
	var out []yieldExit
	for _, e := range r.exits {
		ret, ok := e.instr.(*ssa.Return)
		if !ok || e.noreturn {
			continue
		}
		var x yieldExit
		if jv >= 0 {
			for _, instr := range ret.Block().Instrs {
				st, ok := instr.(*ssa.Store)
				if !ok || st.Addr != fa.fn.FreeVars[jv] {
					continue
				}
				if c, ok := st.Val.(*ssa.Const); ok && c.Value != nil && c.Value.Kind() == constant.Int {
					x.jump, x.known = c.Int64(), true
				} else {
					x.known = false
				}
			}
		}
		for _, rel := range e.state.released {
			if !rel.unheld {
				continue
			}
			if rp, ok := r.relOf(rel.path); ok {
				ref := r.unheldRefs[rel.path]
				x.releases = append(x.releases, Effect{Lock: rp, Mode: rel.mode, Type: ref.Type, Reentrant: ref.Reentrant, Class: fa.paths.node(rel.path).class})
			}
		}
		for _, h := range e.state.held {
			if h.stale || h.reacq {
				continue
			}
			if rp, ok := r.relOf(h.path); ok {
				ref := fa.sites[h.site].ref
				x.holds = append(x.holds, Effect{Lock: rp, Mode: h.mode, Type: ref.Type, Reentrant: ref.Reentrant, Class: fa.paths.node(h.path).class, pos: fa.sites[h.site].pos})
			}
		}
		if !slices.ContainsFunc(out, x.equal) {
			out = append(out, x)
		}
	}
	return out
}

func (x yieldExit) equal(y yieldExit) bool {
	eq := func(a, b []Effect) bool {
		return slices.EqualFunc(a, b, func(p, q Effect) bool { return p.Lock.equal(q.Lock) && p.Mode == q.Mode })
	}
	return x.jump == y.jump && x.known == y.known && eq(x.releases, y.releases) && eq(x.holds, y.holds)
}

// rangeFunc applies an iterator call that runs the body closure mc (see
// the comment at the top of this file) and returns the states the call
// can end in.
func (fa *funcAnalysis) rangeFunc(call *ssa.Call, mc *ssa.MakeClosure, s *state) []*state {
	body := mc.Fn.(*ssa.Function)
	callee, args := fa.callee(&ssa.CallCommon{Value: mc})
	if callee == nil {
		return []*state{s}
	}
	at := call.Pos()
	if !at.IsValid() {
		at = body.Pos() // the range clause
	}
	if fa.textAt == nil {
		fa.textAt = make(map[token.Pos]string)
	}
	fa.textAt[at] = "the body of this range-over-func loop"
	nparams := len(callee.Params)
	// The body runs with the caller's locks held.
	if sum := fa.summaryOf(body); sum != nil {
		name := fa.pa.funcName(body)
		for _, e := range sum.Acquires {
			if !fa.guardHolds(e.Guard, args, s) {
				continue
			}
			p := fa.subst(e.Lock, args, nparams)
			chain := append([]FuncName{name}, e.Chain...)
			fa.acquire(s, p, e.Mode, at, -1, fa.effectRef(p, e), chain, e.pos, nil)
		}
	}
	// The value of the jump variable, loaded after the call.
	var jumpLoad ssa.Value
	if jv := jumpVar(body); jv >= 0 && jv < len(mc.Bindings) {
		after := false
		for _, instr := range call.Block().Instrs {
			if instr == call {
				after = true
				continue
			}
			if u, ok := instr.(*ssa.UnOp); after && ok && u.Op == token.MUL && u.X == mc.Bindings[jv] {
				jumpLoad = u
				break
			}
		}
	}
	exits, ok := memoGet(fa.pa, fa.pa.yields, body)
	if !ok {
		return []*state{s} // a body that touches no lock
	}
	base := s.clone()
	out := []*state{s}
	var jumps []int64 // the values some exit sets
	for _, x := range exits {
		if x.known && !slices.Contains(jumps, x.jump) {
			jumps = append(jumps, x.jump)
		}
	}
	var jx ssa.Value
	var jp pathID
	if jumpLoad != nil {
		jx, _, jp = fa.operandKey(jumpLoad) // as the dispatch's comparisons key it
	}
	if jumpLoad != nil && !slices.ContainsFunc(exits, func(x yieldExit) bool { return !x.known }) {
		if fa.domains == nil {
			fa.domains = make(map[operandID][]string)
		}
		var dom []string
		for _, j := range append(slices.Clone(jumps), 0, -1) {
			dom = append(dom, "c:"+constant.MakeInt64(j).String())
		}
		fa.domains[operandID{jx, jp}] = dom
	}
	tagJump := func(st *state, val int64, known bool) {
		if jumpLoad == nil || !known {
			return
		}
		for _, j := range append(slices.Clone(jumps), 0, -1) {
			st.setTag(fa.kid(condKey{op: token.EQL, x: jx, xp: jp, yc: "c:" + constant.MakeInt64(j).String()}), j == val)
		}
	}
	tagJump(s, 0, true) // the body never ran, or every run went on
	text := fa.callText(at)
	for _, x := range exits {
		if x.known && x.jump == 0 && len(x.releases) == 0 && len(x.holds) == 0 {
			continue // the same as s
		}
		st := base.clone()
		for _, e := range x.releases {
			p := fa.subst(e.Lock, args, nparams)
			fa.release(st, p, e.Mode, at, nil, text, fa.effectRef(p, e))
		}
		for _, e := range x.holds {
			p := fa.subst(e.Lock, args, nparams)
			if st.find(p) == nil {
				ref := fa.effectRef(p, e)
				st.dropReleased(p)
				st.add(holding{path: p, mode: e.Mode, count: 1, site: fa.siteFor(e.pos, p, ref, false)})
			}
		}
		tagJump(st, x.jump, x.known)
		out = append(out, st)
	}
	return out
}
