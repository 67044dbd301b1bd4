package lockstate

import (
	"cmp"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// finish turns what the recorder saw into the function's result and
// summary.
func (r *recorder) finish() *FuncResult {
	fa := r.fa
	res := &FuncResult{fn: fa.fn, dynUnder: r.dynUnder}
	for _, a := range r.acquires {
		res.acquires = append(res.acquires, *a)
	}
	slices.SortStableFunc(res.acquires, func(a, b Acquire) int { return cmp.Compare(a.Pos, b.Pos) })
	res.releases = r.bad
	slices.SortStableFunc(res.releases, func(a, b BadRelease) int { return cmp.Compare(a.Pos, b.Pos) })
	if isYield(fa.fn) {
		// A range-over-func body: its exits are checked on its caller's
		// paths (rangefunc.go).
		exits := r.yieldExits()
		fa.pa.mu.Lock()
		fa.pa.yields[fa.fn] = exits // a re-analysis (recursion) replaces it
		fa.pa.mu.Unlock()
	} else {
		res.leaks = r.leaks()
	}
	res.panics = r.panicCalls()
	res.summary = r.summary()
	res.entryHeld = r.entryHeld
	if fa.truncated {
		res.truncated = true
		res.summary = &Summary{Acquires: res.summary.Acquires, Signals: res.summary.Signals, Panics: res.summary.Panics, blocks: res.summary.blocks}
	}
	res.blockRecs = r.blocks
	reachable := make(map[*ssa.BasicBlock]map[*ssa.BasicBlock]bool) // per go statement's block
	for _, pos := range r.condOrder {
		rec := r.conds[pos]
		if rec.op == opCondWait || rec.op == opCondWaitFor {
			for _, g := range r.goSigs {
				same := g.path == rec.path || (g.root == rec.root && fa.paths.node(g.path).class == fa.paths.node(rec.path).class && rec.field.Kind != ClassNone)
				if reachable[g.block] == nil {
					reachable[g.block] = reach(g.block, func(x *ssa.BasicBlock) []*ssa.BasicBlock { return x.Succs })
				}
				before := reachable[g.block][rec.block] || (g.block == rec.block && g.pos < rec.pos)
				if same && before && !slices.Contains(rec.goSigs, g.pos) {
					rec.goSigs = append(rec.goSigs, g.pos)
				}
			}
		}
		res.condRecs = append(res.condRecs, rec)
	}
	return res
}

// leaks finds the exits that leave a lock held although other paths
// release it, and local locks that nothing ever releases.
func (r *recorder) leaks() []Leak {
	fa := r.fa
	var out []Leak
	seen := make(map[[2]int]bool) // (site, pos) reported
	never := make(map[int]bool)
	add := func(l Leak, site int) {
		k := [2]int{site, int(l.Pos)}
		if !l.Pos.IsValid() || seen[k] || l.shared == sharedLost {
			return
		}
		seen[k] = true
		out = append(out, l)
	}
	for _, e := range r.exits {
		if e.noreturn {
			continue
		}
		for _, h := range e.state.held {
			if h.reacq {
				continue // the caller's lock, taken back: the caller still holds it
			}
			if h.count == manyReads {
				continue // read-locked in a loop an unknown number of times
			}
			si := fa.sites[h.site]
			if !r.releasedAny[h.site] {
				if _, ok := e.instr.(*ssa.Return); ok && !never[h.site] && fa.localOnly(si.path) {
					never[h.site] = true
					pos, kind := fa.exitPos(e.instr)
					add(Leak{Pos: pos, Kind: kind, Lock: si.ref, Mode: h.mode, AcqPos: fa.pa.callStart(si.pos), NeverReleased: true}, h.site)
				}
				continue // an acquire helper: its callers are checked
			}
			if ret, ok := e.instr.(*ssa.Return); ok && (r.resultSaysHeld(h.site) || fa.returnsLock(ret, h.path)) {
				continue
			}
			base := Leak{Lock: si.ref, Mode: h.mode, AcqPos: fa.pa.callStart(si.pos), Releases: r.releasedBy[h.site]}
			if _, ok := e.instr.(*ssa.Panic); ok {
				base.Pos, base.Kind = fa.pa.callStart(e.instr.Pos()), ExitPanic
				add(base, h.site)
				continue
			}
			if r.aliasReleased[h.site] && !r.directReleased[h.site] {
				// Released on other paths only under another name (lock
				// every element in one loop, unlock every one in
				// another): which instance is which is lost.
				continue
			}
			branches, direct := r.leavingBranches(e.block, h.site)
			if direct {
				l := base
				l.Pos, l.Kind = fa.exitPos(e.instr)
				l.shared = r.sharedExit(e.instr, h)
				add(l, h.site)
			}
			for _, br := range branches {
				l := base
				l.Pos = br.Pos()
				switch br.Tok {
				case token.BREAK:
					l.Kind = ExitBreak
				case token.CONTINUE:
					l.Kind = ExitContinue
				default:
					l.Kind = ExitGoto
				}
				add(l, h.site)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Leak) int { return cmp.Compare(a.Pos, b.Pos) })
	return out
}

// sharedExit classifies a leak at a return that another path reaches
// having released the lock: the paths parted at an if or switch with no
// break, continue or goto to blame. The leak is then reported unless
// the engine may have lost track: the holding is stale (an earlier
// iteration's instance, released on the other path under a name the
// engine could not match), or the lock's class is released elsewhere by
// a function that did not acquire it (a hold recorded in a flag and
// released by another method: see Result.leaks).
func (r *recorder) sharedExit(instr ssa.Instruction, h holding) sharing {
	cls := r.fa.paths.node(h.path).class
	for _, e := range r.exits {
		if e.instr != instr || slices.ContainsFunc(e.state.held, func(x holding) bool { return x.site == h.site }) {
			continue
		}
		for _, rel := range e.state.released {
			if rel.path == h.path || (cls.Kind != ClassNone && r.fa.paths.node(rel.path).class == cls) {
				if h.stale || r.fa.imprecise(h.path) {
					return sharedLost
				}
				return sharedClass
			}
		}
	}
	return notShared
}

// sharing says how a leaking return is shared with a releasing path.
type sharing uint8

const (
	notShared   sharing = iota
	sharedClass         // report unless the class is released unheld elsewhere in the package
	sharedLost          // never report: the engine lost the lock's identity
)

// resultSaysHeld reports whether the function tells its caller by a
// result whether it returns holding the lock from site: some result is
// a constant at every return that holds it (true, nil) and something
// else at every return that does not (false, an error). Such a function
// is a conditional acquire helper (TryLock-like, or "lock and validate,
// unlock on error"), not a leak.
func (r *recorder) resultSaysHeld(site int) bool {
	var held, clean []*ssa.Return
	for _, e := range r.exits {
		ret, ok := e.instr.(*ssa.Return)
		if !ok || e.noreturn {
			continue
		}
		if slices.ContainsFunc(e.state.held, func(h holding) bool { return h.site == site }) {
			held = append(held, ret)
		} else {
			clean = append(clean, ret)
		}
	}
	if len(held) == 0 || len(clean) == 0 {
		return false
	}
	// Only a success report counts: a bool result that is true at every
	// holding return, or an error result that is nil there, and
	// something else at every other return. (A zero value returned with
	// an error, `return "", err`, says nothing.)
	success := func(v ssa.Value) bool {
		c, ok := v.(*ssa.Const)
		if !ok {
			return false
		}
		if isError(v.Type()) {
			return c.IsNil()
		}
		return c.Value != nil && c.Value.Kind() == constant.Bool && constant.BoolVal(c.Value)
	}
	for i := range held[0].Results {
		t := held[0].Results[i].Type()
		if !isError(t) && !isBool(t) {
			continue
		}
		ok := true
		for _, ret := range held {
			ok = ok && success(returned(ret, i))
		}
		for _, ret := range clean {
			ok = ok && !success(returned(ret, i))
		}
		if ok {
			return true
		}
	}
	return false
}

// returnsLock reports whether a return hands the lock at path p to the
// caller: it returns the lock itself, or a value through which p is
// reached (the row whose mutex it locked). Ownership passes to the
// caller, which unlocks it: not a leak. A result merged from several
// paths (a named result set on one of them: lock = &c.rlock; break)
// hands it over when every value it merges is a constant (nil on the
// other paths) or hands it over.
func (fa *funcAnalysis) returnsLock(ret *ssa.Return, p pathID) bool {
	for i := range ret.Results {
		if fa.handsOver(returned(ret, i), p, 0) {
			return true
		}
	}
	return false
}

// handsOver reports whether returning v hands the lock at path p to the
// caller (see returnsLock); depth bounds the phis looked through.
func (fa *funcAnalysis) handsOver(v ssa.Value, p pathID, depth int) bool {
	if _, ok := v.(*ssa.Const); ok {
		return false
	}
	q := fa.pathOf(v)
	for id := p; id != 0; id = fa.paths.node(id).parent {
		if id == q {
			return true
		}
	}
	phi, ok := v.(*ssa.Phi)
	if !ok || depth >= maxPhiDepth {
		return false
	}
	some := false
	for _, e := range phi.Edges {
		if _, ok := e.(*ssa.Const); ok {
			continue
		}
		if e == ssa.Value(phi) || !fa.handsOver(e, p, depth+1) {
			return false
		}
		some = true
	}
	return some
}

// maxPhiDepth bounds the nested phis handsOver looks through.
const maxPhiDepth = 4

// returned is the value ret returns as its i-th result. In a function
// with deferred calls go/ssa spills each result to a slot before running
// them (they may change named results) and returns what it loads back:
// `*r1 = nil:error; rundefers; t9 = *r1; return t5, t9`. A load of a
// slot is the value last stored to it in the return's block, when the
// block stores one; otherwise the result as it is. (A slot a deferred
// function could change, a named result it captures or whose address is
// taken, lives on the heap: its load is kept.)
func returned(ret *ssa.Return, i int) ssa.Value {
	v := ret.Results[i]
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return v
	}
	slot, ok := load.X.(*ssa.Alloc)
	if !ok || slot.Heap {
		return v
	}
	instrs := ret.Block().Instrs
	at := slices.Index(instrs, ssa.Instruction(load))
	for j := at - 1; j >= 0; j-- {
		if st, ok := instrs[j].(*ssa.Store); ok && st.Addr == slot {
			return st.Val
		}
	}
	return v
}

// exitPos is where a Return is reported: the return statement, or the
// closing brace of a body that falls off its end.
func (fa *funcAnalysis) exitPos(instr ssa.Instruction) (token.Pos, ExitKind) {
	if instr.Pos().IsValid() {
		return instr.Pos(), ExitReturn
	}
	switch syn := fa.fn.Syntax().(type) {
	case *ast.FuncDecl:
		if syn.Body != nil {
			return syn.Body.Rbrace, ExitEnd
		}
	case *ast.FuncLit:
		return syn.Body.Rbrace, ExitEnd
	}
	return fa.fn.Pos(), ExitEnd
}

// leavingBranches finds the break, continue and goto statements through
// which the holding from site reaches the exit block: walking back from
// the exit over the edges some path takes holding it, each path stops at
// the first edge that is such a statement leaving a loop (or switch, or
// select) that holds the acquisition, or at the acquisition. direct
// reports whether some path reaches the exit from the acquisition
// through no such statement (or none is found): the exit is then
// reported too.
func (r *recorder) leavingBranches(exit *ssa.BasicBlock, site int) (out []*ast.BranchStmt, direct bool) {
	fa := r.fa
	acq := fa.sites[site].pos
	visited := map[*ssa.BasicBlock]bool{exit: true}
	work := []*ssa.BasicBlock{exit}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		for _, p := range b.Preds {
			if !r.holdsOn(p, b, site) {
				continue
			}
			if br := r.leavingBranch(p, b, acq); br != nil {
				if !slices.Contains(out, br) {
					out = append(out, br)
				}
				continue
			}
			switch r.lastOpIn(p, site) {
			case opAcquire:
				direct = true
				continue
			case opRelease:
				// Held still after a release of the lock: a holding from
				// before (an earlier iteration's, or one more read
				// count), which this path did not take here.
				continue
			}
			if !visited[p] {
				visited[p] = true
				work = append(work, p)
			}
		}
	}
	slices.SortFunc(out, func(a, b *ast.BranchStmt) int { return cmp.Compare(a.Pos(), b.Pos()) })
	return out, direct || len(out) == 0
}

