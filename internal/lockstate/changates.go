package lockstate

import (
	"go/token"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// The locks a goroutine must take before it can complete an operation,
// and the mixed deadlocks they close.
//
// For an operation in function G the engine takes, by must-analyses over
// G's control-flow graph (the locks acquired on every path; meet:
// intersection):
//
//   - the locks acquired on every path from G's entry to the operation
//     (a deferred wg.Done: to every RunDefers);
//   - the locks acquired on every path from the operation back to itself
//     (a loop that receives and then locks: after its first receive, it
//     locks before each next one); for a select case, from the case's
//     body;
//   - the locks held or acquired at every call of G, when its calls are
//     all known (chanflow.go), recursively: a helper whose every caller
//     locks first.
//
// A wg.Done that G's own wg.Add precedes on every path needs only the
// locks acquired on every path from the Add to it (sinceAdd): a Wait
// waits only for goroutines already counted.
//
// An acquisition is a blocking Lock or RLock (TryLock never blocks), or a
// call whose summary acquires a lock unconditionally. A waiter that holds
// lock L blocks for ever when every counterpart must take L first (one of
// the two in write mode). When the waiter's lock and the resource belong
// to one object (c.mu and c.samples), the counterpart's must too: a
// goroutine locking another node's mutex before it receives on its own
// channel does not wait for the waiter.

// gateAcq is a lock acquired on the way to an operation.
type gateAcq struct {
	class Class
	mode  Mode
	pos   token.Pos
	name  string
	path  pathID // in the function's path table; 0 when taken by a caller
	loop  bool   // taken between two executions of the operation only
}

// gateSet is the locks acquired on every path to a point, sorted by
// class; a nil *gateSet is the top of the lattice (no path yet).
type gateSet struct{ acqs []gateAcq }

func (g *gateSet) has(c Class) bool {
	return g != nil && slices.ContainsFunc(g.acqs, func(a gateAcq) bool { return a.class == c })
}

// meet intersects two sets (nil is top); a class acquired in both modes
// keeps the weaker (read).
func meet(a, b *gateSet) *gateSet {
	if a == nil {
		return b
	}
	if b == nil {
		return a
	}
	out := &gateSet{}
	for _, x := range a.acqs {
		i := slices.IndexFunc(b.acqs, func(y gateAcq) bool { return y.class == x.class })
		if i < 0 {
			continue
		}
		if b.acqs[i].mode == Read {
			x.mode = Read
		}
		out.acqs = append(out.acqs, x)
	}
	return out
}

func (g *gateSet) equal(h *gateSet) bool {
	if g == nil || h == nil {
		return g == h
	}
	return slices.EqualFunc(g.acqs, h.acqs, func(a, b gateAcq) bool { return a.class == b.class && a.mode == b.mode })
}

// plus adds acquisitions (the first of a class is kept, in the stronger
// mode).
func (g *gateSet) plus(acqs []gateAcq) *gateSet {
	out := &gateSet{acqs: slices.Clone(g.acqs)}
	for _, a := range acqs {
		if i := slices.IndexFunc(out.acqs, func(x gateAcq) bool { return x.class == a.class }); i >= 0 {
			if a.mode == Write {
				out.acqs[i].mode = Write
			}
			continue
		}
		out.acqs = append(out.acqs, a)
	}
	slices.SortStableFunc(out.acqs, func(x, y gateAcq) int { return cmpClass(x.class, y.class) })
	return out
}

// gateFlow is the must-analysis of one function.
type gateFlow struct {
	ix      *chanIndex
	fa      *funcAnalysis
	gen     map[ssa.Instruction][]gateAcq
	entryIn []*gateSet
}

func (ix *chanIndex) gateFlowOf(fn *ssa.Function) *gateFlow {
	if g, ok := ix.gates[fn]; ok {
		return g
	}
	g := &gateFlow{ix: ix, fa: newFuncAnalysis(ix.pa, fn), gen: make(map[ssa.Instruction][]gateAcq)}
	ix.gates[fn] = g
	g.entryIn = g.solve(map[int]*gateSet{0: {}})
	return g
}

// acquires returns the locks instr acquires unconditionally.
func (g *gateFlow) acquires(instr ssa.Instruction) []gateAcq {
	if a, ok := g.gen[instr]; ok {
		return a
	}
	var out []gateAcq
	if call, ok := instr.(*ssa.Call); ok {
		fa := g.fa
		c := &call.Call
		prim, recv := classify(c)
		switch {
		case prim.op == opAcquire && recv != nil:
			p, mode := fa.lockOf(recv, prim.mode)
			if cls := fa.paths.node(p).class; cls.Kind != ClassNone && !prim.counting {
				out = append(out, gateAcq{class: cls, mode: mode, pos: fa.pa.callStart(c.Pos()), name: fa.ref(p, prim, c.Pos()).Name, path: p})
			}
		case prim.op == opNone:
			callee, args := fa.callee(c)
			if callee == nil {
				break
			}
			for _, m := range g.ix.mustAcquire(callee) {
				p := fa.subst(m.rel, args, len(callee.Params))
				out = append(out, gateAcq{class: m.class, mode: m.mode, pos: fa.pa.callStart(c.Pos()), name: fa.render(p), path: p})
			}
		}
	}
	g.gen[instr] = out
	return out
}

// mustAcq is a lock a function acquires on every path to its returns,
// in its caller's terms.
type mustAcq struct {
	class Class
	mode  Mode
	rel   RelPath
}

// mustAcquire returns the locks a function of the package acquires on
// every path from its entry to a return (a callee of another package, or
// a recursive one, acquires none: fewer gates, never a report).
func (ix *chanIndex) mustAcquire(fn *ssa.Function) []mustAcq {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if m, ok := ix.mustMemo[fn]; ok {
		return m
	}
	ix.mustMemo[fn] = nil // recursion: none
	if fn.Pkg == nil || fn.Pkg.Pkg != ix.pa.pass.Pkg || len(fn.Blocks) == 0 {
		return nil
	}
	g := ix.gateFlowOf(fn)
	at := g.atReturns()
	var out []mustAcq
	if at != nil {
		r := newRecorder(g.fa)
		for _, a := range at.acqs {
			if rel, ok := r.relOf(a.path); ok && rel.Root != RootOuter {
				out = append(out, mustAcq{class: a.class, mode: a.mode, rel: rel})
			}
		}
	}
	ix.mustMemo[fn] = out
	return out
}

// apply adds the acquisitions of instrs to in.
func (g *gateFlow) apply(in *gateSet, instrs []ssa.Instruction) *gateSet {
	out := in
	for _, instr := range instrs {
		if a := g.acquires(instr); len(a) > 0 {
			out = out.plus(a)
		}
	}
	return out
}

// solve runs the must-analysis from seeds (a set flowing into a block
// from outside the graph) and returns each block's input (nil: not
// reached).
func (g *gateFlow) solve(seeds map[int]*gateSet) []*gateSet {
	blocks := g.fa.fn.Blocks
	in := make([]*gateSet, len(blocks))
	var work []int
	queued := make([]bool, len(blocks))
	for b, s := range seeds {
		in[b] = meet(in[b], s)
		if !queued[b] {
			queued[b] = true
			work = append(work, b)
		}
	}
	slices.Sort(work)
	for steps := 0; len(work) > 0; steps++ {
		if steps > stepsPerBlock*len(blocks)+256 {
			// Budget: no gate at all (never a report).
			Debugf("%s: %s: the must-analysis of its locks did not settle (budget): no gates", g.ix.pa.pkgPath, g.fa.fn)
			for i := range in {
				in[i] = &gateSet{}
			}
			return in
		}
		b := work[0]
		work = work[1:]
		queued[b] = false
		out := g.apply(in[b], blocks[b].Instrs)
		for _, s := range blocks[b].Succs {
			n := meet(in[s.Index], out)
			if seed, ok := seeds[s.Index]; ok {
				n = meet(n, seed)
			}
			if !n.equal(in[s.Index]) || in[s.Index] == nil {
				in[s.Index] = n
				if !queued[s.Index] {
					queued[s.Index] = true
					work = append(work, s.Index)
				}
			}
		}
	}
	return in
}

// at is the set at instruction i of block b, given the block inputs.
func (g *gateFlow) at(in []*gateSet, b *ssa.BasicBlock, i int) *gateSet {
	if in[b.Index] == nil {
		return nil
	}
	return g.apply(in[b.Index], b.Instrs[:i])
}

// atReturns is the meet over the function's returns of the set there, or
// nil when it never returns.
func (g *gateFlow) atReturns() *gateSet {
	var at *gateSet
	for _, b := range g.fa.fn.Blocks {
		if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			if s := g.at(g.entryIn, b, instrIndex(ret)); s != nil {
				at = meet(at, s)
			}
		}
	}
	return at
}

