package lockstate

import (
	"go/constant"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// Budgets. Hitting one gives up on the function (it reports nothing and
// has no summary) and is counted in Stats.
const (
	maxBlocks     = 3000 // basic blocks in one function
	stepsPerBlock = 64   // block visits per block, in total, to reach the fixpoint
)

// maxStates bounds the distinct lock facts reaching one block (a
// variable so that tests can lower it).
var maxStates = 32

// truncatedStates bounds the lock facts reaching a block once a function
// is truncated: its summary keeps only acquisitions and its reports come
// from the paths followed, so following fewer costs less and makes
// nothing up (nats-server's processJetStreamMsgWithBatch took a third of
// its package's time running 32 states through 422 blocks).
var truncatedStates = 8

const ()

type giveUp string

// site is an acquisition: a Lock call, or a call of an acquire helper,
// of one lock.
type site struct {
	pos  token.Pos
	ref  LockRef
	via  bool // through a call (acquire helper)
	path pathID
	// handle is what the acquire helper returned along with the lock
	// (txn := s.Write()), or nil (see releaseByHandle).
	handle ssa.Value
	// heldBy is set for a lock a callee holds while it calls a function
	// passed to it (resolve.go): the call as written ("r.each").
	heldBy string
}

type siteKey struct {
	pos  token.Pos
	path pathID
}

// funcAnalysis is the dataflow of one function.
type funcAnalysis struct {
	pa     *pkgAnalysis
	fn     *ssa.Function
	paths  *pathTable
	sites  []site
	siteOf map[siteKey]int
	in     []stateSet
	defs   []map[ssa.Value]bool
	tries  map[ssa.Value]tryLock
	// releasers maps a value holding a function that releases locks when
	// called (the result of `release := s.begin()`) to those releases.
	releasers map[ssa.Value][]pathEffect
	// valueNames holds source names of local values passed to calls.
	valueNames map[ssa.Value]string
	pathMemo   map[ssa.Value]pathID
	pathTemp   map[ssa.Value]pathID // poisoned results of the current pathOf (see pathOf)
	pathBusy   map[ssa.Value]bool   // values being resolved
	pathSteps  int
	live       []bool // see liveBlocks
	inputMemo  map[ssa.Value][]input
	// guardsVia holds, while a callee's acquisition is applied, its
	// guards in this function's terms (added to the summary's effect).
	guardsVia []Guard
	callMemo  map[*ssa.CallCommon]*memoEffects // see callEffectsOf
	curInstr  ssa.Instruction                  // the instruction being applied
	// truncated: some paths were dropped at a block that more lock
	// states reached than maxStates. What is reported is still found on
	// real paths, but the summary keeps only the acquisitions (what the
	// function does on the dropped paths is not known).
	truncated bool
	accum     map[ssa.Instruction]bool         // see accumulates
	tracked   map[*ssa.Alloc]bool              // see trackedAlloc
	escapeAt  map[ssa.Instruction][]*ssa.Alloc // see escapingAt
	textAt    map[token.Pos]string             // how to name calls without syntax (a range-over-func body)
	domains   map[operandID][]string           // the constants a jump variable can be (see excludesAll)
	keyIDs    map[condKey]keyID                // interned condition keys (see kid)
	keyList   []condKey
	keyBlocks [][]int32 // per key, the blocks that define a value it mentions
	// keyLiveness holds, per key, the blocks where it is live (nil:
	// always), once keyLivenessDone; consultMemo the uses of a value
	// (liveness.go).
	keyLiveness     [][]bool
	keyLivenessDone []bool
	consultMemo     map[ssa.Value]consultUses
	steps           int
	rec             *recorder // nil while iterating to the fixpoint
	// reachMemo holds what each call reaches besides its static callee
	// (resolve.go); underSites the sites of the locks a callee holds
	// around a callback; reachTag tells the acquisitions of a call's
	// reached calls apart while they are recorded.
	reachMemo  map[*ssa.CallCommon]*reachEntry
	underSites map[underKey]int
	reachTag   int
}

type tryLock struct {
	onNil bool // held when the call returns a nil error, not true
	path  pathID
	mode  Mode
	pos   token.Pos
	ref   LockRef
}

// pathEffect is a summary effect translated into this function's paths.
type pathEffect struct {
	path pathID
	eff  Effect
}

func newFuncAnalysis(pa *pkgAnalysis, fn *ssa.Function) *funcAnalysis {
	fa := &funcAnalysis{
		pa:        pa,
		fn:        fn,
		paths:     newPathTable(),
		siteOf:    make(map[siteKey]int),
		tries:     make(map[ssa.Value]tryLock),
		releasers: make(map[ssa.Value][]pathEffect),

		valueNames: make(map[ssa.Value]string),
		pathMemo:   make(map[ssa.Value]pathID),
	}
	return fa
}

// solve runs the dataflow to its fixpoint and then sweeps every block
// once more to record what the passes and the summary need.
func (fa *funcAnalysis) solve() {
	blocks := fa.fn.Blocks
	if len(blocks) > maxBlocks {
		panic(giveUp("too large"))
	}
	fa.in = make([]stateSet, len(blocks))
	fa.defs = make([]map[ssa.Value]bool, len(blocks))
	for _, b := range blocks {
		defs := make(map[ssa.Value]bool)
		for _, instr := range b.Instrs {
			if v, ok := instr.(ssa.Value); ok {
				defs[v] = true
			}
		}
		fa.defs[b.Index] = defs
	}
	fa.in[0] = stateSet{&state{pending: true}}
	queue := &blockQueue{order: reversePostorder(fa.fn)}
	queue.push(blocks[0])
	queued := make([]bool, len(blocks))
	queued[0] = true
	budget := stepsPerBlock*len(blocks) + 256
	// A block runs only the inputs that changed since it last ran them:
	// the transfer is a function of the input state (the tables the flow
	// fills as it goes, such as names and releasers, are keyed by SSA
	// values whose definitions dominate their uses, so they are filled
	// before any block that reads them runs).
	for queue.Len() > 0 {
		b := queue.pop()
		queued[b.Index] = false
		if fa.steps++; fa.steps > budget {
			panic(giveUp("too many steps"))
		}
		for _, s := range fa.in[b.Index] {
			if !s.pending {
				continue // ran already, unchanged since
			}
			s.pending = false
			if debugFlag {
				fa.pa.countVisit(fa.fn)
			}
			fa.runBlock(b, s, func(succ *ssa.BasicBlock, out *state) {
				fa.enter(b, succ, out)
				fa.liveTags(succ, out)
				limit := maxStates
				if fa.truncated {
					limit = truncatedStates // see truncatedStates
				}
				changed, overflow := fa.in[succ.Index].mergeApart(out, limit, fa.publishedApart)
				if overflow {
					// More lock states than the budget reach succ: the
					// path is dropped and the analysis goes on with the
					// others (see truncated).
					fa.truncated = true
				}
				if changed && !queued[succ.Index] {
					queued[succ.Index] = true
					queue.push(succ)
				}
			})
		}
	}
	fa.rec = newRecorder(fa)
	// Lock names depend on the argument names learnt along the way:
	// translate the callees' effects again, with every name known.
	clear(fa.callMemo)
	clear(fa.reachMemo)
	for _, b := range blocks {
		for _, s := range fa.in[b.Index] {
			fa.runBlock(b, s, func(succ *ssa.BasicBlock, out *state) { fa.rec.out(b, succ, out) })
		}
	}
}

// runBlock applies the block's instructions to a copy of s and hands the
// state at the end to each feasible successor.
func (fa *funcAnalysis) runBlock(b *ssa.BasicBlock, in *state, succ func(*ssa.BasicBlock, *state)) {
	fa.runFrom(b, 0, in.clone(), succ)
}

// runFrom applies the instructions of b from index start on to s (which
// it owns).
func (fa *funcAnalysis) runFrom(b *ssa.BasicBlock, start int, s *state, succ func(*ssa.BasicBlock, *state)) {
	for i := start; i < len(b.Instrs); i++ {
		instr := b.Instrs[i]
		fa.curInstr = instr
		fa.publish(instr, s)
		if len(s.held) > 0 && fa.marksDirty(instr) {
			for i := range s.held {
				s.held[i].dirty = true
			}
		}
		if len(s.released) > 0 && syncPoint(instr) {
			// Another goroutine may lock again what this one released
			// without holding (a hand-off through a channel): a second
			// release after this point is not known to be a double one.
			for i := range s.released {
				if s.released[i].unheld {
					s.released[i].synced = true
				}
			}
		}
		switch instr := instr.(type) {
		case *ssa.Call:
			s.blocked = false
			fa.call(&instr.Call, instr, s, nil)
			s.blocked = false // reported; the path goes on (see acquire)
			if forks := s.forks; len(forks) > 0 {
				s.forks = nil
				for _, f := range forks {
					f.forks = nil
					fa.runFrom(b, i+1, f, succ)
				}
			}
			if s.dead {
				return // the path contradicts what the callee ensures
			}
			if noReturnCall(&instr.Call) {
				// t.Fatal through testing.TB: the goroutine exits, running
				// its deferred calls; not a leak.
				if fa.rec != nil {
					x := s.clone()
					fa.runDefers(x)
					if !x.dead {
						fa.rec.exit(b, instr, x, true)
					}
				}
				return
			}
			if mc := yieldCall(&instr.Call); mc != nil {
				// A range-over-func loop: one state per way its body ends.
				for _, st := range fa.rangeFunc(instr, mc, s) {
					fa.runFrom(b, i+1, st, succ)
				}
				return
			}
		case *ssa.Defer:
			fa.snapshotDeferArgs(instr, s)
			s.pushDefer(instr)
		case *ssa.Go:
			fa.goStmt(instr, s)
		case *ssa.RunDefers:
			fa.runDefers(s)
			if s.dead {
				return
			}
		case *ssa.Store:
			fa.store(instr, s)
		case *ssa.Send, *ssa.UnOp, *ssa.Select:
			if fa.rec != nil {
				fa.chanInstr(instr, s)
			}
		case *ssa.Panic:
			if !instr.Pos().IsValid() {
				// A panic go/ssa inserts (no position: after a blocking
				// select that matched no case, around a range-over-func
				// loop) marks code that cannot run: no exit, and no
				// deferred call runs there.
				return
			}
			if fa.rec != nil {
				x := s.clone()
				fa.runDefers(x)
				// Nor is a deferred call that blocks for ever an exit.
				if !x.dead {
					fa.rec.exit(b, instr, x, fa.isNoReturn(b, instr))
				}
			}
		case *ssa.Return:
			if fa.rec != nil {
				fa.rec.exit(b, instr, s, false)
			}
		case *ssa.If:
			fa.branch(b, instr, s, succ)
			return
		case *ssa.Jump:
			succ(b.Succs[0], s)
			return
		}
	}
}

// enter applies the edge from pred to b to state s, which leaves pred.
//
// It marks what control entering b invalidates: holdings, releases and
// tags that mention a value b defines belong to an earlier execution of
// b (an earlier loop iteration), not to the value b is about to compute.
// Then it tags b's boolean phis with the value they take on this edge,
// when that is known (a constant, or a condition s has decided): a flag
// variable (`held := false; if !ok { mu.Lock(); held = true }`) is then
// correlated with the lock state that set it, and a later `if held {
// mu.Unlock() }` follows only the edge that state allows.
func (fa *funcAnalysis) enter(pred, b *ssa.BasicBlock, s *state) {
	defs := fa.defs[b.Index]
	if len(defs) == 0 {
		return
	}
	var phiTags []tag
	var phiClauses [][]tag
	if edge := predIndex(pred, b); edge >= 0 {
		for _, instr := range b.Instrs {
			phi, ok := instr.(*ssa.Phi)
			if !ok {
				break
			}
			if !isBool(phi.Type()) {
				continue
			}
			p := fa.kid(condKey{v: phi})
			in := phi.Edges[edge]
			if val, ok := fa.valueOn(in, s); ok {
				phiTags = append(phiTags, tag{key: p, val: val})
				continue
			}
			// Not known: the phi equals its incoming value on this edge,
			// two clauses (ackInPlace := ready && needLock; if
			// ackInPlace { ... } then knows needLock).
			k, neg := fa.condKeyOf(in)
			if defs[k.v] || defs[k.x] || defs[k.y] || (k.path != 0 && fa.paths.mentions(k.path, defs)) {
				continue // a value of the iteration b starts: no longer this one
			}
			v := fa.kid(k)
			phiClauses = append(phiClauses,
				sortedClause(tag{key: p, val: false}, tag{key: v, val: !neg}),
				sortedClause(tag{key: p, val: true}, tag{key: v, val: neg}))
		}
	}
	defer func() {
		for _, t := range phiTags {
			s.setTag(t.key, t.val)
		}
		for _, c := range phiClauses {
			if !s.hasClause(c) && len(s.clauses) < maxClauses {
				s.clauses = append(s.clauses, c)
			}
		}
		if len(phiClauses) > 0 {
			slices.SortFunc(s.clauses, func(a, b []tag) int { return slices.CompareFunc(a, b, cmpTag) })
		}
	}()
	for i := range s.held {
		if !s.held[i].stale && fa.paths.mentions(s.held[i].path, defs) {
			s.held[i].stale = true
		}
	}
	if len(s.held) > 1 {
		// Holdings of one acquisition from several earlier iterations
		// are one stale holding.
		sortHeld(s.held)
		s.held = compactHeld(s.held)
	}
	n := 0
	for _, r := range s.released {
		if !fa.paths.mentions(r.path, defs) {
			s.released[n] = r
			n++
		}
	}
	s.released = s.released[:n]
	bi := int32(b.Index)
	s.dropTags(func(id keyID) bool { return fa.killedBy(id, bi) })
}

// predIndex returns the index of pred among b's predecessors, or -1 when
// it is not one of them or is there twice (the edges are then not told
// apart).
func predIndex(pred, b *ssa.BasicBlock) int {
	idx := -1
	for i, p := range b.Preds {
		if p == pred {
			if idx >= 0 {
				return -1
			}
			idx = i
		}
	}
	return idx
}

// valueOn returns the value of boolean v in state s, when it is a
// constant or a condition s has decided.
func (fa *funcAnalysis) valueOn(v ssa.Value, s *state) (val, ok bool) {
	if c, isConst := v.(*ssa.Const); isConst {
		if c.Value != nil && c.Value.Kind() == constant.Bool {
			return constant.BoolVal(c.Value), true
		}
		return false, false
	}
	key, neg := fa.condKeyOf(v)
	if t, ok := s.tag(fa.kid(key)); ok {
		return t != neg, true
	}
	return false, false
}

// branch splits s over the two successors of an If, dropping the one a
// tag rules out, and acquires a LockContext-style lock on the edge where
// its error is nil.
func (fa *funcAnalysis) branch(b *ssa.BasicBlock, instr *ssa.If, s *state, succ func(*ssa.BasicBlock, *state)) {
	key, neg := fa.condKeyOf(instr.Cond)
	id := fa.kid(key)
	known, isKnown := fa.constCond(instr.Cond)
	for i, outcome := range [2]bool{true, false} {
		if isKnown && outcome != known {
			continue // a constant condition: the other edge is dead code
		}
		val := outcome != neg // the value of key on this edge
		if assumed, ok := s.tag(id); ok && assumed != val {
			continue
		}
		out := s
		if i == 0 {
			out = s.clone()
		}
		if !out.assume(id, val) {
			continue // the state's clauses rule this edge out
		}
		if fa.excludesAll(out, key) {
			continue // every value the variable can take is ruled out
		}
		// (A TryLock returning a bool split the paths at the call:
		// tryAcquire.) LockContext-style: held where the returned error is nil.
		if t, ok := fa.tries[key.x]; ok && t.onNil && key.op == token.EQL && key.yc == "c:nil" && val {
			fa.hold(out, t.path, t.mode, fa.siteFor(t.pos, t.path, t.ref, false))
		}
		succ(b.Succs[i], out)
	}
}

// excludesAll reports whether s rules out every value of a variable
// with a finite domain (a range-over-func jump variable) that key
// compares with a constant: merged states lose the tag that says which
// value they carry, but the dispatch still cannot fall through them all.
func (fa *funcAnalysis) excludesAll(s *state, key condKey) bool {
	dom, ok := fa.domains[operandID{key.x, key.xp}]
	if !ok || key.op != token.EQL || key.yc == "" {
		return false
	}
	for _, c := range dom {
		if val, ok := s.tag(fa.kid(condKey{op: token.EQL, x: key.x, xp: key.xp, yc: c})); !ok || val {
			return false
		}
	}
	return true
}

// constCond reports the value of a branch condition that is a constant
// (`if debugEnabled`, with a constant false in this build), or a
// comparison of two constants, which go/ssa does not fold: the first
// test of `for j := 0; j < 2; j++ { ... return }`, whose body never
// goes round, is 0 < 2. The branch it rules out is dead code.
func (fa *funcAnalysis) constCond(v ssa.Value) (val, ok bool) {
	if bin, isBin := v.(*ssa.BinOp); isBin {
		x, xok := bin.X.(*ssa.Const)
		y, yok := bin.Y.(*ssa.Const)
		switch bin.Op {
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
			if xok && yok && x.Value != nil && y.Value != nil && x.Value.Kind() == y.Value.Kind() {
				return constant.Compare(x.Value, bin.Op, y.Value), true
			}
		}
		return false, false
	}
	c, isConst := v.(*ssa.Const)
	if !isConst || c.Value == nil || c.Value.Kind() != constant.Bool {
		return false, false
	}
	return constant.BoolVal(c.Value), true
}

// operandID is an operand of a comparison as a condKey keys it.
type operandID struct {
	x ssa.Value
	p pathID
}

// kid interns a condition key.
func (fa *funcAnalysis) kid(k condKey) keyID {
	if id, ok := fa.keyIDs[k]; ok {
		return id
	}
	if fa.keyIDs == nil {
		fa.keyIDs = make(map[condKey]keyID)
	}
	id := keyID(len(fa.keyList))
	fa.keyList = append(fa.keyList, k)
	fa.keyIDs[k] = id
	// The blocks whose re-execution invalidates the condition: those
	// defining a value it mentions.
	var blocks []int32
	add := func(v ssa.Value) {
		if b := fa.blockOf(v); b >= 0 && !slices.Contains(blocks, b) {
			blocks = append(blocks, b)
		}
	}
	add(k.v)
	add(k.x)
	add(k.y)
	for _, p := range [3]pathID{k.path, k.xp, k.yp} {
		if p > 0 {
			for _, v := range fa.paths.node(p).values {
				add(v)
			}
		}
	}
	fa.keyBlocks = append(fa.keyBlocks, blocks)
	return id
}

// blockOf returns the index of the block of this function that defines
// v, or -1.
func (fa *funcAnalysis) blockOf(v ssa.Value) int32 {
	if instr, ok := v.(ssa.Instruction); ok && instr.Parent() == fa.fn && instr.Block() != nil {
		return int32(instr.Block().Index)
	}
	return -1
}

// killedBy reports whether entering block b invalidates condition id.
func (fa *funcAnalysis) killedBy(id keyID, b int32) bool {
	return slices.Contains(fa.keyBlocks[id], b)
}

// keyAt returns the condition key an id stands for.
func (fa *funcAnalysis) keyAt(id keyID) condKey { return fa.keyList[id] }

// condKeyOf returns the key of a branch condition and whether the
// condition is the key's negation.
//
// A condition that loads a variable or field (`if s.debug`) is keyed by
// the path of what it loads, so that two loads of s.debug correlate; a
// store to that path (see store) forgets the outcome. Calls that write
// the field are not seen: a documented source of imprecision.
func (fa *funcAnalysis) condKeyOf(v ssa.Value) (condKey, bool) {
	neg := false
	for {
		u, ok := v.(*ssa.UnOp)
		if !ok {
			break
		}
		if u.Op == token.NOT {
			neg = !neg
			v = u.X
			continue
		}
		// A load of a variable a closure captured, assigned once: the
		// value stored (ackInPlace := ...; used in a closure too).
		if a, ok := u.X.(*ssa.Alloc); ok && u.Op == token.MUL {
			if stored := assignedOnce(a); stored != nil {
				v = stored
				continue
			}
		}
		break
	}
	if u, ok := v.(*ssa.UnOp); ok && u.Op == token.MUL && !onlyDeferred(u) {
		if p := fa.pathOf(u); fa.loadKeyable(p) {
			return condKey{path: p}, neg
		}
	}
	if ex, ok := v.(*ssa.Extract); ok && ex.Index == 1 {
		// `_, ok := x.(T)`: keyed by what is asserted and the type, so
		// that two assertions of one unchanging field correlate.
		if ta, ok := ex.Tuple.(*ssa.TypeAssert); ok && ta.CommaOk {
			k := condKey{op: token.TYPE, yc: "t:" + types.TypeString(ta.AssertedType, nil)}
			k.x, k.xc, k.xp = fa.operandKey(ta.X)
			return k, neg
		}
	}
	if bin, ok := v.(*ssa.BinOp); ok {
		op := bin.Op
		switch op {
		case token.NEQ:
			op, neg = token.EQL, !neg
		case token.GEQ:
			op, neg = token.LSS, !neg
		case token.GTR:
			op, neg = token.LEQ, !neg
		}
		switch op {
		case token.EQL, token.LSS, token.LEQ:
			k := condKey{op: op}
			k.x, k.xc, k.xp = fa.operandKey(bin.X)
			k.y, k.yc, k.yp = fa.operandKey(bin.Y)
			return k, neg
		}
	}
	return condKey{v: v}, neg
}

// operandKey keys an operand of a comparison: a constant by its value,
// a load of a variable or field by the path it loads (so that `if
// sub.client != c` twice, with no store to sub.client between, is one
// condition), anything else by the SSA value.
func (fa *funcAnalysis) operandKey(v ssa.Value) (ssa.Value, string, pathID) {
	if u, ok := v.(*ssa.UnOp); ok && u.Op == token.MUL {
		if p := fa.pathOf(u); fa.loadKeyable(p) {
			return nil, "", p
		}
	}
	x, c := operand(v)
	return x, c, 0
}

// loadKeyable reports whether a condition on a load can be keyed by the
// path it loads: two loads of one path, with no store to it between
// (store drops the tags through it) and the values it goes through not
// redefined (enter drops those), read the same. A path from a value
// (mset := lookup(); mset.store) qualifies as well as one from a
// parameter; a summary's unknown root does not.
func (fa *funcAnalysis) loadKeyable(p pathID) bool {
	if p <= 0 {
		return false
	}
	for id := p; id != 0; id = fa.paths.node(id).parent {
		if n := fa.paths.node(id); n.parent == 0 && n.root.wild > 0 {
			return false
		}
	}
	return true
}

func operand(v ssa.Value) (ssa.Value, string) {
	if c, ok := v.(*ssa.Const); ok {
		return nil, "c:" + constKey(c)
	}
	return v, ""
}

// store handles a write to memory. A lock reached through the memory
// written (s.cur.mu after s.cur = next, or c.mu after c = c.parent for a
// captured c) is now another instance: its holdings become stale.
func (fa *funcAnalysis) store(st *ssa.Store, s *state) {
	if len(s.held) > 0 || len(s.released) > 0 || slices.ContainsFunc(s.tags, func(t tag) bool {
		k := fa.keyAt(t.key)
		return k.path != 0 || k.xp != 0 || k.yp != 0
	}) {
		q := fa.pathOf(st.Addr)
		through := func(p pathID) bool {
			for id := fa.paths.node(p).parent; id != 0; id = fa.paths.node(id).parent {
				if id == q {
					return true
				}
			}
			return false
		}
		changed := false
		for i := range s.held {
			if !s.held[i].stale && through(s.held[i].path) {
				s.held[i].stale, changed = true, true
			}
		}
		if changed {
			sortHeld(s.held)
			s.held = compactHeld(s.held)
		}
		s.released = slices.DeleteFunc(s.released, func(r released) bool { return through(r.path) })
		s.dropTags(func(id keyID) bool {
			k := fa.keyAt(id)
			return (k.path != 0 && through(k.path)) || (k.xp != 0 && through(k.xp)) || (k.yp != 0 && through(k.yp))
		})
	}
	// A constant stored is the outcome of a later load of the same path
	// (held := false ... held = true ... defer func() { if held {...} }(),
	// s.closed = true ... if s.closed): the store decides it. So does a
	// condition the path has decided (held = mu.TryLock(), on the paths
	// where it succeeded and where it failed).
	val, known, boolean := boolValue(st.Val)
	if !known && isBool(st.Val.Type()) {
		val, known = fa.valueOn(st.Val, s)
		boolean = known
	}
	if known && boolean {
		if q := fa.pathOf(st.Addr); q > 0 {
			if p := fa.deref(q); fa.loadKeyable(p) {
				s.assume(fa.kid(condKey{path: p}), val)
			}
		}
	}
}

// bind learns a Cond binding from a store: sync.NewCond(&x.mu) stored
// into x.cond, or c.L = &x.mu on a Cond held by value.
func (fa *funcAnalysis) bind(st *ssa.Store) {
	if fa2, ok := st.Addr.(*ssa.FieldAddr); ok && fieldOf(fa2.X.Type(), fa2.Field) == "L" && condTypes[ownerOf(fa2.X.Type())] {
		condPath := fa.pathOf(fa2.X)
		if !fa.bindEmbedded(condPath, st.Val) {
			fa.bindClass(condPath, fa.pathOf(st.Val))
		}
		return
	}
	call, ok := st.Val.(*ssa.Call)
	if !ok {
		return
	}
	if p, arg := classify(&call.Call); p.op != opNewCond || arg == nil {
		return
	}
	condPath := fa.pathOf(st.Addr)
	if !fa.bindEmbedded(condPath, call.Call.Args[0]) {
		fa.bindClass(condPath, fa.pathOf(call.Call.Args[0]))
	}
}

// bindEmbedded binds the Cond at condPath to the mutex embedded in the
// struct its Locker points to (sync.NewCond(&m), m a Miniredis that
// embeds sync.Mutex: m.Lock() locks m.Mutex), and reports whether it
// did.
func (fa *funcAnalysis) bindEmbedded(condPath pathID, locker ssa.Value) bool {
	if mi, ok := locker.(*ssa.MakeInterface); ok {
		locker = mi.X
	}
	lc, ok := embeddedLock(locker.Type())
	if !ok || condPath == 0 {
		return false
	}
	if cc := fa.paths.node(condPath).class; cc.Kind != ClassNone {
		fa.pa.bindings[cc] = lc
		fa.pa.readBound[cc] = false
		return true
	}
	return false
}

// embeddedLock returns the class of the sync.Mutex or sync.RWMutex that a
// pointer to struct type t locks through its promoted Lock method.
func embeddedLock(t types.Type) (Class, bool) {
	ptr, ok := types.Unalias(t).(*types.Pointer)
	if !ok {
		return Class{}, false
	}
	named, ok := types.Unalias(ptr.Elem()).(*types.Named)
	if !ok || named.Obj().Pkg() == nil {
		return Class{}, false
	}
	st, ok := named.Underlying().(*types.Struct)
	if !ok {
		return Class{}, false
	}
	obj, index, _ := types.LookupFieldOrMethod(t, true, named.Obj().Pkg(), "Lock")
	fn, ok := obj.(*types.Func)
	if !ok || len(index) != 2 || fn.Pkg() == nil || fn.Pkg().Path() != "sync" {
		return Class{}, false
	}
	f := st.Field(index[0])
	if !f.Embedded() {
		return Class{}, false
	}
	return Class{Kind: ClassField, Pkg: named.Obj().Pkg().Path(), Name: named.Obj().Name(), Field: f.Name()}, true
}

// bindClass binds the class of the Cond at condPath to the class of the
// lock at lockPath, or of the RWMutex whose RLocker() it is (read).
func (fa *funcAnalysis) bindClass(condPath, lockPath pathID) {
	if condPath == 0 || lockPath == 0 {
		return
	}
	read := false
	if n := fa.paths.node(lockPath); n.parent != 0 && n.step.kind == stepRLocker {
		lockPath, read = n.parent, true
	}
	cc, lc := fa.paths.node(condPath).class, fa.paths.node(lockPath).class
	if cc.Kind != ClassNone && lc.Kind != ClassNone {
		fa.pa.bindings[cc] = lc
		fa.pa.readBound[cc] = read
	}
}

// isNoReturn reports whether a Panic is the one go/ssa inserts after a
// call that cannot return (log.Fatal, os.Exit): the process or the
// goroutine ends there, which is not a leak.
func (fa *funcAnalysis) isNoReturn(b *ssa.BasicBlock, p *ssa.Panic) bool {
	mi, ok := p.X.(*ssa.MakeInterface)
	if !ok {
		return false
	}
	c, ok := mi.X.(*ssa.Const)
	if !ok || c.Value == nil || c.Value.Kind() != constant.String || constant.StringVal(c.Value) != "noreturn" {
		return false
	}
	for i, instr := range b.Instrs {
		if instr == p && i > 0 {
			if call, ok := b.Instrs[i-1].(*ssa.Call); ok && call.Pos() == p.Pos() {
				return true
			}
			if i > 1 {
				if call, ok := b.Instrs[i-2].(*ssa.Call); ok && call.Pos() == p.Pos() {
					return true
				}
			}
		}
	}
	return false
}

// siteFor interns an acquisition site.
func (fa *funcAnalysis) siteFor(pos token.Pos, p pathID, ref LockRef, via bool) int {
	k := siteKey{pos, p}
	if i, ok := fa.siteOf[k]; ok {
		return i
	}
	fa.sites = append(fa.sites, site{pos: pos, ref: ref, via: via, path: p})
	fa.siteOf[k] = len(fa.sites) - 1
	return len(fa.sites) - 1
}

// syncPoint reports whether instr lets other goroutines act in between:
// a channel operation, a select, or a call that is not a lock primitive.
func syncPoint(instr ssa.Instruction) bool {
	switch instr := instr.(type) {
	case *ssa.Send, *ssa.Select:
		return true
	case *ssa.UnOp:
		return instr.Op == token.ARROW
	case *ssa.Call:
		if _, ok := instr.Call.Value.(*ssa.Builtin); ok {
			return false
		}
		p, _ := classify(&instr.Call)
		return p.op == opNone
	}
	return false
}

// onlyDeferred reports whether a load's only uses are arguments of
// deferred calls. Such an argument is the variable's value at the defer
// statement, not at the exit where the call runs: it is keyed as a value
// (snapshotDeferArgs decides it from the variable's outcome then), so
// that a later store to the variable (h = true after defer
// s.unlockIf(h)) does not decide it.
func onlyDeferred(u *ssa.UnOp) bool {
	refs := u.Referrers()
	if refs == nil || len(*refs) == 0 {
		return false
	}
	for _, r := range *refs {
		if _, ok := r.(*ssa.Defer); !ok {
			return false
		}
	}
	return true
}

// snapshotDeferArgs decides, in s, the boolean arguments of a deferred
// call that load a variable whose outcome s has decided (see
// onlyDeferred).
func (fa *funcAnalysis) snapshotDeferArgs(d *ssa.Defer, s *state) {
	for _, a := range d.Call.Args {
		u, ok := a.(*ssa.UnOp)
		if !ok || u.Op != token.MUL || !isBool(u.Type()) || !onlyDeferred(u) {
			continue
		}
		p := fa.pathOf(u)
		if !fa.loadKeyable(p) {
			continue
		}
		if val, ok := s.tag(fa.kid(condKey{path: p})); ok {
			s.assume(fa.kid(condKey{v: u}), val)
		}
	}
}
