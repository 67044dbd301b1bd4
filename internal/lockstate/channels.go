package lockstate

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// Channels and WaitGroups: mixed deadlocks.
//
// A goroutine that holds a lock while it sends, receives, waits in a
// select or in wg.Wait waits for another goroutine to complete the other
// side (a receiver, a sender or the closer, a Done). When every goroutine
// that can complete it must first take the lock the waiter holds, the two
// wait for each other: a lock-order cycle through a channel or a
// WaitGroup (lockdep's cross-release, GoBench's "mixed" deadlocks).
//
// The engine finds them in three steps, kept apart from the lock
// dataflow:
//
//   - Blocking operations made while a lock is held (this file). The
//     final sweep of the dataflow records each send, receive, select
//     without a default case and wg.Wait (direct, deferred, or in a callee
//     of the package, through the callee's summary) with the locks the
//     state holds there. A send blocks only on an unbuffered channel: a
//     buffered one is taken to have room (deliberately unsound: counting
//     the values sent on it is out of reach). close, and a select with a
//     default case, never block.
//   - The resource and every operation on it (chanflow.go). A channel or
//     WaitGroup is named by where it is made: a make(chan) or a
//     WaitGroup variable, a WaitGroup field of a struct type or a package
//     variable. Its values are followed through fields and variables of
//     the package, closures, phis and calls of the package's functions;
//     every operation met is one on the resource. When a value may reach
//     code the engine does not see (an exported field, an interface, a
//     call of another package, a function whose body was not built, a
//     result), the operations there are unknown and nothing is reported.
//   - The counterparts and the locks they must take first (changates.go):
//     for each operation that can complete the blocked one, the locks its
//     goroutine acquires on every path from the start of its function to
//     the operation, or on every path from one execution of the operation
//     to the next (a receive loop that locks after each receive), or at
//     every call of its function. The blocked operation is reported when
//     each counterpart must take a lock the waiter holds (one of the two in
//     write mode); a counterpart that can complete it without, or one the
//     engine cannot see, breaks the cycle.

// ChanOpKind is what an operation does to a channel or a WaitGroup.
type ChanOpKind uint8

const (
	ChanSend      ChanOpKind = iota + 1 // ch <- v
	ChanRecv                            // <-ch, v, ok := <-ch, for range ch
	ChanSelect                          // a select without a default case
	ChanClose                           // close(ch)
	WaitGroupWait                       // wg.Wait()
	WaitGroupDone                       // wg.Done(), wg.Add with a negative constant
	waitGroupGo                         // wg.Go(f): Done after f, not followed
)

// BlockedOp is a blocking operation made while a lock is held, whose
// every counterpart must take that lock before it can complete it.
type BlockedOp struct {
	Pos  token.Pos // the send, receive, select, Wait, or the call leading to one
	Kind ChanOpKind
	// Resource is the channel or WaitGroup as written at the operation
	// ("c.samples"); for a select, the cases' resources in order.
	Resource []string
	// Via is the call chain when the operation is in a callee, as in
	// Acquire.Via.
	Via  []string
	Held Held
	// Counterparts are the operations that can complete the blocked one,
	// each with the lock it must take first.
	Counterparts []Counterpart
}

// Counterpart is an operation of another goroutine that can complete a
// blocked one, and the lock it must take on its way there.
type Counterpart struct {
	Func     FuncName
	Kind     ChanOpKind // ChanRecv, ChanSend, ChanClose or WaitGroupDone
	Resource string     // as written at the operation
	OpPos    token.Pos
	Lock     string    // the lock as written where it is taken ("c.mu")
	LockPos  token.Pos // the acquisition (a Lock, or a call that leads to one)
	// Loop: the lock is taken between two executions of the operation
	// (in its loop), not necessarily before the first.
	Loop bool
}

// BlockedOps returns the package's mixed deadlocks, in source order.
func (r *Result) BlockedOps() []BlockedOp { return r.blocked }

// chanOp is one operation on a channel or WaitGroup, interned per package
// (pkgAnalysis.chanOp), so that the dataflow's records and the flows of
// chanflow.go name it alike.
type chanOp struct {
	kind  ChanOpKind
	fn    *ssa.Function
	instr ssa.Instruction // *ssa.Send, *ssa.UnOp, *ssa.Select, or a call (Call, Defer, Go)
	index int             // the case of a select; -1 otherwise
	value ssa.Value       // the channel, or the *sync.WaitGroup
	pos   token.Pos
}

type chanOpKey struct {
	instr ssa.Instruction
	index int
}

// chanOp interns an operation.
func (pa *pkgAnalysis) chanOp(kind ChanOpKind, instr ssa.Instruction, index int, v ssa.Value, pos token.Pos) *chanOp {
	k := chanOpKey{instr, index}
	pa.mu.Lock()
	defer pa.mu.Unlock()
	if op, ok := pa.chanOps[k]; ok {
		return op
	}
	op := &chanOp{kind: kind, fn: instr.Parent(), instr: instr, index: index, value: v, pos: pos}
	pa.chanOps[k] = op
	return op
}