// atRunDefers is the meet over the function's RunDefers of the set there
// (where a deferred call runs).
func (g *gateFlow) atRunDefers(in []*gateSet) *gateSet {
	var out *gateSet
	for _, b := range g.fa.fn.Blocks {
		for i, instr := range b.Instrs {
			if _, ok := instr.(*ssa.RunDefers); ok {
				if s := g.at(in, b, i); s != nil {
					out = meet(out, s)
				}
			}
		}
	}
	if out == nil {
		return &gateSet{}
	}
	return out
}

func instrIndex(instr ssa.Instruction) int {
	return indexOf(instr.Block().Instrs, instr)
}

// gatesOf returns the locks the goroutine of op must take before op (see
// the comment at the top of the file).
func (ix *chanIndex) gatesOf(op *chanOp) *gateSet {
	if g, ok := ix.gateMemo[op]; ok {
		return g
	}
	g := ix.computeGates(op)
	ix.gateMemo[op] = g
	return g
}

func (ix *chanIndex) computeGates(op *chanOp) *gateSet {
	if op.kind == waitGroupGo {
		// wg.Go(f): Done when f returns, in a goroutine of its own.
		if f := goArgFunc(op.instr); f != nil {
			if at := ix.gateFlowOf(f).atReturns(); at != nil {
				return at
			}
		}
		return &gateSet{}
	}
	g := ix.gateFlowOf(op.fn)
	b := op.instr.Block()
	i := instrIndex(op.instr)
	if op.kind == WaitGroupDone {
		if add := g.addBefore(op); add != nil {
			return g.sinceAdd(add, op)
		}
	}
	var entry *gateSet
	if _, deferred := op.instr.(*ssa.Defer); deferred {
		entry = g.atRunDefers(g.entryIn)
	} else {
		entry = g.at(g.entryIn, b, i)
	}
	if entry == nil {
		entry = &gateSet{}
	}
	out := entry
	// From the operation back to itself.
	var seeds map[int]*gateSet
	switch {
	case op.index >= 0:
		if body := selectCaseBody(op.instr.(*ssa.Select), op.index); body != nil {
			seeds = map[int]*gateSet{body.Index: {}}
		}
	default:
		if _, deferred := op.instr.(*ssa.Defer); !deferred {
			rest := g.apply(&gateSet{}, b.Instrs[i+1:])
			seeds = make(map[int]*gateSet)
			for _, s := range b.Succs {
				seeds[s.Index] = meet(seeds[s.Index], rest)
			}
		}
	}
	if seeds != nil {
		if back := g.at(g.solve(seeds), b, i); back != nil {
			var loop []gateAcq
			for _, a := range back.acqs {
				if !out.has(a.class) {
					a.loop = true
					loop = append(loop, a)
				}
			}
			out = out.plus(loop)
		}
	}
	// At every call of the function.
	if ctx := ix.context(op.fn, 0); ctx != nil {
		var more []gateAcq
		for _, a := range ctx.acqs {
			if !out.has(a.class) {
				a.path = 0
				more = append(more, a)
			}
		}
		out = out.plus(more)
	}
	return out
}

