package lockstate

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// recorder collects, during the final sweep over the fixpoint, what the
// passes and the function's summary need.
type recorder struct {
	fa         *funcAnalysis
	acquires   []*Acquire
	acqIndex   map[acqKey]*Acquire
	sumAcq     []Effect
	sumAcqIdx  map[sumKey]int     // index in sumAcq of each lock and mode
	dynUnder   map[Class]bool     // classes held across unknown calls (leaf.go)
	entryHeld  []Gate             // see entryheld.go
	relMemo    map[pathID]relMemo // see relOf
	unheldRefs map[pathID]LockRef
	sumRes     []Effect
	bad        []BadRelease
	exits      []exitRec
	// outs lists, per edge, the acquisition sites held by some path
	// that takes it (for leavingBranches): the end of a block that holds
	// a lock on one path only (if f { mu.Lock() } in a loop) does not
	// pass it along the edges that path does not take.
	outs map[edge][]int
	// releasedBy lists, per acquisition site, the plain releases that
	// ended a holding from it; releasedAny includes deferred ones.
	releasedBy  map[int][]token.Pos
	releasedAny map[int]bool
	// aliasReleased and directReleased say how a site's holdings were
	// released: under another name of the same class (releaseMayAlias),
	// or as acquired.
	aliasReleased, directReleased map[int]bool
	handed                        map[int]bool
	panicCands                    []panicCand
	sumSig                        []Effect
	conds                         map[token.Pos]*condRec
	condOrder                     []token.Pos
	goSigs                        []goSig
	// calls are the in-package calls recorded, added to
	// pkgAnalysis.callsTo when the analysis ends (commitCalls);
	// callIndex finds a call's record among them.
	calls     []pendingCall
	callIndex map[callKey]int
	callArgs  []ssa.Value // the arguments of the call being recorded
	// paramCalls lists the calls of function-typed parameters with the
	// locks held on every path to each (for Summary.Calls).
	paramCalls []*paramCallRec
	// blocks are the blocking channel and WaitGroup operations made with
	// locks held; sumBlocks the summary's (channels.go).
	blocks    []*blockRec
	sumBlocks []blockEffect
}

type acqKey struct {
	pos  token.Pos
	path pathID
	mode Mode
	tag  int // 0, or 1 + the index of the reached call (resolve.go)
}

// paramCallRec is a call of parameter param at pos, with the locks held
// on every path to it.
type paramCallRec struct {
	param int
	pos   token.Pos
	held  []holding
}

// paramCall records a call of the function's parameter param (directly,
// or through a callee that calls it) at pos, with s held.
func (r *recorder) paramCall(param int, pos token.Pos, s *state) {
	var held []holding
	for _, h := range s.held {
		if !h.stale && !isCounting(r.fa.sites[h.site].ref.Type) {
			held = append(held, h)
		}
	}
	for _, pc := range r.paramCalls {
		if pc.param == param && pc.pos == pos {
			pc.held = slices.DeleteFunc(pc.held, func(h holding) bool {
				return !slices.ContainsFunc(held, func(x holding) bool { return x.path == h.path && x.mode == h.mode })
			})
			return
		}
	}
	r.paramCalls = append(r.paramCalls, &paramCallRec{param: param, pos: pos, held: held})
}

// paramCallsSummary turns the recorded parameter calls into the
// summary's Calls.
func (r *recorder) paramCallsSummary() []ParamCall {
	fa := r.fa
	var out []ParamCall
	for _, pc := range r.paramCalls {
		c := ParamCall{Param: pc.param}
		for _, h := range pc.held {
			rel, ok := r.relOf(h.path)
			if !ok {
				continue
			}
			si := fa.sites[h.site]
			c.Held = append(c.Held, Effect{Lock: rel, Mode: h.mode, Type: si.ref.Type, Reentrant: si.ref.Reentrant, Class: fa.paths.node(h.path).class, pos: si.pos})
		}
		if len(c.Held) == 0 && fa.pa.std {
			continue // the standard library's plain callbacks are in syncCallees
		}
		out = append(out, c)
	}
	return out
}

type exitRec struct {
	block    *ssa.BasicBlock
	instr    ssa.Instruction
	state    *state
	noreturn bool
}

type panicCand struct {
	pos    token.Pos
	callee string
	site   int
}