// blockRec is a blocking operation made with locks held, as the final
// sweep saw it (one per position; the holdings of every state reaching
// it).
type blockRec struct {
	fn   *ssa.Function
	pos  token.Pos
	ops  []*chanOp // one, or a select's cases
	via  []string
	held []Held
	// heldObj and opObj are the objects (objectOf) of the locks held and
	// of the operations' resources, in this function's paths (0 when not
	// known, or the operation is in a callee).
	heldObj []pathID
	opObj   []pathID
}

// blockEffect is a blocking operation a function makes, for its callers
// (Summary.blocks; this package only, never in facts).
type blockEffect struct {
	ops     []*chanOp
	without []RelPath // the caller's locks released before it
	guard   []Guard
	chain   []FuncName
}

// maxBlockEffects bounds the blocking operations a summary keeps.
const maxBlockEffects = 32

// blockingOps returns the operations instr makes that can block, or nil:
// a send (on a channel that may be unbuffered), a receive, a select
// without a default case (each case), a wg.Wait.
func (fa *funcAnalysis) blockingOps(instr ssa.Instruction) (ChanOpKind, []*chanOp) {
	pa := fa.pa
	switch instr := instr.(type) {
	case *ssa.Send:
		return ChanSend, []*chanOp{pa.chanOp(ChanSend, instr, -1, instr.Chan, instr.Pos())}
	case *ssa.UnOp:
		if instr.Op == token.ARROW {
			return ChanRecv, []*chanOp{pa.chanOp(ChanRecv, instr, -1, instr.X, instr.Pos())}
		}
	case *ssa.Select:
		if !instr.Blocking || len(instr.States) == 0 {
			return 0, nil
		}
		ops := make([]*chanOp, len(instr.States))
		for i, st := range instr.States {
			k := ChanRecv
			if st.Dir == types.SendOnly {
				k = ChanSend
			}
			ops[i] = pa.chanOp(k, instr, i, st.Chan, st.Pos)
		}
		return ChanSelect, ops
	}
	return 0, nil
}

