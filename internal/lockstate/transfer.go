package lockstate

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// deferCtx is set when a call runs from a defer: the position reported
// for it is the defer statement's.
type deferCtx struct {
	d *ssa.Defer
}

// call applies one call (made directly, or deferred and now run) to s.
func (fa *funcAnalysis) call(c *ssa.CallCommon, instr ssa.Instruction, s *state, dc *deferCtx) {
	pos := c.Pos()
	at := pos
	if dc != nil {
		at = dc.d.Pos()
	}
	prim, recv := classify(c)
	callee, args := fa.callee(c)
	if prim.op == opNone && callee != nil && isBoundWrapper(callee) {
		// A method value of a lock (`f := mu.Unlock; f()`).
		if obj, ok := callee.Object().(*types.Func); ok {
			if p, ok := primitiveOf(obj); ok && len(args) > 0 {
				prim, recv = p, args[0]
			}
		}
	}
	if prim.op == opNone && fa.rec != nil {
		fa.chanCall(c, instr, s, at)
	}
	switch prim.op {
	case opAcquire:
		p, mode := fa.lockOf(recv, prim.mode)
		ref := fa.ref(p, prim, pos)
		if p != fa.pathOf(recv) {
			// Through another name (t.rl for t.mu.RLocker(), c.L): the
			// lock is named as it is declared.
			ref.Name = fa.render(p)
		}
		site := fa.siteFor(at, p, ref, false)
		fa.acquire(s, p, mode, at, site, ref, nil, token.NoPos, nil)
		if mode == Read && dc == nil && fa.accumulates(instr, p) {
			if h := s.find(p); h != nil && h.site == site {
				h.count = manyReads
			}
		}
		return
	case opTryAcquire, opTryAcquireErr:
		if v, ok := instr.(*ssa.Call); ok && dc == nil {
			p, mode := fa.lockOf(recv, prim.mode)
			t := tryLock{onNil: prim.op == opTryAcquireErr, path: p, mode: mode, pos: pos, ref: fa.ref(p, prim, pos)}
			fa.tries[v] = t
			if !t.onNil {
				fa.tryAcquire(v, t, s)
			}
		}
		return
	case opRelease:
		p, mode := fa.lockOf(recv, prim.mode)
		fa.release(s, p, mode, at, dc, "", fa.ref(p, prim, pos))
		return
	case opCondWait, opCondWaitFor, opCondSignal, opCondBroadcast:
		if fa.rec != nil && recv != nil && dc == nil {
			fa.rec.condOp(prim.op, recv, s, instr.Block(), pos)
			if prim.op == opCondSignal || prim.op == opCondBroadcast {
				fa.rec.signals(fa.pathOf(recv))
			}
		}
		return
	case opNewCond, opRLocker:
		return
	}
	if fa.rec != nil && dc == nil {
		fa.rec.recordSyncArg(c, instr, s)
		if i := fa.funcParamIndex(c.Value); i >= 0 {
			fa.rec.paramCall(i, pos, s) // for Summary.Calls
		}
	}
	if fa.rec != nil && len(s.held) > 0 && (callee == nil && !isBuiltin(c) || passesFunc(c)) {
		fa.rec.unknownCallUnder(s) // see leaf.go
	}
	if dc == nil {
		fa.handCallbacks(c, s)
	}
	// A call of a function value returned by a "begin" helper.
	if effs, ok := fa.releasers[c.Value]; ok {
		for _, e := range effs {
			fa.release(s, e.path, e.eff.Mode, at, dc, fa.callText(pos), fa.effectRef(e.path, e.eff))
		}
		return
	}
	if callee == nil {
		// An interface method or a function value: the acquisitions
		// its possible callees agree on (resolve.go), and the end of a
		// holding on a handle an acquire helper returned with a lock.
		fa.applyReach(c, nil, nil, s, at, dc)
		fa.releaseByHandle(c, s)
		return
	}
	sum := fa.summaryOf(callee)
	if sum == nil {
		fa.applyReach(c, callee, args, s, at, dc) // sort.Slice's less, fmt's String
		return
	}
	text := fa.callText(pos)
	name := fa.pa.funcName(callee)
	nparams := len(callee.Params)
	fa.nameArgs(c, pos)
	if fa.rec != nil {
		fa.rec.recordCall(callee, pos, instr.Block(), s, args)
		for _, e := range sum.Signals {
			fa.rec.signals(fa.subst(e.Lock, args, nparams))
		}
		fa.calleeBlocks(sum, name, args, nparams, s, at)
	}
	ce := fa.callEffectsOf(c, sum, name, args, nparams)
	if dc == nil && fa.forkBlockingGuard(c, instr, ce, args, s) {
		return
	}
	// A callee that locks again a lock held here blocks for ever there;
	// what else it would take (in an order the summary does not keep)
	// is not known to happen, so only that acquisition is applied.
	blocked := false
	for i := range ce.acquires {
		te := &ce.acquires[i]
		if fa.guardHolds(te.e.Guard, args, s) && fa.blocksForever(s, te.path, te.e.Mode, te.ref, te.without) {
			blocked = true
		}
	}
	for i := range ce.acquires {
		te := &ce.acquires[i]
		if !fa.guardHolds(te.e.Guard, args, s) || (blocked && !fa.blocksForever(s, te.path, te.e.Mode, te.ref, te.without)) {
			continue
		}
		fa.guardsVia = append(fa.guardsVia[:0], te.guardsVia...)
		fa.acquire(s, te.path, te.e.Mode, at, -1, te.ref, te.chain, te.e.pos, te.without)
		fa.guardsVia = fa.guardsVia[:0]
	}
	if blocked {
		return // the callee's other effects are not known to happen
	}
	// What the callee runs before it returns: the functions passed to
	// it, the methods fmt calls (resolve.go).
	if fa.applyReach(c, callee, args, s, at, dc); s.blocked {
		return
	}
	var undecided *transEffect // an effect under a guard the call does not decide
	undecidedRelease := false
	for i := range ce.releases {
		te := &ce.releases[i]
		if !fa.guardHolds(te.e.Guard, args, s) {
			continue
		}
		if len(te.e.Guard) == 1 && dc == nil && undecided == nil && !fa.guardKnown(te.e.Guard[0], args, s) {
			undecided, undecidedRelease = te, true // the paths split after the call, below
			continue
		}
		if dc != nil && s.findRelease(te.path, te.e.Mode) == nil && !fa.guardsCertain(te.e.Guard, args, s) {
			// A deferred conditional release (defer func() { if
			// !unlocked { mu.Unlock() } }()) whose condition this path
			// does not decide, of a lock not held: taken as not made.
			continue
		}
		fa.release(s, te.path, te.e.Mode, at, dc, text, te.ref)
	}
	if dc != nil {
		for i := range ce.mayReleases {
			te := &ce.mayReleases[i]
			if s.findRelease(te.path, te.e.Mode) != nil {
				fa.release(s, te.path, te.e.Mode, at, dc, text, te.ref)
			}
		}
	} else if len(ce.mayReleases) > 0 {
		// A method of the handle an acquire helper returned with a lock
		// that releases its class on some returns (txn.Abort(): "no-op
		// if already aborted or committed"): its condition is the
		// handle's state, which the acquisition set; the holding ends,
		// with no report either way, as for a call through an interface
		// on the handle.
		fa.endOnHandle(c, s, func(h holding) bool {
			cls := fa.paths.node(h.path).class
			return slices.ContainsFunc(ce.mayReleases, func(te transEffect) bool {
				return te.path == h.path || (cls.Kind != ClassNone && fa.paths.node(te.path).class == cls)
			})
		})
	}
	for i := range ce.holds {
		te := &ce.holds[i]
		if !fa.guardHolds(te.e.Guard, args, s) {
			continue
		}
		if len(te.e.Guard) == 1 && dc == nil && undecided == nil && !fa.guardKnown(te.e.Guard[0], args, s) {
			undecided = te // the paths split after the call, below
			continue
		}
		fa.holdVia(s, te, at, instr, dc)
	}
	defer func() {
		// A conditional acquire or release helper whose condition the
		// call does not decide: one path where it held or released (the
		// condition assumed true) and one where it did not.
		if undecided == nil || s.dead {
			return
		}
		g := undecided.e.Guard[0]
		without := s.clone()
		if fa.assumeGuard(without, g, args, !g.Value) {
			s.forks = append(s.forks, without)
		}
		if !fa.assumeGuard(s, g, args, g.Value) {
			s.dead = true
			return
		}
		if undecidedRelease {
			fa.release(s, undecided.path, undecided.e.Mode, at, dc, text, undecided.ref)
		} else {
			fa.holdVia(s, undecided, at, instr, dc)
		}
	}()
	if dc == nil && len(sum.Ensures) > 0 {
		fa.applyEnsures(sum, args, s)
	}
	if len(sum.ResultReleases) > 0 {
		if v, ok := instr.(*ssa.Call); ok && dc == nil {
			fa.bindReleasers(v, sum.ResultReleases, args, nparams)
		}
	}
	if sum.MayPanic() && fa.rec != nil && dc == nil && fa.underRecovery() {
		known := fa.knownIn(s, fa.dominatingFacts(instr.Block()))
		if len(fa.calleePanics(callee, args, known, nil)) > 0 {
			fa.rec.mayPanic(at, text, s)
		}
	}
}