// leavingBranch returns the first break, continue or goto that the edge
// from b to succ implements out of a loop, switch or select that holds
// the acquisition at acq, or nil.
func (r *recorder) leavingBranch(b, succ *ssa.BasicBlock, acq token.Pos) *ast.BranchStmt {
	for _, br := range r.fa.pa.branchOf(r.fa.fn, b, succ) {
		if r.fa.pa.leavesAround(r.fa.fn, br, acq) {
			return br
		}
	}
	return nil
}

// holdsOn reports whether some path leaves b for succ holding the lock
// from site.
func (r *recorder) holdsOn(b, succ *ssa.BasicBlock, site int) bool {
	return slices.Contains(r.outs[edge{b, succ}], site)
}

// lastOpIn returns opAcquire when the last operation of block b on the
// lock of site is the acquisition at site, opRelease when it is a
// release of the lock (an unlock, or a call of a release helper that
// releases it whatever happens: not unlockIf(s.strict)), and opNone when
// b does neither.
func (r *recorder) lastOpIn(b *ssa.BasicBlock, site int) opKind {
	fa := r.fa
	pos, p := fa.sites[site].pos, fa.sites[site].path
	for i := len(b.Instrs) - 1; i >= 0; i-- {
		c, ok := b.Instrs[i].(ssa.CallInstruction)
		if !ok {
			continue
		}
		if c.Common().Pos() == pos || b.Instrs[i].Pos() == pos {
			return opAcquire
		}
		if _, isCall := c.(*ssa.Call); isCall && fa.releasesAt(c.Common(), p, true) {
			return opRelease
		}
	}
	return opNone
}