// addBefore returns the wg.Add on op's WaitGroup (the same path) that
// comes before op, a Done, on every path through op's function (its
// block dominates op's, or it is earlier in the same block), or nil. A
// deferred Done counts from its defer statement.
func (g *gateFlow) addBefore(op *chanOp) *ssa.Call {
	b, at := op.instr.Block(), instrIndex(op.instr)
	wgPath := g.fa.pathOf(op.value)
	for _, blk := range op.fn.Blocks {
		if !blk.Dominates(b) {
			continue
		}
		for j, instr := range blk.Instrs {
			if blk == b && j >= at {
				break
			}
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			if kind, wg := waitGroupOp(&call.Call); kind == 0 && wg != nil && isAdd(&call.Call) && g.fa.pathOf(wg) == wgPath {
				return call
			}
		}
	}
	return nil
}

// isAdd reports whether c, a call of a sync.WaitGroup method, is one of
// Add.
func isAdd(c *ssa.CallCommon) bool {
	fn, ok := c.Value.(*ssa.Function)
	return ok && fn.Name() == "Add"
}

// sinceAdd is the set of locks acquired on every path from add to op, a
// Done on the same WaitGroup: a goroutine's Done is awaited by a Wait
// only once its Add has counted it, so the locks it takes before the Add
// (wgMutex.Lock(); wg.Add(1); wgMutex.Unlock(); defer wg.Done(), the
// guard against an Add racing the Wait) are not needed to complete the
// Wait, nor are those its callers hold.
func (g *gateFlow) sinceAdd(add *ssa.Call, op *chanOp) *gateSet {
	ab, ai := add.Block(), instrIndex(add)
	rest := g.apply(&gateSet{}, ab.Instrs[ai+1:])
	seeds := make(map[int]*gateSet)
	for _, s := range ab.Succs {
		seeds[s.Index] = meet(seeds[s.Index], rest)
	}
	in := g.solve(seeds)
	// In the Add's own block, what follows the Add counts from the Add
	// (the block's input is that of a path round a loop back to it).
	fromAdd := func(b *ssa.BasicBlock, i int) *gateSet {
		if b == ab && i > ai {
			return g.apply(&gateSet{}, ab.Instrs[ai+1:i])
		}
		return g.at(in, b, i)
	}
	var out *gateSet
	if _, deferred := op.instr.(*ssa.Defer); deferred {
		for _, b := range g.fa.fn.Blocks {
			for i, instr := range b.Instrs {
				if _, ok := instr.(*ssa.RunDefers); ok {
					if s := fromAdd(b, i); s != nil {
						out = meet(out, s)
					}
				}
			}
		}
	} else {
		out = fromAdd(op.instr.Block(), instrIndex(op.instr))
	}
	if out == nil {
		return &gateSet{}
	}
	return out
}