// releaseByHandle applies a call through an interface or a function value
// made on a handle an acquire helper returned with a lock (txn :=
// s.Write(), holding s.mu; txn.End(), through the TxnWrite interface):
// the call may be the one that releases it, and the engine cannot tell,
// so the holding ends here, with no report either way (deliberately
// imprecise, see doc.go).
func (fa *funcAnalysis) releaseByHandle(c *ssa.CallCommon, s *state) {
	fa.endOnHandle(c, s, func(holding) bool { return true })
}

// endOnHandle ends the holdings of s that which selects and whose lock
// an acquire helper returned with a handle that call c uses (as its
// receiver or an argument); see releaseByHandle.
func (fa *funcAnalysis) endOnHandle(c *ssa.CallCommon, s *state, which func(holding) bool) {
	if len(s.held) == 0 {
		return
	}
	onHandle := func(h ssa.Value) bool {
		if h == nil {
			return false
		}
		uses := func(v ssa.Value) bool { return v != nil && convertedFrom(v, h, true) }
		if c.IsInvoke() && uses(c.Value) {
			return true
		}
		return slices.ContainsFunc(c.Args, uses)
	}
	// The holding just ends: not a release that other paths could be
	// said to miss (the handle may be used on some paths only).
	s.held = slices.DeleteFunc(s.held, func(h holding) bool {
		return which(h) && onHandle(fa.sites[h.site].handle)
	})
}

