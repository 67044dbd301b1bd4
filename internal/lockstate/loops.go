package lockstate

import (
	"go/token"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// Whether a Cond.Wait is re-checked: the loops of the CFG around it, and
// whether their exit conditions read state that can change while waiting.

// inPredicateLoop reports whether block b is in a loop that can exit on
// a condition read from memory inside the loop: the strongly connected
// component around b, or a loop nested in it (a predicate loop inside a
// worker's endless for {}, whose exit stays inside the outer loop).
func inPredicateLoop(b *ssa.BasicBlock) bool {
	scc := loopOf(b)
	if predicateExit(scc) {
		return true
	}
	for t := range scc {
		for _, h := range t.Succs {
			if !scc[h] || !h.Dominates(t) {
				continue // not a back edge
			}
			if body := naturalLoop(h, t); body[b] && len(body) < len(scc) && predicateExit(body) {
				return true
			}
		}
	}
	return false
}

// predicateExit reports whether some block of loop ends in an if on a
// condition read from memory with a successor outside the loop.
func predicateExit(loop map[*ssa.BasicBlock]bool) bool {
	for blk := range loop {
		ifi, ok := blk.Instrs[len(blk.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		exits := !loop[blk.Succs[0]] || !loop[blk.Succs[1]]
		if exits && readsMemory(ifi.Cond, make(map[ssa.Value]bool)) {
			return true
		}
	}
	return false
}

// naturalLoop returns the body of the loop of back edge t -> h: h and the
// blocks that reach t without going through h.
func naturalLoop(h, t *ssa.BasicBlock) map[*ssa.BasicBlock]bool {
	return walk(map[*ssa.BasicBlock]bool{h: true}, []*ssa.BasicBlock{t}, func(x *ssa.BasicBlock) []*ssa.BasicBlock { return x.Preds })
}

// accumulates reports whether the read lock taken at instr (on path p)
// is taken over and over by a loop that does not release it: the loop's
// blocks hold no release of p, by an unlock or by a call of a release
// helper (a callee whose summary releases p, in this function's terms).
// The count is then unknown from the first RLock on (see manyReads); the
// releases may come in another loop.
func (fa *funcAnalysis) accumulates(instr ssa.Instruction, p pathID) bool {
	if v, ok := fa.accum[instr]; ok {
		return v
	}
	loop := loopOf(instr.Block())
	acc := len(loop) > 0
	for b := range loop {
		for _, x := range b.Instrs {
			c, ok := x.(ssa.CallInstruction)
			if ok && fa.callReleases(c.Common(), p) {
				acc = false
			}
		}
	}
	if fa.accum == nil {
		fa.accum = make(map[ssa.Instruction]bool)
	}
	fa.accum[instr] = acc
	return acc
}

// callReleases reports whether call c releases p: an unlock of p, or a
// call of a function whose summary releases p (under any guard).
func (fa *funcAnalysis) callReleases(c *ssa.CallCommon, p pathID) bool {
	return fa.releasesAt(c, p, false)
}

// releasesAt is callReleases; with sure, a release helper counts only
// when its guards hold for this call's arguments (unlockIf(true), not
// unlockIf(s.strict)): a call that may leave p held does not mark the
// point after which p's holding is one from before.
func (fa *funcAnalysis) releasesAt(c *ssa.CallCommon, p pathID, sure bool) bool {
	if prim, recv := classify(c); prim.op == opRelease && recv != nil {
		q, _ := fa.lockOf(recv, prim.mode)
		return q == p
	}
	callee, args := fa.callee(c)
	if callee == nil {
		return false
	}
	sum := fa.summaryOf(callee)
	if sum == nil {
		return false
	}
	for _, e := range sum.Releases {
		if fa.subst(e.Lock, args, len(callee.Params)) == p && (!sure || guardsHold(e.Guard, args)) {
			return true
		}
	}
	return false
}

// loopOf returns the blocks on a cycle through b (b's strongly connected
// component), or an empty set.
func loopOf(b *ssa.BasicBlock) map[*ssa.BasicBlock]bool {
	fwd := reach(b, func(x *ssa.BasicBlock) []*ssa.BasicBlock { return x.Succs })
	back := reach(b, func(x *ssa.BasicBlock) []*ssa.BasicBlock { return x.Preds })
	out := make(map[*ssa.BasicBlock]bool)
	if !fwd[b] {
		return out // b reaches itself only through a cycle
	}
	for x := range fwd {
		if back[x] {
			out[x] = true
		}
	}
	return out
}

// reach returns the blocks reachable from b in one or more steps.
func reach(b *ssa.BasicBlock, next func(*ssa.BasicBlock) []*ssa.BasicBlock) map[*ssa.BasicBlock]bool {
	return walk(make(map[*ssa.BasicBlock]bool), slices.Clone(next(b)), next)
}

// walk adds to seen the blocks of work and those reachable from them by
// next, without going through a block already in seen, and returns it.
func walk(seen map[*ssa.BasicBlock]bool, work []*ssa.BasicBlock, next func(*ssa.BasicBlock) []*ssa.BasicBlock) map[*ssa.BasicBlock]bool {
	for len(work) > 0 {
		x := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[x] {
			continue
		}
		seen[x] = true
		work = append(work, next(x)...)
	}
	return seen
}

// readsMemory reports whether v is computed from a load or a call (a
// state that can change while the goroutine waits), not only from
// constants, parameters and loop counters. A phi reads memory when one of
// its incoming values does: `for !done { c.Wait(); done = s.done }`
// re-checks through a local reloaded after each Wait.
func readsMemory(v ssa.Value, seen map[ssa.Value]bool) bool {
	if seen[v] || len(seen) > 64 {
		return false
	}
	seen[v] = true
	switch v := v.(type) {
	case *ssa.UnOp:
		if v.Op == token.MUL || v.Op == token.ARROW {
			return true
		}
		return readsMemory(v.X, seen)
	case *ssa.BinOp:
		return readsMemory(v.X, seen) || readsMemory(v.Y, seen)
	case *ssa.Call:
		if b, ok := v.Call.Value.(*ssa.Builtin); ok {
			for _, a := range v.Call.Args {
				if readsMemory(a, seen) {
					return true
				}
			}
			return b.Name() == "recover"
		}
		return true
	case *ssa.Phi:
		for _, e := range v.Edges {
			if readsMemory(e, seen) {
				return true
			}
		}
		return false
	case *ssa.Lookup:
		return true
	case *ssa.Field:
		return readsMemory(v.X, seen)
	case *ssa.Index:
		return readsMemory(v.X, seen) || readsMemory(v.Index, seen)
	case *ssa.Extract:
		return readsMemory(v.Tuple, seen)
	case *ssa.Convert:
		return readsMemory(v.X, seen)
	case *ssa.ChangeType:
		return readsMemory(v.X, seen)
	case *ssa.MakeInterface:
		return readsMemory(v.X, seen)
	case *ssa.TypeAssert:
		return readsMemory(v.X, seen)
	case *ssa.Slice:
		return readsMemory(v.X, seen)
	}
	return false
}
