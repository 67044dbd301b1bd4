package oracle

import (
	"fmt"
	"slices"
	"strconv"
)

// The oracle: run F on every assignment of its inputs, every outcome of
// every TryLock, loops bounded as written, helpers and deferred calls
// inlined, and derive from the paths what each pass must report.

// LoopBound is the bound of a generated loop (for i := 0; i < 2; i++);
// a loop on F's parameter n runs n times, n from 0 to MaxN.
const (
	LoopBound = 2
	MaxN      = 3
)

// opaqueIterations bounds the iterations of a loop whose condition is
// taken as unknown (Options.OpaqueLoops): zero to this many, or until
// the states at the loop's head repeat.
const opaqueIterations = 8

// Pass names.
const (
	DoubleAcquire = "doubleacquire"
	Unreleased    = "unreleased"
)

// A Key is a report of a pass on a line of the program: what the
// comparison matches (several reports of one pass on one line count
// once, as in the acceptance corpus).
type Key struct {
	Pass string
	Line int
}

func (k Key) String() string { return fmt.Sprintf("%d: %s", k.Line, k.Pass) }

// Expectation is the oracle's verdict on a program: the reports that
// must appear (Want) and those that may (Maybe), each with a reason.
// Every other report is a false positive.
type Expectation struct {
	Want  map[Key]string
	Maybe map[Key]string
	// Rejected, when not empty, says why the program is outside what the
	// oracle models exactly; the generator then discards it.
	Rejected string
	// OverBudget: the evaluation stopped at maxSteps. Want and Maybe
	// then hold what the paths followed so far showed.
	OverBudget bool
}

// Options select the semantics the oracle computes. The zero value is
// the exact semantics of the program; each other field mimics one
// approximation of the engine, and is used only to classify a
// disagreement (see Classify).
type Options struct {
	// OpaqueLoops takes a loop's condition as unknown: the body runs
	// zero to opaqueIterations times, as a dataflow that does not
	// evaluate i < 2 sees it; but a loop whose body never goes round
	// (see goesRound) runs as written.
	OpaqueLoops bool
	// MayReleases makes a deferred release that only some returns of
	// the deferred function make (a guarded release helper, an if in a
	// function literal) release the lock if it is held, whatever the
	// condition, and do nothing otherwise (Summary.MayReleases).
	MayReleases bool
	// UnfoundBranches ignores the breaks and continues the engine cannot
	// find in the syntax (see findableAfter): a leak through them is
	// reported at the exit, or at an earlier break or continue.
	UnfoundBranches bool
	// ReadLoopsAccumulate takes a read lock taken by an RLock in a loop
	// with no release of the lock (an Unlock, an RUnlock or a call of a
	// release helper) on the loop's cycle, or reached again while read-
	// held, as taken an unknown number of times: its releases leave it
	// held, and no leak is reported for it (the engine's manyReads).
	ReadLoopsAccumulate bool
	// LoopsForgetAll makes every parameter, field and flag read in a
	// loop unknown again at the start of each iteration after the first:
	// the engine merges the states with equal lock facts at the loop's
	// head and keeps only the branch outcomes they share (ESP).
	LoopsForgetAll bool

	// tryBranch is set when the engine runs on the program spelt with
	// Style.TryBranch: a TryLock stored in a flag is then an if, after
	// which the engine does not find a break or continue.
	tryBranch bool
}

type outcome uint8

const (
	normal outcome = iota
	brk
	cont
	ret
	pnc
)

// hold is one holding of a lock.
type hold struct {
	site  int  // the line of the acquisition (Lock, TryLock, or call of a helper)
	read  bool // held in read mode
	count int  // read holdings from the same site (a loop)
	left  int  // the last break or continue run while held, or 0
	many  bool // taken an unknown number of times (Options.ReadLoopsAccumulate)
	// reacq: taken again after a release of a lock not held (relaxed
	// semantics only): the caller's lock, which the engine does not
	// check at the exits.
	reacq bool
}

type lockSt struct {
	holds       []hold // one, or more after a double acquire
	released    bool   // the last operation on this path released it
	relLine     int
	relDeferred bool
	relUnheld   bool // the last release found it not held (relaxed semantics only)
	// vague is set after a recursive read lock (reported): which
	// holding a release ends, and how many remain, is then the engine's
	// convention (it keeps "many" for a read lock taken in a loop), so
	// every later verdict on the lock on this path is only Maybe.
	vague bool
}