// localOnly reports whether path p is a lock in a local variable of this
// function that nothing else can reach: only lock operations use it.
func (fa *funcAnalysis) localOnly(p pathID) bool {
	n := fa.paths.node(p)
	for n.parent != 0 {
		if n.step.kind != stepField {
			return false
		}
		n = fa.paths.node(n.parent)
	}
	alloc, ok := n.root.value.(*ssa.Alloc)
	if !ok || n.root.kind != rootValue || alloc.Parent() != fa.fn {
		return false
	}
	var onlyLocked func(v ssa.Value, depth int) bool
	onlyLocked = func(v ssa.Value, depth int) bool {
		if depth > 8 {
			return false
		}
		for _, ref := range *v.Referrers() {
			switch ref := ref.(type) {
			case *ssa.FieldAddr:
				if !onlyLocked(ref, depth+1) {
					return false
				}
			case ssa.CallInstruction:
				if p, recv := classify(ref.Common()); p.op == opNone || recv != v {
					return false
				}
			case *ssa.DebugRef:
			default:
				return false
			}
		}
		return true
	}
	return onlyLocked(alloc, 0)
}

// panicCalls keeps the calls that can panic while holding a lock that a
// plain release frees on the normal path.
func (r *recorder) panicCalls() []PanicCall {
	fa := r.fa
	var out []PanicCall
	seen := make(map[[2]int]bool)
	for _, c := range r.panicCands {
		if len(r.releasedBy[c.site]) == 0 || r.handed[c.site] {
			continue
		}
		k := [2]int{int(c.pos), c.site}
		if seen[k] {
			continue
		}
		seen[k] = true
		si := fa.sites[c.site]
		out = append(out, PanicCall{Pos: fa.pa.callStart(c.pos), Callee: c.callee, Lock: si.ref, AcqPos: fa.pa.callStart(si.pos), Releases: r.releasedBy[c.site]})
	}
	slices.SortStableFunc(out, func(a, b PanicCall) int { return cmp.Compare(a.Pos, b.Pos) })
	return out
}