// holdVia adds the holding an acquire helper's Holds effect leaves. As
// for a direct Lock (hold), a lock this function released without
// holding it (the caller's) and takes back through the helper is the
// caller's again (reacq).
func (fa *funcAnalysis) holdVia(s *state, te *transEffect, at token.Pos, instr ssa.Instruction, dc *deferCtx) {
	if s.find(te.path) != nil {
		return
	}
	reacq := false
	if r := s.findReleased(te.path); r != nil && r.unheld {
		reacq = true
	}
	s.dropReleased(te.path)
	site := fa.siteFor(at, te.path, te.ref, true)
	if v, ok := instr.(*ssa.Call); ok && dc == nil {
		fa.sites[site].handle = v
	}
	s.add(holding{path: te.path, mode: te.e.Mode, count: 1, site: site, reacq: reacq})
}

// guardKnown reports whether the call's arguments and s decide guard g.
// guardsCertain reports whether every guard is known to hold in s.
func (fa *funcAnalysis) guardsCertain(guard []Guard, args []ssa.Value, s *state) bool {
	for _, g := range guard {
		if !fa.guardKnown(g, args, s) {
			return false
		}
	}
	return true
}

func (fa *funcAnalysis) guardKnown(g Guard, args []ssa.Value, s *state) bool {
	return !fa.feasible(g, args, fa.knownIn(s, nil)) || !fa.feasible(Guard{Param: g.Param, Nil: g.Nil, Deref: g.Deref, Cmp: g.Cmp, Value: !g.Value}, args, fa.knownIn(s, nil))
}

// callEffects is a callee's summary translated into this function's terms
// at one call site: the same on every visit, so computed once.
type callEffects struct {
	acquires, releases, mayReleases, holds []transEffect
}

type transEffect struct {
	e         *Effect
	path      pathID
	ref       LockRef
	chain     []FuncName // acquires: the callee, then its chain
	without   []pathID   // acquires: the caller's locks released before
	guardsVia []Guard    // acquires: the effect's guards in this function's terms
}

// callEffectsOf translates sum, the summary of the callee of c (named
// name), for the call's arguments.
func (fa *funcAnalysis) callEffectsOf(c *ssa.CallCommon, sum *Summary, name FuncName, args []ssa.Value, nparams int) *callEffects {
	if ce, ok := fa.callMemo[c]; ok && ce.sum == sum {
		return &ce.effects
	}
	tr := func(list []Effect, acquires bool) []transEffect {
		out := make([]transEffect, len(list))
		for i := range list {
			e := &list[i]
			p := fa.subst(e.Lock, args, nparams)
			te := transEffect{e: e, path: p, ref: fa.effectRef(p, *e)}
			if acquires {
				te.chain = append([]FuncName{name}, e.Chain...)
				for _, w := range e.Without {
					te.without = append(te.without, fa.subst(w, args, nparams))
				}
				for _, g := range e.Guard {
					if tg, ok := fa.translate(g, args); ok {
						te.guardsVia = append(te.guardsVia, tg)
					}
				}
			}
			out[i] = te
		}
		return out
	}
	ce := &memoEffects{sum: sum, effects: callEffects{
		acquires:    tr(sum.Acquires, true),
		releases:    tr(sum.Releases, false),
		mayReleases: tr(sum.MayReleases, false),
		holds:       tr(sum.Holds, false),
	}}
	if fa.callMemo == nil {
		fa.callMemo = make(map[*ssa.CallCommon]*memoEffects)
	}
	fa.callMemo[c] = ce
	return &ce.effects
}