type deferred struct {
	stmt Stmt
	arg  bool // DeferCall: the argument's value at the defer statement
}

// state is one path's state.
type state struct {
	locks  []lockSt
	defers []deferred
	params []bool
	n      int // F's parameter n
	fields []bool
	flags  []bool
	// shadow is set once the path has gone where no real execution
	// goes (blocked on a double acquire, or died of a fatal unlock):
	// it continues with the engine's convention (a second holding, the
	// release applied) so that what the engine reports after it is
	// known, but its reports are only Maybe.
	shadow bool
}

func (s *state) clone() *state {
	c := *s
	c.locks = make([]lockSt, len(s.locks))
	for i, l := range s.locks {
		l.holds = slices.Clone(l.holds)
		c.locks[i] = l
	}
	c.defers = slices.Clone(s.defers)
	c.params = slices.Clone(s.params)
	c.fields = slices.Clone(s.fields)
	c.flags = slices.Clone(s.flags)
	return &c
}

// key identifies a state, for the loops of Options.OpaqueLoops.
func (s *state) key() string {
	b := make([]byte, 0, 64)
	bit := func(v bool) {
		if v {
			b = append(b, '1')
		} else {
			b = append(b, '0')
		}
	}
	num := func(n int) { b = append(strconv.AppendInt(b, int64(n), 10), ',') }
	for _, l := range s.locks {
		for _, h := range l.holds {
			num(h.site)
			num(h.count)
			num(h.left)
			bit(h.read)
			bit(h.many)
			bit(h.reacq)
		}
		b = append(b, '|')
		bit(l.released)
		num(l.relLine)
		bit(l.relDeferred)
		bit(l.relUnheld)
		bit(l.vague)
		b = append(b, ';')
	}
	for _, d := range s.defers {
		num(d.stmt.line())
		bit(d.arg)
	}
	b = append(b, ';')
	for _, v := range [][]bool{s.params, s.fields, s.flags} {
		for _, x := range v {
			bit(x)
		}
		b = append(b, ';')
	}
	num(s.n)
	bit(s.shadow)
	return string(b)
}

type result struct {
	st   *state
	out  outcome
	line int // ret, pnc: the statement
}

// exitKind says how F is left.
type exitKind uint8

const (
	exitReturn exitKind = iota
	exitEnd
	exitPanic
)

type exitHold struct {
	lock  int
	vague bool
	hold
}

type exitRec struct {
	line     int
	kind     exitKind
	holds    []exitHold
	released []bool // per lock: the last operation released it
	// vague, per lock: a recursive read lock was taken on the path;
	// whether the exit counts as having released it is the engine's
	// convention (its read counts).
	vague  []bool
	shadow bool
}

type siteKey struct{ lock, line int }

type eval struct {
	p       *Program
	opt     Options
	exact   bool
	exp     *Expectation
	exits   []exitRec
	relReal map[siteKey]bool // holdings from the site released on a real path
	relAll  map[siteKey]bool // ... or on a shadow path, or ambiguously
	unheld  []bool           // per lock: released without being held (relaxed)
	st      *structure
	// rereads: read acquisitions reached again while held (a loop);
	// manySites: those the engine keeps as taken many times
	// (Options.ReadLoopsAccumulate).
	rereads, manySites map[siteKey]bool
	// shadowLines and realLines are the statement lines shadow and real
	// paths ran.
	shadowLines, realLines map[int]bool
	exitSeen               map[string]bool // exits recorded, by value
	// heldBranches lists, per acquisition, the breaks and continues run
	// while holding it on some path.
	heldBranches map[siteKey][]int
	// writeLocked: per lock, a blocking write acquisition of it is run
	// on some path of F, or some helper of the package write-locks it;
	// recursive lists the recursive read locks, reported only for a
	// lock so written (the engine's convention: no writer, no deadlock).
	writeLocked []bool
	recursive   []recursiveRead
	rejected    string
	steps       int // statements run, bounded by maxSteps
}