// summary assembles the function's effect on locks.
func (r *recorder) summary() *Summary {
	fa := r.fa
	s := &Summary{Acquires: fewPerClass(r.sumAcq), ResultReleases: r.sumRes, Signals: r.sumSig}
	// Holds: what every return leaves held; Releases: what every return
	// has released without holding it. (A conditional acquire or release
	// helper is neither: its callers cannot pair it by its summary.)
	first := true
	var holds, rels, mayRels []Effect
	var perExit, perExitRel []exitHold
	for _, e := range r.exits {
		if _, ok := e.instr.(*ssa.Return); !ok || e.noreturn {
			continue
		}
		var relHere []Effect
		for _, x := range e.state.released {
			if !x.unheld {
				continue
			}
			if rel, ok := r.relOf(x.path); ok {
				ref := r.unheldRefs[x.path]
				relHere = append(relHere, Effect{Lock: rel, Mode: x.mode, Type: ref.Type, Reentrant: ref.Reentrant, Class: fa.paths.node(x.path).class})
			}
		}
		for _, x := range relHere {
			if !slices.ContainsFunc(mayRels, func(y Effect) bool { return x.Lock.equal(y.Lock) && x.Mode == y.Mode }) {
				mayRels = append(mayRels, x)
			}
		}
		if first {
			rels = relHere
		} else {
			rels = slices.DeleteFunc(rels, func(x Effect) bool {
				return !slices.ContainsFunc(relHere, func(y Effect) bool { return x.Lock.equal(y.Lock) && x.Mode == y.Mode })
			})
		}
		var here []Effect
		for _, h := range e.state.held {
			if h.stale || r.handed[h.site] {
				continue
			}
			rel, ok := r.relOf(h.path)
			if _, unheld := r.unheldRefs[h.path]; !ok || unheld {
				// A lock released and taken again here was the caller's
				// to begin with: not an acquire helper's.
				continue
			}
			ref := fa.sites[h.site].ref
			here = append(here, Effect{Lock: rel, Mode: h.mode, Type: ref.Type, Reentrant: ref.Reentrant, Class: fa.paths.node(h.path).class})
		}
		g := r.guards(e.state)
		perExit = append(perExit, exitHold{here: here, guards: g})
		perExitRel = append(perExitRel, exitHold{here: relHere, guards: g})
		if first {
			holds, first = here, false
			continue
		}
		holds = slices.DeleteFunc(holds, func(x Effect) bool {
			return !slices.ContainsFunc(here, func(y Effect) bool { return x.Lock.equal(y.Lock) && x.Mode == y.Mode })
		})
	}
	s.Holds = append(holds, guardedHolds(perExit, holds)...)
	for _, x := range rels {
		r.entryHeld = addGate(r.entryHeld, Gate{Class: x.Class, Mode: x.Mode})
	}
	s.Releases = append(rels, guardedHolds(perExitRel, rels)...)
	s.MayReleases = slices.DeleteFunc(mayRels, func(x Effect) bool {
		return slices.ContainsFunc(s.Releases, func(y Effect) bool { return x.Lock.equal(y.Lock) && x.Mode == y.Mode })
	})
	s.Panics = fa.panicConds()
	s.Ensures = fa.ensures()
	s.Calls = r.paramCallsSummary()
	s.Normalize()
	s.blocks = r.sumBlocks
	return s
}