type memoEffects struct {
	sum     *Summary
	effects callEffects
}

// acquire records a blocking acquisition of p and, when site >= 0 (a
// direct Lock), adds the holding.
//
// without lists the locks a callee released (and had not taken again)
// before this acquisition: held here, they are not held at that point.
func (fa *funcAnalysis) acquire(s *state, p pathID, mode Mode, at token.Pos, siteID int, ref LockRef, chain []FuncName, lockPos token.Pos, without []pathID) {
	if fa.rec != nil {
		fa.rec.acquire(s, p, mode, at, siteID, ref, chain, lockPos, without)
	}
	if fa.blocksForever(s, p, mode, ref, without) {
		// The goroutine never gets past this acquisition (reported by
		// doubleacquire). On the normal flow the path goes on, to find
		// what else is wrong after the fix (a second holding pairs the
		// releases that follow as written); a deferred call that blocks
		// ends the exit (see runDefers).
		s.blocked = true
		s.hung = true
	}
	if siteID >= 0 {
		fa.hold(s, p, mode, siteID)
	}
}

// forkBlockingGuard handles a call of a conditional acquire helper
// (lockIf(c)) whose condition the call does not decide and whose
// acquisition blocks on a lock this goroutine holds: the path where the
// condition is false does not block, and goes on with the call's other
// effects (a fork, the call applied again under that assumption); s
// assumes the condition true (and blocks, below). It reports whether s
// is dead.
func (fa *funcAnalysis) forkBlockingGuard(c *ssa.CallCommon, instr ssa.Instruction, ce *callEffects, args []ssa.Value, s *state) bool {
	for i := range ce.acquires {
		te := &ce.acquires[i]
		if len(te.e.Guard) != 1 || !fa.guardHolds(te.e.Guard, args, s) || fa.guardKnown(te.e.Guard[0], args, s) || !fa.blocksForever(s, te.path, te.e.Mode, te.ref, te.without) {
			continue
		}
		g := te.e.Guard[0]
		without := s.clone()
		if fa.assumeGuard(without, g, args, !g.Value) {
			fa.call(c, instr, without, nil)
			forks := without.forks
			without.forks = nil
			if !without.dead {
				s.forks = append(s.forks, without)
			}
			s.forks = append(s.forks, forks...)
		}
		if !fa.assumeGuard(s, g, args, g.Value) {
			s.dead = true
			return true
		}
		return false
	}
	return false
}

// tryAcquire splits s at a TryLock whose result is a bool: one path where
// it succeeded, holding the lock, with the result assumed true, and one
// (a fork) where it failed, with the result assumed false. A branch on
// the result, at once or later (ok := mu.TryLock(); ...; if ok), then
// follows the edge of its outcome; a path that locks again or returns
// before testing it, or whose test go/ssa threads away (an if with an
// empty body), still holds the lock. A TryLock of a lock this goroutine
// holds in a conflicting mode fails.
func (fa *funcAnalysis) tryAcquire(v *ssa.Call, t tryLock, s *state) {
	id := fa.kid(condKey{v: v})
	failed := s.clone()
	if failed.assume(id, false) {
		s.forks = append(s.forks, failed)
	}
	if fa.blocksForever(s, t.path, t.mode, t.ref, nil) || !s.assume(id, true) {
		s.dead = true
		return
	}
	fa.hold(s, t.path, t.mode, fa.siteFor(t.pos, t.path, t.ref, false))
}

// blocksForever reports whether acquiring p in mode, with s held, blocks
// the goroutine for ever: p is held (not from an earlier iteration, not
// released by the callee first), the lock is not reentrant, and one of
// the two holds writes. (A second read lock deadlocks only if a writer
// queues in between: the path goes on.)
func (fa *funcAnalysis) blocksForever(s *state, p pathID, mode Mode, ref LockRef, without []pathID) bool {
	if ref.Reentrant || isCounting(ref.Type) || slices.Contains(without, p) {
		return false
	}
	h := s.find(p)
	return h != nil && (h.mode == Write || mode == Write)
}