// maxSteps bounds the statements one evaluation runs (over all paths):
// a relaxed semantics that forks at every loop iteration can take
// exponential time on nested loops. Over it, the program is rejected
// (by the generator) or the relaxation explains nothing.
const maxSteps = 400000

// Expect computes the oracle's verdict on p under opt.
func Expect(p *Program, opt Options) *Expectation {
	if p.endLine == 0 {
		p.Source("p")
	}
	e := newEvalFor(p, opt)
	if opt.ReadLoopsAccumulate {
		// The engine merges a read holding counted once with one
		// counted again by the next iteration: a site reached again
		// on some path is "many" on every path, as well as the RLocks
		// in loops that release nothing (structure.accumulates).
		pre := opt
		pre.ReadLoopsAccumulate = false
		pe := newEvalFor(p, pre)
		pe.run()
		e.manySites = pe.rereads
		walk(p.Body, func(s Stmt) {
			if op, ok := s.(*LockOp); ok && op.Op == OpRLock && e.st.accumulates(op) {
				e.manySites[siteKey{op.Lock, op.Line}] = true
			}
		})
	}
	e.run()
	return e.exp
}

func newEvalFor(p *Program, opt Options) *eval {
	e := &eval{
		p:           p,
		opt:         opt,
		exact:       opt == Options{},
		exp:         &Expectation{Want: map[Key]string{}, Maybe: map[Key]string{}},
		relReal:     map[siteKey]bool{},
		relAll:      map[siteKey]bool{},
		unheld:      make([]bool, len(p.Locks)),
		writeLocked: make([]bool, len(p.Locks)),
		st:          structureOf(p),

		heldBranches: map[siteKey][]int{},
		rereads:      map[siteKey]bool{},
		manySites:    map[siteKey]bool{},
		shadowLines:  map[int]bool{},
		exitSeen:     map[string]bool{},
		realLines:    map[int]bool{},
	}
	for _, h := range p.Helpers {
		// The engine analyses every helper, called or not.
		if h.Kind.Acquires() && !h.Read {
			e.writeLocked[h.Lock] = true
		}
	}
	return e
}

// run enumerates the paths and fills e.exp.
func (e *eval) run() {
	p := e.p
	if l := redundantContinue(p.Body); l != 0 {
		e.exp.Rejected = fmt.Sprintf("line %d: a continue that ends its loop's body", l)
		return
	}
	inputs := p.Params + p.Fields
	maxN := 0
	if p.usesN() {
		maxN = MaxN
	}
	for in := 0; in < (1<<inputs)*(maxN+1); in++ {
		bits, n := in/(maxN+1), in%(maxN+1)
		st := &state{locks: make([]lockSt, len(p.Locks)), flags: make([]bool, p.Flags), n: n}
		for i := range p.Params {
			st.params = append(st.params, bits&(1<<i) != 0)
		}
		for i := range p.Fields {
			st.fields = append(st.fields, bits&(1<<(p.Params+i)) != 0)
		}
		{
			for _, r := range e.block(p.Body, st) {
				switch r.out {
				case normal:
					e.exit(r.st, p.endLine, exitEnd)
				case ret:
					e.exit(r.st, r.line, exitReturn)
				case pnc:
					e.exit(r.st, r.line, exitPanic)
				default:
					panic("oracle: break or continue outside a loop")
				}
			}
		}
		if e.rejected != "" {
			e.exp.Rejected = e.rejected
			return
		}
	}
	e.leaks()
	// A recursive read lock deadlocks only if a writer queues between
	// the two: the engine reports it only for a lock some function of
	// the package write-locks (a blocking Lock; a TryLock never queues).
	for _, r := range e.recursive {
		switch {
		case !e.writeLocked[r.lock]:
		case r.maybe:
			e.maybe(DoubleAcquire, r.line, "recursive read lock (after a blocking or fatal operation, or a recursive read lock)")
		default:
			if k := (Key{DoubleAcquire, r.line}); e.exp.Want[k] == "" {
				e.exp.Want[k] = "recursive read lock"
			}
		}
	}
	// What only paths past a deadlock or a fatal unlock run is the
	// engine's to report as it likes (it goes on there by its own
	// convention): allowed, not required.
	for line := range e.shadowLines {
		if !e.realLines[line] {
			e.maybe(DoubleAcquire, line, "run only after a blocking or fatal operation")
			e.maybe(Unreleased, line, "run only after a blocking or fatal operation")
		}
	}
	for k := range e.exp.Want {
		delete(e.exp.Maybe, k)
	}
}