func newRecorder(fa *funcAnalysis) *recorder {
	return &recorder{
		fa:          fa,
		acqIndex:    make(map[acqKey]*Acquire),
		outs:        make(map[edge][]int),
		releasedBy:  make(map[int][]token.Pos),
		releasedAny: make(map[int]bool),

		aliasReleased:  make(map[int]bool),
		directReleased: make(map[int]bool),
		handed:         make(map[int]bool),
		conds:          make(map[token.Pos]*condRec),
		callIndex:      make(map[callKey]int),
	}
}

// signals records, for the summary, a Signal or Broadcast of the Cond at
// path p (here or in a callee).
func (r *recorder) signals(p pathID) {
	if rel, ok := r.relOf(p); ok {
		r.sumSig = append(r.sumSig, Effect{Lock: rel, Type: "sync.Cond", Class: r.fa.paths.node(p).class})
	}
}

func (r *recorder) acquire(s *state, p pathID, mode Mode, at token.Pos, siteID int, ref LockRef, chain []FuncName, lockPos token.Pos, without []pathID) {
	fa := r.fa
	k := acqKey{at, p, mode, fa.reachTag}
	a := r.acqIndex[k]
	if a == nil {
		a = &Acquire{Pos: fa.pa.callStart(at), Lock: ref, Mode: mode, LockPos: fa.pa.callStart(lockPos), Unpublished: fa.unpublished(p, s), obj: fa.objRef(p)}
		if len(chain) > 0 {
			a.Via = []string{fa.callText(at)}
			names := chain[1:] // chain[0] is the callee the call names
			if fa.reachTag > 0 {
				names = chain // a function the call reaches (resolve.go)
			}
			for _, f := range names {
				a.Via = append(a.Via, f.In(fa.pa.pkgPath))
			}
		}
		r.acqIndex[k] = a
		r.acquires = append(r.acquires, a)
	} else if a.Unpublished && !fa.unpublished(p, s) {
		a.Unpublished = false // unpublished only if so on every path
	}
	a.relBefore = r.releasedUnheld(s, a.relBefore)
	// An acquisition that blocks on a lock this goroutine holds never
	// succeeds, whatever other goroutines do: it orders nothing (the
	// double acquire is the report).
	selfBlocked := fa.blocksForever(s, p, mode, ref, without)
	for _, h := range s.held {
		if h.stale || slices.Contains(without, h.path) {
			continue
		}
		if selfBlocked && h.path != p {
			continue
		}
		held := Held{Lock: fa.sites[h.site].ref, Mode: h.mode, Pos: fa.pa.callStart(fa.sites[h.site].pos), Callee: fa.sites[h.site].heldBy, obj: fa.objRef(h.path)}
		if h.path == p {
			if !slices.Contains(a.Same, held) {
				a.Same = append(a.Same, held)
				a.Lock.Name = a.Same[0].Lock.Name
			}
			if h.site == siteID {
				a.SameIteration = true
			}
		} else {
			held.Parallel = fa.parallel(h.path, p)
			unpub := fa.unpublished(h.path, s)
			// One entry per holding: unpublished only if so on every path.
			i := slices.IndexFunc(a.Others, func(o Held) bool {
				o.Unpublished = false
				return o == held
			})
			held.Unpublished = unpub
			switch {
			case i < 0:
				a.Others = append(a.Others, held)
			case !unpub:
				a.Others[i].Unpublished = false
			}
		}
	}
	// The summary: acquisitions of locks the caller can name, unless this
	// function released the lock first (then the caller's holding was
	// given up before the acquisition).
	if s.findReleased(p) != nil {
		return
	}
	rel, ok := r.relOf(p)
	if !ok {
		return
	}
	guard := r.guards(s)
	for _, g := range fa.guardsVia {
		if !slices.Contains(guard, g) {
			guard = append(guard, g)
		}
	}
	slices.SortFunc(guard, cmpGuard)
	e := Effect{Lock: rel, Mode: mode, Type: ref.Type, Reentrant: ref.Reentrant, Class: fa.paths.node(p).class, Chain: chain, Guard: guard, pos: lockPos}
	// The caller's locks released by now (directly, or by a callee) are
	// not held at this acquisition.
	e.Without = r.callerReleased(s, without)
	slices.SortFunc(e.Without, cmpRelPath)
	if len(chain) == 0 {
		e.pos = at
	}
	// One effect per lock and mode, merged as Normalize merges them (the
	// same acquisition is met once per state reaching it).
	sk := sumKey{p, mode}
	if i, ok := r.sumAcqIdx[sk]; ok {
		r.sumAcq[i] = mergeEffects(r.sumAcq[i], e)
		return
	}
	if r.sumAcqIdx == nil {
		r.sumAcqIdx = make(map[sumKey]int)
	}
	r.sumAcqIdx[sk] = len(r.sumAcq)
	r.sumAcq = append(r.sumAcq, e)
}