// hold adds a holding of p from an acquisition site. A lock taken again
// (a double acquire, reported) gets a second holding, so that the
// releases that follow pair up as written; the same acquisition reached
// again (a loop) does not, except that read holdings count up to two.
func (fa *funcAnalysis) hold(s *state, p pathID, mode Mode, siteID int) {
	for i := range s.held {
		if h := &s.held[i]; h.path == p && !h.stale && h.site == siteID {
			if h.mode == Read && mode == Read {
				// The same RLock reached again: a loop read-locking
				// an unknown number of times (its releases may come in
				// another loop with the same count).
				h.count = manyReads
			}
			return
		}
	}
	reacq := false
	if r := s.findReleased(p); r != nil && r.unheld {
		reacq = true
	}
	s.dropReleased(p)
	s.add(holding{path: p, mode: mode, count: 1, site: siteID, reacq: reacq})
}

// release applies a release of p in mode to s.
func (fa *funcAnalysis) release(s *state, p pathID, mode Mode, at token.Pos, dc *deferCtx, via string, ref LockRef) {
	deferred := dc != nil
	if h := s.findRelease(p, mode); h != nil {
		if h.mode != mode && fa.rec != nil {
			fa.rec.badRelease(BadRelease{Pos: at, Problem: WrongMode, Lock: fa.sites[h.site].ref, Mode: mode, HeldMode: h.mode, Via: via, Deferred: deferred})
		}
		if fa.rec != nil {
			fa.rec.released(h.site, at, deferred)
			fa.rec.directReleased[h.site] = true
		}
		if h.mode == Read && mode == Read && h.count == manyReads {
			return // still held, maybe: the count is not known
		}
		if h.mode == Read && h.count > 1 && mode == Read {
			h.count--
			return
		}
		reacq := h.reacq
		s.removeAt(h)
		s.setReleased(released{path: p, pos: at, deferred: deferred, unheld: reacq, mode: mode})
		if deferred {
			fa.releaseEarlierIterations(s, p, at)
		}
		return
	}
	if deferred && fa.releaseEarlierIterations(s, p, at) {
		return
	}
	if r := s.findReleased(p); r != nil && !(r.unheld && (mode == Read || r.synced)) && !isCounting(ref.Type) && !slices.Contains(s.fromGo, p) {
		// (Read locks released without being held here may have been
		// taken more than once by the caller or another goroutine.)
		if fa.rec != nil {
			switch {
			case deferred && !r.deferred:
				fa.rec.badRelease(BadRelease{Pos: r.pos, Problem: DeferredAgain, Lock: ref, Mode: mode, Prev: at, Deferred: true})
			default:
				fa.rec.badRelease(BadRelease{Pos: at, Problem: DoubleRelease, Lock: ref, Mode: mode, Prev: r.pos, Via: via, Deferred: deferred})
			}
		}
		return
	}
	if fa.releaseMayAlias(s, p, at, deferred) {
		s.setReleased(released{path: p, pos: at, deferred: deferred, mode: mode})
		return
	}
	// Not acquired here: the caller holds it (a release helper, when
	// every return has released it; see recorder.summary).
	if fa.rec != nil {
		fa.rec.releaseUnheld(p, ref)
	}
	s.setReleased(released{path: p, pos: at, deferred: deferred, unheld: true, mode: mode})
}

// releaseEarlierIterations ends the stale holdings of p when a deferred
// call releases p: a defer in a loop is registered once in the state but
// runs once per iteration, each time with that iteration's value.
func (fa *funcAnalysis) releaseEarlierIterations(s *state, p pathID, at token.Pos) bool {
	found := false
	s.held = slices.DeleteFunc(s.held, func(h holding) bool {
		if h.path != p || !h.stale {
			return false
		}
		if fa.rec != nil {
			fa.rec.released(h.site, at, true)
		}
		found = true
		return true
	})
	return found
}