// waitGroupOp classifies a call of a sync.WaitGroup method and returns
// the WaitGroup it acts on (nil when the call is not one; kind 0 for a
// method that neither waits nor completes a Wait, such as Add(1)).
func waitGroupOp(c *ssa.CallCommon) (ChanOpKind, ssa.Value) {
	if c.IsInvoke() {
		return 0, nil
	}
	fn, ok := c.Value.(*ssa.Function)
	if !ok || len(c.Args) == 0 {
		return 0, nil
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj.Pkg() == nil || obj.Pkg().Path() != "sync" {
		return 0, nil
	}
	recv := obj.Signature().Recv()
	if recv == nil || ownerName(recv.Type()) != "WaitGroup" {
		return 0, nil
	}
	switch obj.Name() {
	case "Wait":
		return WaitGroupWait, c.Args[0]
	case "Done":
		return WaitGroupDone, c.Args[0]
	case "Go":
		return waitGroupGo, c.Args[0]
	case "Add":
		// A constant negative delta is a Done; any other is taken to add.
		if k, ok := c.Args[1].(*ssa.Const); ok && k.Value != nil && k.Int64() < 0 {
			return WaitGroupDone, c.Args[0]
		}
	}
	return 0, c.Args[0] // another method: acts on the WaitGroup, completes nothing
}

// blocking records a blocking operation (ops, one or a select's cases) at
// pos with the locks s holds, for the reports and for the summary.
// without lists the locks a callee released before the operation; chain
// the callees it is in.
func (r *recorder) blocking(s *state, pos token.Pos, ops []*chanOp, chain []FuncName, without []pathID, guardsVia []Guard) {
	fa := r.fa
	if s.hung {
		return
	}
	var rec *blockRec
	for _, h := range s.held {
		ref := fa.sites[h.site].ref
		if h.stale || slices.Contains(without, h.path) || ref.Class.Kind == ClassNone || isCounting(ref.Type) || fa.unpublished(h.path, s) {
			continue
		}
		if rec == nil {
			rec = r.blockRecAt(pos, ops, chain)
		}
		held := Held{Lock: ref, Mode: h.mode, Pos: fa.pa.callStart(fa.sites[h.site].pos)}
		if !slices.Contains(rec.held, held) {
			rec.held = append(rec.held, held)
			rec.heldObj = append(rec.heldObj, objectOf(fa, h.path))
		}
	}
	// The summary: the caller's locks released by now are not held at
	// the operation.
	if len(r.sumBlocks) >= maxBlockEffects {
		return
	}
	e := blockEffect{ops: ops, chain: chain}
	e.guard = append(r.guards(s), guardsVia...)
	slices.SortFunc(e.guard, cmpGuard)
	e.guard = slices.Compact(e.guard)
	e.without = r.callerReleased(s, without)
	for _, x := range r.sumBlocks {
		if slices.Equal(x.ops, e.ops) && slices.Equal(x.guard, e.guard) && slices.EqualFunc(x.without, e.without, RelPath.equal) {
			return
		}
	}
	r.sumBlocks = append(r.sumBlocks, e)
}

// blockRecAt returns the record of the operation at pos (the opening
// parenthesis of the call when chain is not empty).
func (r *recorder) blockRecAt(pos token.Pos, ops []*chanOp, chain []FuncName) *blockRec {
	fa := r.fa
	at := pos
	if len(chain) > 0 {
		at = fa.pa.callStart(pos)
	}
	for _, b := range r.blocks {
		if b.pos == at && slices.Equal(b.ops, ops) {
			return b
		}
	}
	b := &blockRec{fn: fa.fn, pos: at, ops: ops}
	if len(chain) > 0 {
		b.via = []string{fa.callText(pos)}
		for _, f := range chain[1:] {
			b.via = append(b.via, f.In(fa.pa.pkgPath))
		}
	} else {
		for _, op := range ops {
			b.opObj = append(b.opObj, objectOf(fa, fa.pathOf(op.value)))
		}
	}
	r.blocks = append(r.blocks, b)
	return b
}

// chanInstr records the blocking channel operation of instr, if any.
func (fa *funcAnalysis) chanInstr(instr ssa.Instruction, s *state) {
	if _, ok := instr.(*ssa.Send); ok {
		fa.noteHeldAt(instr, s)
	}
	if _, ops := fa.blockingOps(instr); len(ops) > 0 {
		pos := instr.Pos()
		if sel, ok := instr.(*ssa.Select); ok {
			pos = sel.Pos()
		}
		fa.rec.blocking(s, pos, ops, nil, nil, nil)
	}
}

// chanCall records a blocking wg.Wait made by a call (or a deferred
// call, at) and the blocking operations of a callee of the package (its
// summary's).
func (fa *funcAnalysis) chanCall(c *ssa.CallCommon, instr ssa.Instruction, s *state, at token.Pos) {
	if b, ok := c.Value.(*ssa.Builtin); ok && b.Name() == "close" {
		fa.noteHeldAt(instr, s)
	}
	if k, wg := waitGroupOp(c); k == WaitGroupWait {
		fa.rec.blocking(s, fa.pa.callStart(at), []*chanOp{fa.pa.chanOp(WaitGroupWait, instr, -1, wg, c.Pos())}, nil, nil, nil)
	}
}

// calleeBlocks records the blocking operations of a callee's summary at
// its call.
func (fa *funcAnalysis) calleeBlocks(sum *Summary, name FuncName, args []ssa.Value, nparams int, s *state, at token.Pos) {
	for _, e := range sum.blocks {
		if !fa.guardHolds(e.guard, args, s) {
			continue
		}
		var without []pathID
		for _, w := range e.without {
			without = append(without, fa.subst(w, args, nparams))
		}
		var guardsVia []Guard
		for _, g := range e.guard {
			if tg, ok := fa.translate(g, args); ok {
				guardsVia = append(guardsVia, tg)
			}
		}
		fa.rec.blocking(s, at, e.ops, append([]FuncName{name}, e.chain...), without, guardsVia)
	}
}

// scanBlocks is the summary's blocking operations of a function that
// touches no lock (no dataflow ran): every blocking operation, and the
// unguarded ones of its callees.
func (fa *funcAnalysis) scanBlocks() []blockEffect {
	var out []blockEffect
	add := func(e blockEffect) {
		if len(out) < maxBlockEffects {
			out = append(out, e)
		}
	}
	for _, b := range fa.fn.Blocks {
		for _, instr := range b.Instrs {
			if _, ops := fa.blockingOps(instr); len(ops) > 0 {
				add(blockEffect{ops: ops})
				continue
			}
			ci, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if _, isGo := instr.(*ssa.Go); isGo {
				continue
			}
			c := ci.Common()
			if k, wg := waitGroupOp(c); k == WaitGroupWait {
				add(blockEffect{ops: []*chanOp{fa.pa.chanOp(WaitGroupWait, instr, -1, wg, c.Pos())}})
				continue
			}
			callee, _ := fa.callee(c)
			if callee == nil {
				continue
			}
			sum := fa.summaryOf(callee)
			if sum == nil {
				continue
			}
			for _, e := range sum.blocks {
				if len(e.guard) == 0 && len(e.without) == 0 {
					add(blockEffect{ops: e.ops, chain: append([]FuncName{fa.pa.funcName(callee)}, e.chain...)})
				}
			}
		}
	}
	return out
}

// noteHeldAt records the lock classes held on every path at a send or a
// close (pkgAnalysis.heldAtOp; see underSameLock in chanreport.go).
func (fa *funcAnalysis) noteHeldAt(instr ssa.Instruction, s *state) {
	if s.hung {
		return
	}
	var cs []Class
	for _, h := range s.held {
		c := fa.paths.node(h.path).class
		if !h.stale && c.Kind != ClassNone && !slices.Contains(cs, c) {
			cs = append(cs, c)
		}
	}
	pa := fa.pa
	pa.mu.Lock()
	defer pa.mu.Unlock()
	if prev, ok := pa.heldAtOp[instr]; ok {
		cs = slices.DeleteFunc(prev, func(c Class) bool { return !slices.Contains(cs, c) })
	}
	pa.heldAtOp[instr] = cs
}