// forkBool returns each state of sts twice, with the boolean at b false
// and true.
func forkBool(sts []*state, b func(*state) *bool) []*state {
	var out []*state
	for _, s := range sts {
		t := s.clone()
		*b(s), *b(t) = false, true
		out = append(out, s, t)
	}
	return out
}

func (e *eval) reject(format string, args ...any) {
	if e.rejected == "" {
		e.rejected = fmt.Sprintf(format, args...)
	}
}

// report records a report on a path about lock l: wanted on a real
// path, allowed on a shadow one or after a recursive read lock of l.
func (e *eval) report(st *state, l int, pass string, line int, why string) {
	if st.shadow || st.locks[l].vague {
		e.maybe(pass, line, why+" (after a blocking or fatal operation, or a recursive read lock)")
		return
	}
	k := Key{pass, line}
	if _, ok := e.exp.Want[k]; !ok {
		e.exp.Want[k] = why
	}
}

func (e *eval) maybe(pass string, line int, why string) {
	k := Key{pass, line}
	if _, ok := e.exp.Maybe[k]; !ok {
		e.exp.Maybe[k] = why
	}
}

func (e *eval) block(body []Stmt, st *state) []result {
	cur := []result{{st: st}}
	for _, s := range body {
		if e.steps += len(cur); e.steps > maxSteps {
			e.reject("the oracle's budget: more than %d statements run", maxSteps)
			e.exp.OverBudget = true
			return nil
		}
		var next []result
		for _, r := range cur {
			if r.out != normal {
				next = append(next, r)
				continue
			}
			e.reached(s.line(), r.st)
			next = append(next, e.stmt(s, r.st)...)
		}
		cur = next
	}
	return cur
}

type valued struct {
	st *state
	v  bool
}

// value evaluates v on st, forking on a TryLock: one state per outcome.
func (e *eval) value(v Value, st *state, line int) []valued {
	var out []valued
	switch v.Kind {
	case VParam:
		out = []valued{{st, st.params[v.Index]}}
	case VField:
		out = []valued{{st, st.fields[v.Index]}}
	case VFlag:
		out = []valued{{st, st.flags[v.Index]}}
	case VConst:
		out = []valued{{st, v.Const}}
	case VTry:
		ok := st.clone()
		ol := &ok.locks[v.Index]
		if len(ol.holds) > 0 {
			// Fails: this goroutine holds it. Not modelled exactly (the
			// engine takes both outcomes); in the relaxed semantics,
			// the success is a shadow path.
			if e.exact {
				e.reject("line %d: TryLock of a lock this goroutine holds", line)
			}
			ok.shadow = true
		}
		ol.holds = append(ol.holds, hold{site: line, read: v.Read, count: 1})
		ol.released, ol.relUnheld = false, false
		out = []valued{{ok, true}, {st, false}}
	}
	if v.Not {
		for i := range out {
			out[i].v = !out[i].v
		}
	}
	return out
}

func (e *eval) stmt(s Stmt, st *state) []result {
	p := e.p
	switch s := s.(type) {
	case *LockOp:
		if s.Op.Acquires() {
			e.acquire(st, s.Lock, s.Op.Read(), s.Line, false)
		} else {
			e.release(st, s.Lock, s.Op.Read(), s.Line, false)
		}
	case *Call:
		h := p.Helpers[s.Helper]
		arg := true
		if h.Kind.Guarded() {
			arg = e.value(s.Arg, st, s.Line)[0].v
		}
		e.helper(st, h, arg, s.Line, false)
	case *If:
		var out []result
		for _, vs := range e.value(s.Cond, st, s.Line) {
			if vs.v {
				out = append(out, e.block(s.Then, vs.st)...)
			} else {
				out = append(out, e.block(s.Else, vs.st)...)
			}
		}
		return out
	case *Loop:
		return e.loop(s, st)
	case *Break:
		e.leave(st, s)
		return []result{{st: st, out: brk}}
	case *Continue:
		e.leave(st, s)
		return []result{{st: st, out: cont}}
	case *Return:
		return []result{{st: st, out: ret, line: s.Line}}
	case *Panic:
		return []result{{st: st, out: pnc, line: s.Line}}
	case *SetFlag:
		var out []result
		for _, vs := range e.value(s.Value, st, s.Line) {
			vs.st.flags[s.Flag] = vs.v
			out = append(out, result{st: vs.st})
		}
		return out
	case *SetField:
		st.fields[s.Field] = s.Value
	case *DeferOp, *DeferFunc:
		st.defers = append(st.defers, deferred{stmt: s})
	case *DeferCall:
		arg := true
		if p.Helpers[s.Helper].Kind.Guarded() {
			arg = e.value(s.Arg, st, s.Line)[0].v
		}
		st.defers = append(st.defers, deferred{stmt: s, arg: arg})
	default:
		panic(fmt.Sprintf("oracle: unknown statement %T", s))
	}
	return []result{{st: st}}
}