// releaseMayAlias releases the holdings that p may name although their
// paths differ: the same lock class reached through a value of an
// earlier loop iteration or through another collection element. This
// keeps "lock every shard, then unlock every shard" quiet.
func (fa *funcAnalysis) releaseMayAlias(s *state, p pathID, at token.Pos, deferred bool) bool {
	cls := fa.paths.node(p).class
	if cls.Kind == ClassNone {
		return false
	}
	found := false
	root := fa.paths.node(p).root.value
	s.held = slices.DeleteFunc(s.held, func(h holding) bool {
		n := fa.paths.node(h.path)
		// Also a lock reached through the handle its acquire helper
		// returned (tw.s.mu, released by the handle's End, for the
		// s.mu that s.Write() returned holding along with tw).
		viaHandle := root != nil && root == fa.sites[h.site].handle
		if n.class != cls || (!h.stale && !fa.imprecise(h.path) && !viaHandle) {
			return false
		}
		if fa.rec != nil {
			fa.rec.released(h.site, at, deferred)
			fa.rec.aliasReleased[h.site] = true
		}
		found = true
		return true
	})
	return found
}

// imprecise reports whether a path may name different instances at
// different times: it goes through a local value other than an
// allocation, or an element of a collection.
func (fa *funcAnalysis) imprecise(p pathID) bool {
	for id := p; id != 0; id = fa.paths.node(id).parent {
		n := fa.paths.node(id)
		if n.parent == 0 {
			if n.root.kind == rootValue {
				_, alloc := n.root.value.(*ssa.Alloc)
				return !alloc
			}
			return false
		}
		if n.step.kind == stepIndex && n.step.konst == "" {
			return true
		}
	}
	return false
}

// goStmt: the new goroutine starts with no locks held; the locks its
// function releases without acquiring are handed over by this goroutine
// (Go allows unlocking a mutex locked by another goroutine).
func (fa *funcAnalysis) goStmt(g *ssa.Go, s *state) {
	callee, args := fa.callee(&g.Call)
	if callee == nil {
		return
	}
	sum := fa.summaryOf(callee)
	if sum == nil {
		return
	}
	nparams := len(callee.Params)
	if fa.rec != nil {
		for _, e := range sum.Signals {
			fa.rec.goSignal(g, fa.subst(e.Lock, args, nparams))
		}
	}
	fa.handOver(sum, args, nparams, s)
	// A lock the goroutine takes and keeps is handed the other way: this
	// goroutine may release it later (after a receive that says it is
	// taken), which is then not a double release.
	for _, e := range sum.Holds {
		p := fa.subst(e.Lock, args, nparams)
		if !slices.Contains(s.fromGo, p) {
			s.fromGo = append(s.fromGo, p)
			slices.Sort(s.fromGo)
		}
	}
}

// handOver ends the holdings of s that a function run elsewhere (a new
// goroutine, a callback) releases without acquiring them: they are
// handed over to it.
func (fa *funcAnalysis) handOver(sum *Summary, args []ssa.Value, nparams int, s *state) {
	for _, e := range append(slices.Clip(sum.Releases), sum.MayReleases...) {
		p := fa.subst(e.Lock, args, nparams)
		if h := s.find(p); h != nil {
			if fa.rec != nil {
				fa.rec.handedOff(h.site)
			}
			s.removeAt(h)
		}
	}
}

// handCallbacks: a closure handed to a call as a callback (franz-go's
// autocommit passes commit a func that does g.noCommitDuringJoinAndSync.
// RUnlock()) releases, when it runs, later or on another goroutine, the
// locks it releases without taking them: those holdings are handed over
// at the call, as to a go statement. A closure that a function of
// syncCallees runs in place is applied there instead (resolve.go).
func (fa *funcAnalysis) handCallbacks(c *ssa.CallCommon, s *state) {
	if len(s.held) == 0 {
		return
	}
	inPlace := syncCalleeArg(c)
	for _, a := range c.Args {
		mc, ok := a.(*ssa.MakeClosure)
		if !ok || a == inPlace {
			continue
		}
		callee, args := fa.callee(&ssa.CallCommon{Value: mc})
		if callee == nil {
			continue
		}
		if sum := fa.summaryOf(callee); sum != nil {
			fa.handOver(sum, args, len(callee.Params), s)
		}
	}
}

// runDefers runs the pending deferred calls, last registered first.
func (fa *funcAnalysis) runDefers(s *state) {
	for len(s.defers) > 0 && !s.dead {
		if s.blocked {
			// A deferred call blocked for ever: the later ones never
			// run, and the function never exits.
			s.dead = true
			return
		}
		d := s.defers[len(s.defers)-1]
		s.defers = s.defers[:len(s.defers)-1]
		fa.call(&d.Call, d, s, &deferCtx{d: d})
	}
	if s.blocked {
		s.dead = true
	}
}