type sumKey struct {
	p    pathID
	mode Mode
}

// releaseUnheld remembers how to describe a lock released without being
// held, for the summary's Releases.
func (r *recorder) releaseUnheld(p pathID, ref LockRef) {
	if r.unheldRefs == nil {
		r.unheldRefs = make(map[pathID]LockRef)
	}
	r.unheldRefs[p] = ref
	if cls := r.fa.paths.node(p).class; cls.Kind != ClassNone {
		pa := r.fa.pa
		pa.mu.Lock()
		pa.releasedUnheld[cls] = true
		pa.mu.Unlock()
	}
}

func (r *recorder) released(site int, at token.Pos, deferred bool) {
	r.releasedAny[site] = true
	if !deferred && !slices.Contains(r.releasedBy[site], at) {
		r.releasedBy[site] = append(r.releasedBy[site], at)
	}
}

// handedOff: a goroutine started here releases the holding from site.
func (r *recorder) handedOff(site int) {
	r.handed[site] = true
	r.releasedAny[site] = true
}

func (r *recorder) badRelease(b BadRelease) {
	for _, x := range r.bad {
		if x.Pos == b.Pos && x.Problem == b.Problem {
			return
		}
	}
	b.Pos = r.fa.pa.callStart(b.Pos)
	b.Prev = r.fa.pa.callStart(b.Prev)
	r.bad = append(r.bad, b)
}

// mayPanic records a call that can panic: every lock held across it and
// not released by a pending defer is a candidate.
func (r *recorder) mayPanic(at token.Pos, callee string, s *state) {
	if len(s.held) == 0 {
		return
	}
	after := s.clone()
	saved := r.fa.rec
	r.fa.rec = nil
	r.fa.runDefers(after)
	r.fa.rec = saved
	for _, h := range s.held {
		if h.stale {
			continue
		}
		stillHeld := false
		for _, a := range after.held {
			if a.site == h.site && a.path == h.path {
				stillHeld = true
			}
		}
		if stillHeld {
			r.panicCands = append(r.panicCands, panicCand{pos: at, callee: callee, site: h.site})
		}
	}
}

func (r *recorder) exit(b *ssa.BasicBlock, instr ssa.Instruction, s *state, noreturn bool) {
	if s.hung {
		return // never reached: the path blocked for ever before
	}
	r.exits = append(r.exits, exitRec{block: b, instr: instr, state: s.clone(), noreturn: noreturn})
	if ret, ok := instr.(*ssa.Return); ok {
		r.resultReleases(ret)
	}
}

// out records the holdings of a state leaving b for succ.
func (r *recorder) out(b, succ *ssa.BasicBlock, s *state) {
	k := edge{b, succ}
	for _, h := range s.held {
		if !slices.Contains(r.outs[k], h.site) {
			r.outs[k] = append(r.outs[k], h.site)
		}
	}
}

// resultReleases learns what calling a returned function value releases.
func (r *recorder) resultReleases(ret *ssa.Return) {
	fa := r.fa
	for i, v := range ret.Results {
		var effs []pathEffect
		if list, ok := fa.releasers[v]; ok {
			effs = list
		} else if _, ok := v.Type().Underlying().(*types.Signature); ok {
			callee, args := fa.callee(&ssa.CallCommon{Value: v})
			if callee == nil {
				continue
			}
			if p, ok := boundPrimitive(callee); ok && p.op == opRelease && len(args) > 0 {
				lp, mode := fa.lockOf(args[0], p.mode)
				effs = append(effs, pathEffect{path: lp, eff: Effect{Mode: mode, Type: p.typ}})
			} else if sum := fa.summaryOf(callee); sum != nil {
				for _, e := range sum.Releases {
					effs = append(effs, pathEffect{path: fa.subst(e.Lock, args, len(callee.Params)), eff: e})
				}
			}
		}
		for _, pe := range effs {
			if rel, ok := r.relOf(pe.path); ok {
				e := pe.eff
				e.Lock, e.Result, e.Guard, e.Chain = rel, i, nil, nil
				e.Class = fa.paths.node(pe.path).class
				r.sumRes = append(r.sumRes, e)
			}
		}
	}
}

