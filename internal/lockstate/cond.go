package lockstate

import (
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Condition variables. The engine records each Wait, Signal and
// Broadcast with the lock state around it, learns which lock a Cond is
// bound to (sync.NewCond(&x.mu) stored into x.cond binds class X.cond to
// X.mu; exported as CondFact), and once the whole package is analysed
// resolves the records into CondWait and CondSignal for the condwait
// pass.

// LockStatus says whether a Cond's lock is held at a Wait.
type LockStatus uint8

const (
	LockUnknown LockStatus = iota // not acquired or released in this function
	LockHeld                      // held on every path
	LockNotHeld                   // released on some path before the Wait
)

// CondWait is one Cond.Wait.
type CondWait struct {
	Pos  token.Pos
	Cond string // the Cond as written: "q.cond"
	Lock string // its lock as written, when known: "q.mu" or "q.cond.L"
	// InLoop: the Wait is in a loop that exits on a condition read from
	// memory after waking (`for !ready { c.Wait() }`, or a break on such
	// a condition), not on a counter.
	InLoop bool
	Status LockStatus
	// LockKnown: the engine knows which lock the Cond is bound to (from
	// sync.NewCond stored in a field, or c.L assigned). Without it an
	// unknown status says nothing.
	LockKnown bool
	// CallersHold: the lock's status is unknown here, and every call of
	// this function in the package holds a lock of the Cond's lock class
	// (or its name ends in "Locked"): a helper documented to be called
	// with the lock held; or the function takes the lock itself on some
	// paths to the Wait and not on the others (if !nested { m.Lock() }:
	// "it's already locked" by the caller on those).
	CallersHold bool
	// GoSignals are go statements, earlier on a path to the Wait, whose
	// goroutine signals this Cond.
	GoSignals []token.Pos
	// If is the if statement whose body holds the Wait, when turning it
	// into a for loop is a mechanical fix.
	If token.Pos
}

// CondSignal is one Cond.Signal or Cond.Broadcast.
type CondSignal struct {
	Pos       token.Pos
	Cond      string
	Lock      string
	Broadcast bool
	// Naked: on every path the Cond's lock is held, acquired in this
	// function, and nothing that could change shared state (a store, a
	// send, a call that may write) happened since it was acquired.
	Naked  bool
	AcqPos token.Pos
}

// CondWaits lists the function's Cond.Wait calls.
func (f *FuncResult) CondWaits() []CondWait { return f.waits }

// CondSignals lists the function's Cond.Signal and Broadcast calls.
func (f *FuncResult) CondSignals() []CondSignal { return f.signals }

// CondFact carries a package's Cond bindings (cond class to lock class),
// its own and its dependencies', to importers.
type CondFact struct{ Bindings []Binding }

// Binding binds a Cond class to a lock class; Read when the Cond's L is
// the lock's RLocker().
type Binding struct {
	Cond, Lock Class
	Read       bool
}

// AFact marks CondFact as an analysis fact.
func (*CondFact) AFact() {}

func (f *CondFact) String() string {
	var parts []string
	for _, b := range f.Bindings {
		parts = append(parts, b.Cond.String()+"->"+b.Lock.String())
	}
	return "condbind(" + strings.Join(parts, ", ") + ")"
}

// condRec is a Cond operation as the final sweep saw it.
type condRec struct {
	op       opKind
	pos      token.Pos
	block    *ssa.BasicBlock
	path     pathID
	field    Class // class of the Cond's field (the path without its final load)
	root     root
	name     string
	lockName string
	inLoop   bool
	// tail: nothing follows the Wait but releases and a return (see
	// tailWait).
	tail bool
	// localKnown: the Cond was made in this function by sync.NewCond,
	// so its lock is known by path.
	localKnown bool
	ifPos      token.Pos
	states     []condState
	goSigs     []token.Pos
}

type condState struct {
	lHeld    bool // c.L itself is held
	lDirty   bool
	lAcq     token.Pos
	held     []condHeld
	released []condHeld
}

type condHeld struct {
	class Class
	root  root
	dirty bool
	name  string
	pos   token.Pos
}

// condOp records a Wait, Signal or Broadcast on the Cond at recv.
func (r *recorder) condOp(op opKind, recv ssa.Value, s *state, b *ssa.BasicBlock, lparen token.Pos) {
	fa := r.fa
	p := fa.pathOf(recv)
	n := fa.paths.node(p)
	rec := r.conds[lparen]
	if rec == nil {
		rec = &condRec{op: op, pos: fa.pa.callStart(lparen), block: b, path: p, root: n.root, name: fa.ref(p, primitive{}, lparen).Name}
		field := p
		if n.parent != 0 && n.step.kind == stepDeref {
			field = n.parent
		}
		rec.field = fa.paths.node(field).class
		switch op {
		case opCondWait:
			rec.inLoop = inPredicateLoop(b)
			rec.ifPos = fa.pa.ifAround(fa.fn, lparen)
			rec.tail = tailWait(b, lparen) && testedBefore(b)
		case opCondWaitFor:
			rec.inLoop = true // the predicate is the loop
		}
		rec.lockName = rec.name + ".L"
		r.conds[lparen] = rec
		r.condOrder = append(r.condOrder, lparen)
	}
	// A Cond made here by sync.NewCond(l) is bound to l's path.
	var local pathID
	if root, ok := n.root.value.(*ssa.Call); ok && n.parent == 0 {
		if prim, arg := classify(&root.Call); prim.op == opNewCond && arg != nil {
			local = fa.pathOf(arg)
			if ln := fa.paths.node(local); ln.parent != 0 && ln.step.kind == stepRLocker {
				local = ln.parent // built on an RLocker(): its RWMutex
			}
			rec.localKnown = true
		}
	}
	var cs condState
	for _, h := range s.held {
		if h.stale {
			continue
		}
		hn := fa.paths.node(h.path)
		if fa.isCondL(h.path, p) || (local != 0 && h.path == local) {
			cs.lHeld, cs.lDirty, cs.lAcq = true, h.dirty, fa.pa.callStart(fa.sites[h.site].pos)
			continue
		}
		cs.held = append(cs.held, condHeld{class: hn.class, root: hn.root, dirty: h.dirty, name: fa.sites[h.site].ref.Name, pos: fa.pa.callStart(fa.sites[h.site].pos)})
	}
	for _, x := range s.released {
		xn := fa.paths.node(x.path)
		if fa.isCondL(x.path, p) || (local != 0 && x.path == local) {
			cs.released = append(cs.released, condHeld{name: rec.lockName})
			continue
		}
		cs.released = append(cs.released, condHeld{class: xn.class, root: xn.root, name: fa.render(x.path)})
	}
	rec.states = append(rec.states, cs)
}

// isCondL reports whether lock path l is c.L of the Cond at path c.
func (fa *funcAnalysis) isCondL(l, c pathID) bool {
	n := fa.paths.node(l)
	if n.parent == 0 || n.step.kind != stepDeref {
		return false
	}
	f := fa.paths.node(n.parent)
	return f.parent == c && f.step.kind == stepField && f.step.name == "L" && condTypes[f.step.owner]
}

// goSignal records a go statement whose goroutine signals the Cond at
// path p.
func (r *recorder) goSignal(g *ssa.Go, p pathID) {
	r.goSigs = append(r.goSigs, goSig{pos: g.Pos(), block: g.Block(), path: p, root: r.fa.paths.node(p).root})
}

type goSig struct {
	pos   token.Pos
	block *ssa.BasicBlock
	path  pathID
	root  root
}

// resolveConds turns the records of every function into CondWait and
// CondSignal, once all Cond bindings of the package are known.
func (pa *pkgAnalysis) resolveConds(res *Result) {
	// In-package calls, for "every caller holds the lock".
	for _, f := range res.funcs {
		for _, rec := range f.condRecs {
			bound, ok := res.bindings[rec.field]
			known := ok || rec.localKnown
			if ok && bound.Kind == ClassField && rec.field.Kind == ClassField && bound.Name == rec.field.Name && bound.Pkg == rec.field.Pkg {
				// s.cond bound to s.mu: name the lock as the Cond is named.
				if prefix, found := strings.CutSuffix(rec.name, rec.field.Field); found {
					rec.lockName = prefix + bound.Field
				}
			}
			switch rec.op {
			case opCondWait, opCondWaitFor:
				w := CondWait{Pos: rec.pos, Cond: rec.name, Lock: rec.lockName, InLoop: rec.inLoop || pa.callersLoop(f.fn) || (rec.tail && pa.wrapperCallersLoop(f.fn, 0)), If: rec.ifPos, GoSignals: rec.goSigs, LockKnown: known}
				w.Status = waitStatus(rec, bound, ok, &w)
				if w.Status == LockUnknown && ok {
					w.CallersHold = pa.callersHold(res, f.fn, bound, 0) || someHeld(rec, bound)
				}
				f.waits = append(f.waits, w)
			default:
				sig := CondSignal{Pos: rec.pos, Cond: rec.name, Lock: rec.lockName, Broadcast: rec.op == opCondBroadcast}
				sig.Naked, sig.AcqPos = signalNaked(rec, bound, ok, &sig)
				f.signals = append(f.signals, sig)
			}
		}
		f.condRecs = nil
	}
}

func waitStatus(rec *condRec, bound Class, known bool, w *CondWait) LockStatus {
	allHeld := len(rec.states) > 0
	for _, cs := range rec.states {
		held := cs.lHeld
		for _, h := range cs.held {
			if known && rec.isBound(h.class, h.root, bound) {
				held = true
				w.Lock = h.name
			}
		}
		for _, x := range cs.released {
			if x.name == rec.lockName || (known && rec.isBound(x.class, x.root, bound)) {
				if !held {
					w.Lock = x.name
					return LockNotHeld
				}
			}
		}
		if !held {
			allHeld = false
		}
	}
	if allHeld {
		return LockHeld
	}
	return LockUnknown
}

// isBound reports whether a lock of class c reached from root r is the
// lock bound to rec's Cond: of the bound class, and of the Cond's own
// object, or a local or package variable, which is one lock whatever the
// Cond's root (condNotEmpty = sync.NewCond(&bindLock) in an init).
func (rec *condRec) isBound(c Class, r root, bound Class) bool {
	return c == bound && (r == rec.root || bound.Kind == ClassLocal || bound.Kind == ClassGlobal)
}

// someHeld reports whether some path reaches the Wait of rec holding the
// Cond's lock (bound to it, or c.L itself).
func someHeld(rec *condRec, bound Class) bool {
	for _, cs := range rec.states {
		if cs.lHeld {
			return true
		}
		for _, h := range cs.held {
			if rec.isBound(h.class, h.root, bound) {
				return true
			}
		}
	}
	return false
}

func signalNaked(rec *condRec, bound Class, known bool, sig *CondSignal) (bool, token.Pos) {
	var acq token.Pos
	for _, cs := range rec.states {
		found := false
		if cs.lHeld {
			if cs.lDirty {
				return false, 0
			}
			found, acq = true, cs.lAcq
		}
		for _, h := range cs.held {
			if known && rec.isBound(h.class, h.root, bound) {
				if h.dirty {
					return false, 0
				}
				found, acq = true, h.pos
				sig.Lock = h.name
			}
		}
		if !found {
			return false, 0
		}
	}
	return len(rec.states) > 0, acq
}

// callersHold reports whether fn is a helper whose callers hold the
// Cond's lock: its name ends in "Locked", or it has callers in the
// package and each holds a lock of class lock (or is such a helper
// itself, up to a small depth).
func (pa *pkgAnalysis) callersHold(res *Result, fn *ssa.Function, lock Class, depth int) bool {
	if name := fn.Name(); (strings.HasSuffix(name, "Locked") || strings.HasSuffix(name, "locked")) &&
		!strings.HasSuffix(name, "Unlocked") && !strings.HasSuffix(name, "unlocked") {
		return true
	}
	if depth > 3 {
		return false
	}
	calls := pa.callsTo[fn]
	if len(calls) == 0 {
		return false
	}
	for _, c := range calls {
		if !slices.ContainsFunc(c.held, func(g Gate) bool { return g.Class == lock }) && !pa.callersHold(res, c.caller, lock, depth+1) {
			return false
		}
	}
	return true
}

// callersLoop reports whether fn is a wait wrapper whose callers re-check:
// it has calls in the package, and every one is in a predicate loop
// (`func (q *Q) wait() { q.cond.Wait() }` called as `for !q.ready {
// q.wait() }`).
func (pa *pkgAnalysis) callersLoop(fn *ssa.Function) bool {
	calls := pa.callsTo[fn]
	if len(calls) == 0 {
		return false
	}
	for _, c := range calls {
		if c.block == nil || !inPredicateLoop(c.block) {
			return false
		}
	}
	return true
}

// tailWait reports whether the Wait whose call starts at lparen in block
// b ends its function's work: what follows it on the way to the return
// only releases locks and computes the results (a constant, or what a
// call returns: q.Remove(), which locks and re-checks). Such a function,
// when it tests the state before waiting (testedBefore), waits for a
// change, not for a condition: whether the awaited state holds is its
// callers' to re-check (see wrapperCallersLoop).
func tailWait(b *ssa.BasicBlock, lparen token.Pos) bool {
	i := slices.IndexFunc(b.Instrs, func(x ssa.Instruction) bool {
		c, ok := x.(ssa.CallInstruction)
		return ok && c.Common().Pos() == lparen
	})
	if i < 0 {
		return false
	}
	instrs := b.Instrs[i+1:]
	for range 64 { // blocks followed, at most
		for _, x := range instrs {
			switch x := x.(type) {
			case *ssa.DebugRef, *ssa.RunDefers:
			case *ssa.Return:
				return true
			case *ssa.Jump:
				instrs = x.Block().Succs[0].Instrs
			case *ssa.Call:
				if prim, _ := classify(&x.Call); prim.op != opRelease && !onlyReturned(x) {
					return false
				}
			case *ssa.Extract:
				if !onlyReturned(x) {
					return false
				}
			case *ssa.FieldAddr, *ssa.UnOp:
				if !onlyReleased(x.(ssa.Value)) {
					return false
				}
			default:
				return false
			}
		}
	}
	return false
}

// testedBefore reports whether block b is reached only after a test of
// state read from memory (a dominator ends in an if on such a
// condition): the wait is for a change of that state (if q.cnt != 0 {
// return }; q.cond.Wait()), not a bare Wait, whose Signal can come
// first and be lost.
func testedBefore(b *ssa.BasicBlock) bool {
	for d := b.Idom(); d != nil; d = d.Idom() {
		if ifi, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If); ok && readsMemory(ifi.Cond, make(map[ssa.Value]bool)) {
			return true
		}
	}
	return false
}