// exitHold is what one return holds, and the guards its path assumed.
type exitHold struct {
	here   []Effect
	guards []Guard
}

// guardedHolds finds the conditional acquire helpers' holds: a lock held
// at the returns whose paths all assumed some guards, and not held at
// the returns whose paths contradict them (lock := func() { if needLock
// { s.mu.Lock() } }: holds s.mu if needLock). The same for the
// conditional release helpers' releases.
func guardedHolds(exits []exitHold, always []Effect) []Effect {
	same := func(a, b Effect) bool { return a.Lock.equal(b.Lock) && a.Mode == b.Mode }
	var out []Effect
	for _, e := range exits {
		for _, x := range e.here {
			if slices.ContainsFunc(always, func(y Effect) bool { return same(x, y) }) ||
				slices.ContainsFunc(out, func(y Effect) bool { return same(x, y) }) {
				continue
			}
			var common []Guard
			firstHolding := true
			ok := true
			for _, f := range exits {
				if slices.ContainsFunc(f.here, func(y Effect) bool { return same(x, y) }) {
					if firstHolding {
						common, firstHolding = slices.Clone(f.guards), false
					} else {
						common = slices.DeleteFunc(common, func(g Guard) bool { return !slices.Contains(f.guards, g) })
					}
				}
			}
			if len(common) == 0 {
				continue
			}
			for _, f := range exits {
				if slices.ContainsFunc(f.here, func(y Effect) bool { return same(x, y) }) {
					continue
				}
				// A return without the lock must contradict a guard.
				contra := false
				for _, g := range common {
					if slices.ContainsFunc(f.guards, func(h Guard) bool { return sameTest(g, h) && h.Value != g.Value }) {
						contra = true
					}
				}
				if !contra {
					ok = false
					break
				}
			}
			if ok {
				x.Guard = common
				out = append(out, x)
			}
		}
	}
	return out
}