func boundPrimitive(fn *ssa.Function) (primitive, bool) {
	if !isBoundWrapper(fn) {
		return primitive{}, false
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok {
		return primitive{}, false
	}
	return primitiveOf(obj)
}

// guards lists the assumed outcomes in s that are conditions on
// parameters (see guardOf).
func (r *recorder) guards(s *state) []Guard {
	return r.fa.guardsOf(s.tags)
}

// valueFunc returns the function an SSA value belongs to, or nil.
func valueFunc(v ssa.Value) *ssa.Function {
	switch v := v.(type) {
	case *ssa.Parameter:
		return v.Parent()
	case *ssa.FreeVar:
		return v.Parent()
	case ssa.Instruction:
		return v.Parent()
	}
	return nil
}

// enclosing reports whether outer is a function that fn is nested in.
func enclosing(fn, outer *ssa.Function) bool {
	if outer == nil {
		return false
	}
	for f := fn.Parent(); f != nil; f = f.Parent() {
		if f == outer {
			return true
		}
	}
	return false
}

// relOf expresses path p relative to the function's parameters, free
// variables or a package variable, if it can be.
func (r *recorder) relOf(p pathID) (RelPath, bool) {
	if m, ok := r.relMemo[p]; ok {
		return m.rp, m.ok
	}
	rp, ok := r.relOfUncached(p)
	if r.relMemo == nil {
		r.relMemo = make(map[pathID]relMemo)
	}
	r.relMemo[p] = relMemo{rp, ok}
	return rp, ok
}

type relMemo struct {
	rp RelPath
	ok bool
}

func (r *recorder) relOfUncached(p pathID) (RelPath, bool) {
	fa := r.fa
	var steps []RelStep
	id := p
	for ; id != 0 && fa.paths.node(id).parent != 0; id = fa.paths.node(id).parent {
		n := fa.paths.node(id)
		rs := RelStep{Kind: uint8(n.step.kind), Field: n.step.field, Name: n.step.name, Owner: n.step.owner}
		if n.step.kind == stepIndex && n.step.index == nil && n.step.wild == 0 {
			rs.Const = n.step.konst
		}
		steps = append(steps, rs)
	}
	if id == 0 {
		return RelPath{}, false
	}
	slices.Reverse(steps)
	rt := fa.paths.node(id).root
	rp := RelPath{Steps: steps}
	switch rt.kind {
	case rootParam:
		rp.Root, rp.Index = RootParam, rt.index
		if rt.index < len(fa.fn.Params) {
			rp.Name = fa.fn.Params[rt.index].Name()
		}
	case rootFreeVar:
		rp.Root, rp.Index = RootFreeVar, rt.index
		if rt.index < len(fa.fn.FreeVars) {
			rp.Name = fa.fn.FreeVars[rt.index].Name()
		}
	case rootGlobal:
		rp.Root, rp.Pkg, rp.Name = RootGlobal, rt.pkg, rt.name
	case rootValue:
		if rt.value == nil || !enclosing(fa.fn, valueFunc(rt.value)) {
			return RelPath{}, false
		}
		rp.Root, rp.outer, rp.Name = RootOuter, rt.value, rt.value.Name()
	default:
		return RelPath{}, false
	}
	return rp, true
}

// callerReleased returns, in the caller's terms, the caller's locks that
// s has released by now: released without being held here, and those of
// without (released by a callee) that s does not hold again.
func (r *recorder) callerReleased(s *state, without []pathID) []RelPath {
	var out []RelPath
	for _, x := range s.released {
		if x.unheld {
			if wr, ok := r.relOf(x.path); ok {
				out = append(out, wr)
			}
		}
	}
	for _, w := range without {
		if s.find(w) == nil {
			if wr, ok := r.relOf(w); ok && !slices.ContainsFunc(out, wr.equal) {
				out = append(out, wr)
			}
		}
	}
	return out
}