// onlyReleased reports whether v is only the way to a lock that is
// released: the receiver of an Unlock, or a field address or load used
// only so.
func onlyReleased(v ssa.Value) bool {
	if u, ok := v.(*ssa.UnOp); ok && u.Op != token.MUL {
		return false
	}
	refs := v.Referrers()
	if refs == nil || len(*refs) == 0 {
		return false
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.Call:
			if prim, recv := classify(&r.Call); prim.op != opRelease || recv != v {
				return false
			}
		case *ssa.FieldAddr:
			if !onlyReleased(r) {
				return false
			}
		case *ssa.UnOp:
			if !onlyReleased(r) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// onlyReturned reports whether v is used only as a result of a return,
// directly or through an Extract of its tuple.
func onlyReturned(v ssa.Value) bool {
	refs := v.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.Return:
		case *ssa.Extract:
			if !onlyReturned(r) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// wrapperCallersLoop reports whether the callers of fn, a function whose
// Wait is a tail wait, re-check by going round: fn is exported and not
// called in its package's non-test files (its callers are elsewhere), or
// every such call of fn is in a loop, or in a function whose every call
// is (up to depth 2: for { if !w.waitSend() { return } }, where waitSend
// calls q.Wait()).
func (pa *pkgAnalysis) wrapperCallersLoop(fn *ssa.Function, depth int) bool {
	calls := pa.callsTo[fn]
	if fn.Pos().IsValid() && !inTestFile(pa.pass.Fset, fn.Pos()) {
		// Test files do not weaken a production function (see
		// productionCalls): a test may wait once on purpose.
		calls = slices.DeleteFunc(slices.Clone(calls), func(c callRec) bool {
			return c.caller != nil && c.caller.Pos().IsValid() && inTestFile(pa.pass.Fset, c.caller.Pos())
		})
	}
	if len(calls) == 0 {
		obj, ok := fn.Object().(*types.Func)
		return depth == 0 && ok && obj.Exported()
	}
	for _, c := range calls {
		if c.block != nil && len(loopOf(c.block)) > 0 {
			continue
		}
		if depth >= 1 || c.caller == nil || !pa.wrapperCallersLoop(c.caller, depth+1) {
			return false
		}
	}
	return true
}

// importBindings adds the Cond bindings of the imported packages, before
// the package's own are learnt (which take precedence).
func (pa *pkgAnalysis) importBindings() {
	for _, imp := range pa.pass.Pkg.Imports() {
		var f CondFact
		if pa.pass.ImportPackageFact(imp, &f) {
			for _, b := range f.Bindings {
				if _, ok := pa.bindings[b.Cond]; !ok {
					pa.bindings[b.Cond] = b.Lock
					pa.readBound[b.Cond] = b.Read
				}
			}
		}
	}
}

// exportBindings exports the package's Cond bindings, its own and its
// dependencies'.
func (pa *pkgAnalysis) exportBindings(res *Result) {
	if len(res.bindings) == 0 {
		return
	}
	var out []Binding
	for c, l := range res.bindings {
		out = append(out, Binding{Cond: c, Lock: l, Read: pa.readBound[c]})
	}
	slices.SortFunc(out, func(a, b Binding) int {
		if c := cmpClass(a.Cond, b.Cond); c != 0 {
			return c
		}
		return cmpClass(a.Lock, b.Lock)
	})
	if len(out) > maxFactEdges {
		out = out[:maxFactEdges]
	}
	pa.pass.ExportPackageFact(&CondFact{Bindings: out})
}

// learnBindings finds the Cond bindings of the package before any
// dataflow: sync.NewCond(&x.mu) stored into x.cond, and c.L = &x.mu.
func (pa *pkgAnalysis) learnBindings(funcs []*ssa.Function) {
	for _, fn := range funcs {
		var fa *funcAnalysis
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				st, ok := instr.(*ssa.Store)
				if !ok || !bindingCandidate(st) {
					continue
				}
				if fa == nil {
					fa = newFuncAnalysis(pa, fn)
				}
				fa.bind(st)
			}
		}
	}
}

// bindingCandidate reports, cheaply, whether a store can bind a Cond: it
// writes a Cond's L field, or stores the result of a NewCond.
func bindingCandidate(st *ssa.Store) bool {
	if fa, ok := st.Addr.(*ssa.FieldAddr); ok && condTypes[ownerOf(fa.X.Type())] {
		return true
	}
	call, ok := st.Val.(*ssa.Call)
	if !ok {
		return false
	}
	p, _ := classify(&call.Call)
	return p.op == opNewCond
}