// leave records a break or continue run with locks held.
func (e *eval) leave(st *state, br Stmt) {
	line := br.line()
	if e.opt.UnfoundBranches && (!e.st.findable[br] || e.opt.tryBranch && e.st.afterTry[br]) {
		return
	}
	for i := range st.locks {
		for j := range st.locks[i].holds {
			h := &st.locks[i].holds[j]
			e.heldBranches[siteKey{i, h.site}] = append(e.heldBranches[siteKey{i, h.site}], line)
			if e.st.inside(h.site, e.st.branchOf[br]) {
				h.left = line
			}
		}
	}
}

func (e *eval) loop(s *Loop, st *state) []result {
	var out []result
	type iter struct {
		st *state
		n  int
	}
	work := []iter{{st, 0}}
	seen := make(map[string]bool)
	for len(work) > 0 {
		it := work[len(work)-1]
		work = work[:len(work)-1]
		if e.opt.OpaqueLoops && goesRound(s.Body) {
			// The condition may be false now: leave the loop. A state
			// seen before at the loop's head adds nothing.
			if k := it.st.key(); seen[k] {
				continue
			} else {
				seen[k] = true
			}
			out = append(out, result{st: it.st.clone()})
			if it.n == opaqueIterations {
				continue
			}
		} else if (!s.ByN && it.n == LoopBound) || (s.ByN && it.n == it.st.n) {
			out = append(out, result{st: it.st})
			continue
		}
		sts := []*state{it.st}
		if it.n > 0 && e.opt.LoopsForgetAll {
			for _, v := range readIn(e.p, s.Body) {
				switch v.Kind {
				case VField:
					sts = forkBool(sts, func(x *state) *bool { return &x.fields[v.Index] })
				case VParam:
					sts = forkBool(sts, func(x *state) *bool { return &x.params[v.Index] })
				case VFlag:
					sts = forkBool(sts, func(x *state) *bool { return &x.flags[v.Index] })
				}
			}
		}
		var results []result
		for _, x := range sts {
			results = append(results, e.block(s.Body, x)...)
		}
		for _, r := range results {
			switch r.out {
			case normal, cont:
				work = append(work, iter{r.st, it.n + 1})
			case brk:
				out = append(out, result{st: r.st})
			default:
				out = append(out, r)
			}
		}
	}
	return out
}

// helper applies the effect of a helper called (deferred or not) with
// argument arg.
func (e *eval) helper(st *state, h Helper, arg bool, line int, deferred bool) {
	if h.Kind == ReleaseIfHelper && deferred && e.opt.MayReleases {
		if len(st.locks[h.Lock].holds) > 0 {
			e.release(st, h.Lock, h.Read, line, deferred)
		}
		return
	}
	if !arg {
		return
	}
	if h.Kind.Acquires() {
		e.acquire(st, h.Lock, h.Read, line, true)
		return
	}
	e.release(st, h.Lock, h.Read, line, deferred)
}