// callee resolves the function a call runs and the values bound to its
// parameters and free variables: args[i] for parameter i, then the free
// variables in order.
func (fa *funcAnalysis) callee(c *ssa.CallCommon) (*ssa.Function, []ssa.Value) {
	if c.IsInvoke() {
		return nil, nil
	}
	switch v := c.Value.(type) {
	case *ssa.Function:
		return v, c.Args
	case *ssa.MakeClosure:
		fn, ok := v.Fn.(*ssa.Function)
		if !ok {
			return nil, nil
		}
		if isBoundWrapper(fn) {
			return fn, append(slices.Clone(v.Bindings), c.Args...)
		}
		args := slices.Clone(c.Args)
		// Free variables follow the parameters.
		for len(args) < len(fn.Params) {
			args = append(args, nil)
		}
		return fn, append(args, v.Bindings...)
	case *ssa.UnOp:
		// A closure held in a variable that another closure captures:
		// `rollback := func() {...}`, called here (a load of the
		// variable) or in a sibling closure (a load of a free variable).
		if v.Op != token.MUL {
			break
		}
		switch x := v.X.(type) {
		case *ssa.Alloc:
			if mc, ok := assignedOnce(x).(*ssa.MakeClosure); ok {
				return fa.callee(&ssa.CallCommon{Value: mc, Args: c.Args})
			}
		case *ssa.FreeVar:
			return fa.siblingClosure(x, c.Args)
		}
	}
	return nil, nil
}

// siblingClosure resolves a call of the closure that this closure's
// free variable fv holds, both created by the same enclosing function:
// the callee's free variables are bound to the enclosing function's
// values, which are expressed here through this closure's own free
// variables where it captures them too (unknown otherwise).
func (fa *funcAnalysis) siblingClosure(fv *ssa.FreeVar, callArgs []ssa.Value) (*ssa.Function, []ssa.Value) {
	idx := slices.Index(fa.fn.FreeVars, fv)
	self := makeClosureOf(fa.fn)
	if idx < 0 || self == nil || idx >= len(self.Bindings) {
		return nil, nil
	}
	cell, ok := self.Bindings[idx].(*ssa.Alloc)
	if !ok {
		return nil, nil
	}
	mc, ok := assignedOnce(cell).(*ssa.MakeClosure)
	if !ok {
		return nil, nil
	}
	fn, ok := mc.Fn.(*ssa.Function)
	if !ok || isBoundWrapper(fn) {
		return nil, nil
	}
	args := slices.Clone(callArgs)
	for len(args) < len(fn.Params) {
		args = append(args, nil)
	}
	for _, b := range mc.Bindings {
		// The enclosing function's value, through this closure's free
		// variable when it captured it too, else as a value of the
		// enclosing function (a RootOuter in this closure's summary).
		mine := b
		if k := slices.Index(self.Bindings, b); k >= 0 && k < len(fa.fn.FreeVars) {
			mine = fa.fn.FreeVars[k]
		}
		args = append(args, mine)
	}
	return fn, args
}

// closureHeld returns the closure a call in fn reaches through a
// variable (see callee), for the order of analysis.
func closureHeld(fn *ssa.Function, v ssa.Value) *ssa.Function {
	u, ok := v.(*ssa.UnOp)
	if !ok || u.Op != token.MUL {
		return nil
	}
	var cell *ssa.Alloc
	switch x := u.X.(type) {
	case *ssa.Alloc:
		cell = x
	case *ssa.FreeVar:
		self := makeClosureOf(fn)
		if i := slices.Index(fn.FreeVars, x); self != nil && i >= 0 && i < len(self.Bindings) {
			cell, _ = self.Bindings[i].(*ssa.Alloc)
		}
	}
	if cell == nil {
		return nil
	}
	if mc, ok := assignedOnce(cell).(*ssa.MakeClosure); ok {
		target, _ := mc.Fn.(*ssa.Function)
		return target
	}
	return nil
}

// makeClosureOf returns the one MakeClosure that creates closure fn in
// its enclosing function, or nil.
func makeClosureOf(fn *ssa.Function) *ssa.MakeClosure {
	parent := fn.Parent()
	if parent == nil {
		return nil
	}
	var found *ssa.MakeClosure
	for _, b := range parent.Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == fn {
				if found != nil {
					return nil
				}
				found = mc
			}
		}
	}
	return found
}

func isBoundWrapper(fn *ssa.Function) bool {
	return strings.HasPrefix(fn.Synthetic, "bound method wrapper")
}

func primitiveOf(obj *types.Func) (primitive, bool) {
	if obj.Pkg() == nil {
		return primitive{}, false
	}
	key := methodKey{pkg: obj.Pkg().Path(), method: obj.Name()}
	if recv := obj.Signature().Recv(); recv != nil {
		key.typ = ownerName(recv.Type())
	}
	p, ok := primitives[key]
	return p, ok
}