// goArgFunc returns the function of the package a wg.Go call runs, or
// nil.
func goArgFunc(instr ssa.Instruction) *ssa.Function {
	ci, ok := instr.(ssa.CallInstruction)
	if !ok || len(ci.Common().Args) < 2 {
		return nil
	}
	var fn *ssa.Function
	switch f := ci.Common().Args[1].(type) {
	case *ssa.Function:
		fn = f
	case *ssa.MakeClosure:
		fn, _ = f.Fn.(*ssa.Function)
	}
	if fn == nil || len(fn.Blocks) == 0 || fn.Synthetic != "" {
		return nil
	}
	return fn
}

// context returns the locks acquired (or held) at every call of fn, when
// its calls are all known; nil otherwise.
func (ix *chanIndex) context(fn *ssa.Function, depth int) *gateSet {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if s, ok := ix.ctxMemo[fn]; ok {
		return s
	}
	if ix.unknown[fn] || len(ix.sites[fn]) == 0 || depth > 6 || ix.ctxBusy[fn] {
		return nil
	}
	ix.ctxBusy[fn] = true
	var out *gateSet
	for _, site := range ix.sites[fn] {
		var here *gateSet
		caller := site.Parent()
		g := ix.gateFlowOf(caller)
		switch site.(type) {
		case *ssa.Go:
			here = &gateSet{} // a new goroutine: nothing taken on its way
		case *ssa.Defer:
			here = g.atRunDefers(g.entryIn)
		default:
			here = g.at(g.entryIn, site.Block(), instrIndex(site))
		}
		if here == nil {
			here = &gateSet{}
		}
		if _, isGo := site.(*ssa.Go); !isGo {
			if up := ix.context(caller, depth+1); up != nil {
				here = here.plus(up.acqs)
			}
		}
		out = meet(out, here)
		if len(out.acqs) == 0 {
			break
		}
	}
	delete(ix.ctxBusy, fn)
	if depth == 0 {
		ix.ctxMemo[fn] = out
	}
	return out
}