// acquire applies a blocking acquisition at line (a Lock, or a call of
// a helper that locks when via is set).
func (e *eval) acquire(st *state, l int, read bool, line int, via bool) {
	ls := &st.locks[l]
	if !read {
		e.writeLocked[l] = true
	}
	if ls.vague {
		e.maybe(DoubleAcquire, line, "an acquisition after a recursive read lock")
	}
	if n := len(ls.holds); n > 0 {
		top := ls.holds[n-1]
		// A write holding blocks a read lock whatever was taken after it
		// (a read lock taken under it on a shadow path).
		writeHeld := slices.ContainsFunc(ls.holds, func(h hold) bool { return !h.read })
		switch {
		case top.read && read && !writeHeld:
			// Does not block (unless a writer queues in between): the
			// path goes on, with read counts the engine keeps its own way.
			// Reported at the end of run if the lock is write-locked.
			e.recursive = append(e.recursive, recursiveRead{l, line, st.shadow || ls.vague})
			ls.vague = true
		default:
			kind := "write lock of a write-locked lock"
			if top.read {
				kind = "write lock of a read-locked lock"
			} else if read {
				kind = "read lock of a write-locked lock"
			}
			e.report(st, l, DoubleAcquire, line, kind)
			// The path goes on as the engine's does: a direct Lock adds a
			// second holding (the releases that follow pair as written);
			// a helper that blocks has no other effect. It is a shadow
			// path: a real one blocked here.
			st.shadow = true
			if via {
				return
			}
		}
	}
	for i := range ls.holds {
		if h := &ls.holds[i]; h.site == line {
			// The same acquisition again (a loop): a read lock counts
			// up; a write lock blocked above, and the engine keeps one
			// holding.
			if h.read && read {
				h.count++
				e.rereads[siteKey{l, line}] = true
				if e.manySites[siteKey{l, line}] {
					h.many = true
				}
			}
			return
		}
	}
	h := hold{site: line, read: read, count: 1, reacq: ls.released && ls.relUnheld}
	if read && e.manySites[siteKey{l, line}] {
		h.many = true
	}
	ls.holds = append(ls.holds, h)
	ls.released, ls.relUnheld = false, false
}

// release applies a release at line (an Unlock, a call of a helper that
// unlocks, or, when deferred is set, the deferred call at its defer
// statement).
func (e *eval) release(st *state, l int, read bool, line int, deferred bool) {
	ls := &st.locks[l]
	if ls.vague {
		e.maybe(Unreleased, line, "a release after a recursive read lock")
		if ls.released {
			e.maybe(Unreleased, ls.relLine, "a release after a recursive read lock")
		}
	}
	if n := len(ls.holds); n > 0 {
		// The holding in the same mode if there is one, of the latest
		// acquisition in the source (the engine orders holdings by site).
		i := -1
		for j, x := range ls.holds {
			if i < 0 || (x.read == read) != (ls.holds[i].read == read) && x.read == read || (x.read == read) == (ls.holds[i].read == read) && x.site > ls.holds[i].site {
				i = j
			}
		}
		h := &ls.holds[i]
		if h.many && h.read && read {
			// Still held, maybe: the count is not known.
			e.relAll[siteKey{l, h.site}] = true
			if !st.shadow {
				e.relReal[siteKey{l, h.site}] = true
			}
			return
		}
		if st.shadow || ls.vague || n > 1 || h.read != read {
			// Which holding this release ends is the engine's
			// convention (and whether a fatal release in the wrong mode
			// counts as one): count it as releasing each of them, in
			// the verdicts that only allow.
			for _, x := range ls.holds {
				e.relAll[siteKey{l, x.site}] = true
			}
		} else {
			e.relReal[siteKey{l, h.site}] = true
			e.relAll[siteKey{l, h.site}] = true
		}
		if h.read != read {
			e.report(st, l, Unreleased, line, "release in the wrong mode")
			st.shadow = true
		}
		reacq := h.reacq
		if h.count--; h.count == 0 {
			ls.holds = slices.Delete(ls.holds, i, i+1)
		}
		if len(ls.holds) == 0 {
			ls.released, ls.relLine, ls.relDeferred, ls.relUnheld = true, line, deferred, reacq
		}
		return
	}
	if ls.released && ls.relUnheld {
		// Released twice without being held here (only in a relaxed
		// semantics): the engine takes the caller to have held it,
		// perhaps more than once, and reports only some cases.
		e.maybe(Unreleased, line, "a second release of a lock released without being held")
		e.maybe(Unreleased, ls.relLine, "a second release of a lock released without being held")
		ls.relLine, ls.relDeferred = line, deferred
		return
	}
	if ls.released {
		if deferred && !ls.relDeferred {
			e.report(st, l, Unreleased, ls.relLine, "unlocked here and again by a deferred unlock")
		} else {
			e.report(st, l, Unreleased, line, "unlock of an unlocked lock")
		}
		st.shadow = true
		return
	}
	if e.exact {
		e.reject("line %d: releases a lock F did not acquire (F would be a release helper)", line)
	}
	e.unheld[l] = true
	ls.released, ls.relLine, ls.relDeferred, ls.relUnheld = true, line, deferred, true
}