// subst translates a summary path into this function's terms.
//
// args holds the callee's parameters and then its free variables (see
// callee); nparams is the callee's parameter count.
func (fa *funcAnalysis) subst(r RelPath, args []ssa.Value, nparams int) pathID {
	t := fa.paths
	var p pathID
	switch r.Root {
	case RootGlobal:
		p = t.rootPath(root{kind: rootGlobal, pkg: r.Pkg, name: r.Name})
	case RootParam, RootFreeVar:
		i := r.Index
		if r.Root == RootFreeVar {
			i += nparams
		}
		if i >= 0 && i < len(args) && args[i] != nil {
			p = fa.pathOf(args[i])
		}
	case RootOuter:
		// A value of this function, or of one enclosing it too.
		if f := valueFunc(r.outer); f == fa.fn || enclosing(fa.fn, f) {
			p = fa.pathOf(r.outer)
		}
	}
	if p == 0 {
		p = t.freshWild()
	}
	return fa.extend(p, r.Steps)
}

// extend follows a summary path's steps from p.
func (fa *funcAnalysis) extend(p pathID, steps []RelStep) pathID {
	t := fa.paths
	for _, st := range steps {
		switch stepKind(st.Kind) {
		case stepField:
			p = t.child(p, step{kind: stepField, field: st.Field, name: st.Name, owner: st.Owner})
		case stepDeref:
			p = fa.deref(p)
		case stepRLocker:
			p = t.child(p, step{kind: stepRLocker})
		case stepIndex:
			if st.Const != "" {
				p = t.child(p, step{kind: stepIndex, konst: st.Const})
			} else {
				t.wild++
				p = t.child(p, step{kind: stepIndex, wild: t.wild})
			}
		}
	}
	return p
}

// guardHolds reports whether a summary effect's guard can hold for these
// arguments: an argument that decides a guard the other way (a
// constant, nil, a value that cannot be nil, or a condition this path
// already decided, as when the caller locked under `if x` and passes x)
// rules the effect out.
func (fa *funcAnalysis) guardHolds(guard []Guard, args []ssa.Value, s *state) bool {
	known := fa.knownIn(s, nil)
	for _, g := range guard {
		if !fa.feasible(g, args, known) {
			return false
		}
	}
	return true
}

// bindReleasers records that the results of call v release locks when
// called.
func (fa *funcAnalysis) bindReleasers(v *ssa.Call, effs []Effect, args []ssa.Value, nparams int) {
	byResult := make(map[int][]pathEffect)
	for _, e := range effs {
		byResult[e.Result] = append(byResult[e.Result], pathEffect{path: fa.subst(e.Lock, args, nparams), eff: e})
	}
	if v.Type() != nil {
		if _, tuple := v.Type().(*types.Tuple); !tuple {
			fa.releasers[v] = byResult[0]
			return
		}
	}
	for _, ref := range *v.Referrers() {
		if ex, ok := ref.(*ssa.Extract); ok && len(byResult[ex.Index]) > 0 {
			fa.releasers[ex] = byResult[ex.Index]
		}
	}
}

func (fa *funcAnalysis) effectRef(p pathID, e Effect) LockRef {
	return LockRef{Name: fa.render(p), Class: fa.paths.node(p).class, Type: e.Type, Reentrant: e.Reentrant, Chosen: fa.chosen(p)}
}

// nameArgs remembers the source text of a call's arguments that are
// local values (call results, phis), to name locks reached through them
// as written ("cs.cc.mu", not "the lock.cc.mu").
func (fa *funcAnalysis) nameArgs(c *ssa.CallCommon, lparen token.Pos) {
	call := fa.pa.callAt(lparen)
	if call == nil {
		return
	}
	exprs := call.Args
	if len(c.Args) == len(call.Args)+1 {
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return
		}
		exprs = append([]ast.Expr{sel.X}, call.Args...)
	}
	if len(exprs) != len(c.Args) {
		return
	}
	for i, v := range c.Args {
		switch v.(type) {
		case *ssa.Parameter, *ssa.Global, *ssa.FreeVar, *ssa.Const:
			continue
		}
		if _, ok := fa.valueNames[v]; !ok {
			fa.valueNames[v] = exprString(exprs[i])
		}
	}
}

// callText is the called expression as written: "s.Delete".
func (fa *funcAnalysis) callText(lparen token.Pos) string {
	if t, ok := fa.textAt[lparen]; ok {
		return t
	}
	if call := fa.pa.callAt(lparen); call != nil {
		return exprString(call.Fun)
	}
	return "the call"
}