// sameTest reports whether two guards test the same thing.
func sameTest(a, b Guard) bool {
	return a.Param == b.Param && a.Nil == b.Nil && a.Deref == b.Deref && a.Cmp == b.Cmp
}

func isError(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

func isBool(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == types.Bool
}

// maxPerClass bounds a summary's acquisitions of one lock class in one
// mode. A function that walks a recursive structure reaches the same
// class through ever longer paths (go/types' (*Checker).builtin acquires
// Named.mu as x.typ.key.key.key.mu and a hundred more), and every caller
// translates every one of them. Order edges are between classes, so one
// acquisition per class keeps them; a caller can name the short paths
// only: the unconditional and shortest are kept.
const maxPerClass = 4

// fewPerClass returns the acquisitions with at most maxPerClass per class
// and mode, in their order.
func fewPerClass(acqs []Effect) []Effect {
	type cm struct {
		c Class
		m Mode
	}
	count := make(map[cm]int)
	over := false
	for _, e := range acqs {
		if e.Class.Kind == ClassNone {
			continue
		}
		k := cm{e.Class, e.Mode}
		count[k]++
		over = over || count[k] > maxPerClass
	}
	if !over {
		return acqs
	}
	keep := make([]bool, len(acqs))
	byClass := make(map[cm][]int)
	for i, e := range acqs {
		k := cm{e.Class, e.Mode}
		if e.Class.Kind == ClassNone || count[k] <= maxPerClass {
			keep[i] = true
			continue
		}
		byClass[k] = append(byClass[k], i)
	}
	for _, idx := range byClass {
		slices.SortStableFunc(idx, func(a, b int) int {
			x, y := acqs[a], acqs[b]
			if c := cmp.Compare(len(x.Guard), len(y.Guard)); c != 0 {
				return c
			}
			if c := cmp.Compare(len(x.Without), len(y.Without)); c != 0 {
				return c
			}
			return cmp.Compare(len(x.Lock.Steps), len(y.Lock.Steps))
		})
		for _, i := range idx[:maxPerClass] {
			keep[i] = true
		}
	}
	var out []Effect
	for i, e := range acqs {
		if keep[i] {
			out = append(out, e)
		}
	}
	return out
}