// reached records that a path ran the statement at line.
func (e *eval) reached(line int, st *state) {
	if st.shadow {
		e.shadowLines[line] = true
	} else {
		e.realLines[line] = true
	}
}

// exit runs the deferred calls and records the exit.
func (e *eval) exit(st *state, line int, kind exitKind) {
	e.reached(line, st)
	for i := len(st.defers) - 1; i >= 0; i-- {
		d := st.defers[i]
		switch s := d.stmt.(type) {
		case *DeferOp:
			if st.shadow {
				// Which holdings a path past a deadlock still has
				// when its deferred releases run is the engine's
				// convention (see release): what they find is allowed.
				e.maybe(Unreleased, s.Line, "a deferred release run only after a blocking or fatal operation")
			}
			e.release(st, s.Lock, s.Op.Read(), s.Line, true)
		case *DeferCall:
			e.helper(st, e.p.Helpers[s.Helper], d.arg, s.Line, true)
		case *DeferFunc:
			e.deferredBody(st, s.Body, s.Line, false)
		}
	}
	st.defers = nil
	rec := exitRec{line: line, kind: kind, shadow: st.shadow, released: make([]bool, len(st.locks)), vague: make([]bool, len(st.locks))}
	for l, ls := range st.locks {
		rec.released[l] = ls.released
		rec.vague[l] = ls.vague
		if ls.vague {
			e.maybe(Unreleased, line, "an exit after a recursive read lock")
		}
		for _, h := range ls.holds {
			if !h.reacq {
				rec.holds = append(rec.holds, exitHold{l, ls.vague, h})
			}
		}
	}
	if k := fmt.Sprint(rec); !e.exitSeen[k] {
		e.exitSeen[k] = true
		e.exits = append(e.exits, rec)
	}
}

// deferredBody runs the body of a deferred function literal, whose
// releases are reported at line, the defer statement; may is set inside
// an if, whose releases are "may" releases (Options.MayReleases).
func (e *eval) deferredBody(st *state, body []Stmt, line int, may bool) {
	for _, s := range body {
		switch s := s.(type) {
		case *LockOp:
			if may && len(st.locks[s.Lock].holds) == 0 {
				continue
			}
			e.release(st, s.Lock, s.Op.Read(), line, true)
		case *Call:
			arg := true
			if e.p.Helpers[s.Helper].Kind.Guarded() {
				arg = e.value(s.Arg, st, line)[0].v
			}
			if may && len(st.locks[e.p.Helpers[s.Helper].Lock].holds) == 0 {
				continue
			}
			e.helper(st, e.p.Helpers[s.Helper], arg || may, line, true)
		case *If:
			if e.opt.MayReleases {
				e.deferredBody(st, s.Then, line, true)
				e.deferredBody(st, s.Else, line, true)
			} else if e.value(s.Cond, st, line)[0].v {
				e.deferredBody(st, s.Then, line, may)
			} else {
				e.deferredBody(st, s.Else, line, may)
			}
		case *SetField:
			st.fields[s.Field] = s.Value
		}
	}
}

// releasedUnheld reports whether a function of the package other than
// F releases lock l without acquiring it: a release helper, or a
// deferred function literal (a function of its own for the engine).
// The engine then drops a leak at a return that a releasing path also
// reaches (doc.go, "Deliberately unsound": a hold recorded in a flag
// and released elsewhere).
func (e *eval) releasedUnheld(l int) bool {
	if e.unheld[l] {
		return true
	}
	for _, h := range e.p.Helpers {
		if h.Lock == l && !h.Kind.Acquires() {
			return true
		}
	}
	found := false
	walk(e.p.Body, func(s Stmt) {
		if d, ok := s.(*DeferFunc); ok {
			walk(d.Body, func(x Stmt) {
				if op, ok := x.(*LockOp); ok && op.Lock == l {
					found = true
				}
			})
		}
	})
	return found
}