// selectCaseBody returns the block where case i of a select starts: the
// true successor of the `index == i` test go/ssa emits.
func selectCaseBody(sel *ssa.Select, i int) *ssa.BasicBlock {
	for _, ref := range *sel.Referrers() {
		ex, ok := ref.(*ssa.Extract)
		if !ok || ex.Index != 0 {
			continue
		}
		for _, r := range *ex.Referrers() {
			bin, ok := r.(*ssa.BinOp)
			if !ok || bin.Op != token.EQL {
				continue
			}
			k, ok := bin.Y.(*ssa.Const)
			if !ok || k.Value == nil || k.Int64() != int64(i) {
				continue
			}
			for _, rr := range *bin.Referrers() {
				if iff, ok := rr.(*ssa.If); ok {
					return iff.Block().Succs[0]
				}
			}
		}
	}
	return nil
}

// Spawn order. When the waiter runs in a goroutine that the counterpart's
// function starts itself (and nothing else starts), the locks that
// function took before the go statement cannot be the ones it waits for:
// the waiter did not exist yet. Only the locks acquired on every path
// from the go statement to the counterpart's operation count (sync's
// TestCondSignalStealing locks m between two receives of one iteration,
// and starts the next waiter, which sends holding m, after that).

// spawns returns the go statements of in that start fn, when they are
// all of fn's calls; nil otherwise.
func (ix *chanIndex) spawns(fn, in *ssa.Function) []*ssa.Go {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	sites := ix.sites[fn]
	if len(sites) == 0 || ix.unknown[fn] {
		return nil
	}
	var out []*ssa.Go
	for _, s := range sites {
		g, ok := s.(*ssa.Go)
		if !ok || g.Parent() != in {
			return nil
		}
		out = append(out, g)
	}
	return out
}

// gatesAfter returns the locks x's function acquires on every path from
// one of the go statements to x (none when x is not reached from them:
// it runs before the goroutine exists).
func (ix *chanIndex) gatesAfter(gos []*ssa.Go, x *chanOp) *gateSet {
	if _, deferred := x.instr.(*ssa.Defer); deferred {
		return &gateSet{}
	}
	g := ix.gateFlowOf(x.fn)
	b, i := x.instr.Block(), instrIndex(x.instr)
	var out *gateSet
	for _, gs := range gos {
		gb, gi := gs.Block(), instrIndex(gs)
		rest := g.apply(&gateSet{}, gb.Instrs[gi+1:])
		seeds := make(map[int]*gateSet)
		for _, s := range gb.Succs {
			seeds[s.Index] = meet(seeds[s.Index], rest)
		}
		here := g.at(g.solve(seeds), b, i)
		if gb == b && gi < i {
			here = meet(here, g.apply(&gateSet{}, gb.Instrs[gi+1:i]))
		}
		out = meet(out, here)
	}
	if out == nil {
		return &gateSet{}
	}
	return out
}