// A recursiveRead is a read acquisition of a lock the path holds in read
// mode; maybe is set when it was run only on shadow paths or after
// another recursive read lock.
type recursiveRead struct {
	lock, line int
	maybe      bool
}

type releasingKey struct {
	line, lock  int
	shadowExits bool
}

type releasingCount struct {
	n       int         // exits that released the lock
	holding map[int]int // of those, the ones holding it from each site
}

// leaks turns the exits into unreleased verdicts. A holding left at an
// exit is a leak when holdings from its acquisition are released on
// some path (else F is an acquire helper, and its callers are checked);
// it is reported at the last break or continue that left a loop with it
// held, else at the exit (return, panic, or F's closing brace). A leak
// at a return (not via a break or continue) is dropped when another
// path reaches the same return having released the lock and a function
// of the package releases the lock without acquiring it
// (releasedUnheld). Where the verdict depends on whether releases on
// shadow paths count, or on the engine's read counts, it is Maybe.
func (e *eval) leaks() {
	// Per exit line and lock, with or without the shadow exits: the exits
	// that released it, and how many of those hold each acquisition.
	releasing := make(map[releasingKey]*releasingCount)
	for _, y := range e.exits {
		for l, rel := range y.released {
			if !rel && !y.vague[l] {
				continue
			}
			for _, shadowExits := range []bool{false, true} {
				if (y.shadow || !rel) && !shadowExits {
					continue // counted only in the verdicts that allow
				}
				k := releasingKey{y.line, l, shadowExits}
				c := releasing[k]
				if c == nil {
					c = &releasingCount{holding: map[int]int{}}
					releasing[k] = c
				}
				c.n++
				seen := map[int]bool{}
				for _, z := range y.holds {
					if z.lock == l && !seen[z.site] {
						seen[z.site] = true
						c.holding[z.site]++
					}
				}
			}
		}
	}
	for _, x := range e.exits {
		for _, h := range x.holds {
			if h.many {
				continue
			}
			k := siteKey{h.lock, h.site}
			line := x.line
			if x.kind != exitPanic && h.left != 0 {
				line = h.left
			}
			relReal, relAll := e.relReal[k], e.relAll[k]
			if relReal || relAll {
				e.maybe(Unreleased, h.site, "the acquisition of a leaked lock")
				for _, br := range e.heldBranches[k] {
					e.maybe(Unreleased, br, "a break or continue run with a leaked lock held")
				}
				if line != x.line {
					e.maybe(Unreleased, x.line, "an exit reached through a leaking break or continue")
				}
			}
			// Dropped: a leak at a return that another path reaches
			// having released the lock, when another function releases
			// it without acquiring it.
			shared := func(shadowExits bool) bool {
				if x.kind == exitPanic || line != x.line || !e.releasedUnheld(h.lock) {
					return false
				}
				idx := releasing[releasingKey{x.line, h.lock, shadowExits}]
				return idx != nil && idx.n > idx.holding[h.site]
			}
			real := relReal && !shared(false)
			all := relAll && !shared(true)
			// The engine counts the releases of paths that went on past
			// a deadlock but not their exits (those of paths past a
			// fatal unlock, it does): with shadow paths, a leak is
			// allowed if it is one with or without their exits.
			allHung := relAll && !shared(false)
			why := "lock held at the exit, released on other paths"
			switch {
			case real && all && !x.shadow && !h.vague:
				if _, ok := e.exp.Want[Key{Unreleased, line}]; !ok {
					e.exp.Want[Key{Unreleased, line}] = why
				}
			case real || all || allHung:
				e.maybe(Unreleased, line, why+" (on a shadow path, or released only on one)")
			}
		}
	}
}

// readIn lists the parameters, fields and flags the statements of body
// read (once each).
func readIn(p *Program, body []Stmt) []Value {
	var out []Value
	values(p, body, func(v *Value) {
		if v.Kind == VParam || v.Kind == VField || v.Kind == VFlag {
			k := Value{Kind: v.Kind, Index: v.Index}
			if !slices.Contains(out, k) {
				out = append(out, k)
			}
		}
	})
	return out
}
