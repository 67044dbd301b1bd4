package oracle

import (
	"fmt"
	"math/rand/v2"
)

// Features switches the generator's constructs on and off (all on by
// default, see AllFeatures), so that a run can leave out a construct
// behind a known disagreement and look for others.
type Features struct {
	RWMutex        bool // sync.RWMutex locks, RLock and RUnlock
	TryLock        bool // TryLock and TryRLock, in conditions and flags
	Flags          bool // boolean locals set in branches and tested later
	Fields         bool // boolean fields of S tested (and sometimes set)
	Loops          bool // bounded loops with break and continue
	LoopsByN       bool // some loops run n times, n a parameter (0 to 3 for the oracle)
	Defers         bool // defer of an unlock, of a helper, of a function literal
	Panics         bool // explicit panic
	Helpers        bool // lock and unlock helpers
	GuardedHelpers bool // helpers guarded by a boolean parameter
}

// AllFeatures turns every construct on.
var AllFeatures = Features{true, true, true, true, true, true, true, true, true, true}

// maxAttempts bounds the programs the generator draws for one seed
// before it gives up: the oracle rejects those it does not model.
const maxAttempts = 200

// Generate returns the program of seed: the first program drawn from the
// seed's random stream that the oracle models exactly. It is
// deterministic: the same seed and features give the same program.
func Generate(seed uint64, f Features) (*Program, error) {
	rng := rand.New(rand.NewPCG(seed, 0x6c6f636b6c696e74)) // "locklint"
	for range maxAttempts {
		p := generate(rng, f)
		if e := Expect(p, Options{}); e.Rejected == "" {
			return p, nil
		}
	}
	return nil, fmt.Errorf("oracle: seed %d: no modelled program in %d attempts", seed, maxAttempts)
}

type gen struct {
	r *rand.Rand
	f Features
	p *Program
	// pending are the locks acquired on the way to the current point
	// (approximately: the generator does not follow every path), with
	// the flag that records each, the likely ones to release next.
	pending []pending
	loops   int // loops around the current point
	budget  int // statements left
}

type pending struct {
	lock int
	read bool
	flag int // -1: none
}

func generate(r *rand.Rand, f Features) *Program {
	g := &gen{r: r, f: f, p: &Program{}}
	p := g.p
	nlocks := 1 + r.IntN(3)
	for i := range nlocks {
		kind := Mutex
		if f.RWMutex && r.IntN(3) == 0 {
			kind = RWMutex
		}
		name := fmt.Sprintf("mu%d", i)
		if kind == RWMutex {
			name = fmt.Sprintf("rw%d", i)
		}
		p.Locks = append(p.Locks, Lock{Name: name, Kind: kind})
	}
	p.Params = r.IntN(4)
	if f.Fields {
		p.Fields = r.IntN(3)
	}
	if f.Flags {
		p.Flags = r.IntN(3)
	}
	if f.Helpers {
		seen := map[Helper]bool{}
		for range r.IntN(4) {
			h := Helper{Lock: r.IntN(nlocks)}
			h.Kind = HelperKind(r.IntN(2))
			if f.GuardedHelpers && r.IntN(2) == 0 {
				h.Kind += AcquireIfHelper
			}
			h.Read = p.Locks[h.Lock].Kind == RWMutex && r.IntN(2) == 0
			if !seen[h] {
				seen[h] = true
				p.Helpers = append(p.Helpers, h)
			}
		}
	}
	g.budget = 4 + r.IntN(10)
	p.Body = g.block(0)
	return p
}

func (g *gen) chance(n int) bool { return g.r.IntN(100) < n }

// block generates a statement list at nesting depth d.
func (g *gen) block(d int) []Stmt {
	var out []Stmt
	n := 1 + g.r.IntN(4)
	if d == 0 {
		n = g.budget
	}
	saved := len(g.pending)
	for i := 0; i < n && g.budget > 0; i++ {
		g.budget--
		s := g.stmt(d)
		out = append(out, s...)
		if len(s) > 0 {
			if _, ok := s[len(s)-1].(interface{ leaves() }); ok {
				break // nothing after a return, panic, break or continue
			}
		}
	}
	if d > 0 && len(g.pending) > saved && g.chance(50) {
		g.pending = g.pending[:saved] // forget the branch's acquisitions half the time
	}
	return out
}

func (*Return) leaves()   {}
func (*Panic) leaves()    {}
func (*Break) leaves()    {}
func (*Continue) leaves() {}

func (g *gen) stmt(d int) []Stmt {
	r := g.r
	for {
		switch k := r.IntN(100); {
		case k < 22:
			return g.acquire(d)
		case k < 44:
			if s := g.release(d); s != nil {
				return s
			}
		case k < 64:
			if d < 3 {
				return []Stmt{g.ifStmt(d)}
			}
		case k < 70:
			if g.f.Loops && g.loops < 2 && d < 3 {
				g.loops++
				body := g.block(d + 1)
				g.loops--
				return []Stmt{&Loop{Body: body, ByN: g.f.LoopsByN && r.IntN(2) == 0}}
			}
		case k < 76:
			if g.f.Loops && g.loops > 0 && d > 0 {
				if r.IntN(2) == 0 {
					return []Stmt{&Break{}}
				}
				return []Stmt{&Continue{}}
			}
		case k < 81:
			if d > 0 {
				return []Stmt{&Return{}}
			}
		case k < 84:
			if g.f.Panics && d > 0 {
				return []Stmt{&Panic{}}
			}
		case k < 92:
			if g.f.Defers && g.loops == 0 {
				if s := g.deferStmt(); s != nil {
					return []Stmt{s}
				}
			}
		case k < 97:
			if g.p.Flags > 0 {
				v := Value{Kind: VConst, Const: r.IntN(4) != 0}
				if g.f.TryLock && r.IntN(4) == 0 {
					v = g.try()
				}
				return []Stmt{&SetFlag{Flag: r.IntN(g.p.Flags), Value: v}}
			}
		default:
			if g.p.Fields > 0 {
				return []Stmt{&SetField{Field: r.IntN(g.p.Fields), Value: r.IntN(2) == 0}}
			}
		}
	}
}

// acquire generates a Lock or RLock, or a call of a helper that locks,
// sometimes recorded in a flag.
func (g *gen) acquire(d int) []Stmt {
	p, r := g.p, g.r
	var out []Stmt
	pe := pending{flag: -1}
	if hs := g.helpersThat(true); len(hs) > 0 && r.IntN(3) == 0 {
		i := hs[r.IntN(len(hs))]
		h := p.Helpers[i]
		out = append(out, &Call{Helper: i, Arg: g.argFor(i)})
		pe.lock, pe.read = h.Lock, h.Read
	} else {
		l := r.IntN(len(p.Locks))
		op := OpLock
		if p.Locks[l].Kind == RWMutex && r.IntN(2) == 0 {
			op = OpRLock
		}
		out = append(out, &LockOp{Lock: l, Op: op})
		pe.lock, pe.read = l, op == OpRLock
	}
	if p.Flags > 0 && d > 0 && g.chance(60) {
		pe.flag = r.IntN(p.Flags)
		out = append(out, &SetFlag{Flag: pe.flag, Value: Value{Kind: VConst, Const: true}})
	}
	if g.f.Defers && g.loops == 0 && g.chance(20) {
		out = append(out, g.deferOf(pe))
		return out
	}
	g.pending = append(g.pending, pe)
	return out
}

// release generates a release of a pending lock (or, rarely, of any
// lock), directly or through a helper, under its flag when it has one.
func (g *gen) release(d int) []Stmt {
	p, r := g.p, g.r
	var pe pending
	if len(g.pending) > 0 && g.chance(85) {
		i := len(g.pending) - 1
		if r.IntN(3) == 0 {
			i = r.IntN(len(g.pending))
		}
		pe = g.pending[i]
		g.pending = append(g.pending[:i:i], g.pending[i+1:]...)
	} else {
		pe = pending{lock: r.IntN(len(p.Locks)), flag: -1}
		pe.read = p.Locks[pe.lock].Kind == RWMutex && r.IntN(2) == 0
	}
	if g.chance(5) && p.Locks[pe.lock].Kind == RWMutex {
		pe.read = !pe.read // the wrong mode
	}
	var s Stmt
	if i, ok := g.helperFor(false, pe.lock, pe.read); ok && r.IntN(3) == 0 {
		s = &Call{Helper: i, Arg: g.argFor(i)}
	} else {
		op := OpUnlock
		if pe.read {
			op = OpRUnlock
		}
		s = &LockOp{Lock: pe.lock, Op: op}
	}
	if pe.flag >= 0 && g.chance(70) {
		return []Stmt{&If{Cond: Value{Kind: VFlag, Index: pe.flag}, Then: []Stmt{s}}}
	}
	return []Stmt{s}
}

// deferStmt defers the release of a pending lock.
func (g *gen) deferStmt() Stmt {
	if len(g.pending) == 0 {
		return nil
	}
	i := len(g.pending) - 1
	pe := g.pending[i]
	g.pending = g.pending[:i]
	return g.deferOf(pe)
}

func (g *gen) deferOf(pe pending) Stmt {
	r := g.r
	op := OpUnlock
	if pe.read {
		op = OpRUnlock
	}
	switch k := r.IntN(10); {
	case k < 3:
		var body []Stmt
		if g.p.Fields > 0 && r.IntN(3) == 0 {
			body = append(body, &SetField{Field: r.IntN(g.p.Fields), Value: false})
		}
		var rel Stmt = &LockOp{Lock: pe.lock, Op: op}
		if pe.flag >= 0 && r.IntN(2) == 0 {
			rel = &If{Cond: Value{Kind: VFlag, Index: pe.flag}, Then: []Stmt{rel}}
		}
		return &DeferFunc{Body: append(body, rel)}
	case k < 5:
		if i, ok := g.helperFor(false, pe.lock, pe.read); ok {
			return &DeferCall{Helper: i, Arg: g.argFor(i)}
		}
	}
	return &DeferOp{Lock: pe.lock, Op: op}
}

func (g *gen) helpersThat(acquire bool) []int {
	var out []int
	for i, h := range g.p.Helpers {
		if h.Kind.Acquires() == acquire {
			out = append(out, i)
		}
	}
	return out
}

func (g *gen) helperFor(acquire bool, lock int, read bool) (int, bool) {
	var hs []int
	for i, h := range g.p.Helpers {
		if h.Kind.Acquires() == acquire && h.Lock == lock && h.Read == read {
			hs = append(hs, i)
		}
	}
	if len(hs) == 0 {
		return 0, false
	}
	return hs[g.r.IntN(len(hs))], true
}

// argFor is the argument of a call of helper i: none unless it is
// guarded.
func (g *gen) argFor(i int) Value {
	if !g.p.Helpers[i].Kind.Guarded() {
		return Value{}
	}
	return g.arg()
}

// arg is the argument of a guarded helper: a constant, an input or a
// flag (not a TryLock).
func (g *gen) arg() Value {
	for {
		v := g.cond(false)
		if v.Kind != VTry {
			return v
		}
	}
}

func (g *gen) cond(try bool) Value {
	p, r := g.p, g.r
	for {
		var v Value
		switch k := r.IntN(10); {
		case k < 4:
			if p.Params == 0 {
				continue
			}
			v = Value{Kind: VParam, Index: r.IntN(p.Params)}
		case k < 6:
			if p.Fields == 0 {
				continue
			}
			v = Value{Kind: VField, Index: r.IntN(p.Fields)}
		case k < 8:
			if p.Flags == 0 {
				continue
			}
			v = Value{Kind: VFlag, Index: r.IntN(p.Flags)}
		case k < 9:
			if !try || !g.f.TryLock {
				continue
			}
			v = g.try()
		default:
			v = Value{Kind: VConst, Const: r.IntN(2) == 0}
		}
		v.Not = r.IntN(4) == 0
		return v
	}
}

func (g *gen) try() Value {
	l := g.r.IntN(len(g.p.Locks))
	return Value{Kind: VTry, Index: l, Read: g.p.Locks[l].Kind == RWMutex && g.r.IntN(2) == 0}
}

func (g *gen) ifStmt(d int) *If {
	c := g.cond(true)
	s := &If{Cond: c}
	if c.Kind == VTry {
		// The success branch holds the lock: release it there, often.
		pe := pending{lock: c.Index, read: c.Read, flag: -1}
		if c.Not {
			s.Then = g.block(d + 1)
			if len(s.Then) == 0 || g.chance(50) {
				s.Then = append(s.Then, &Return{})
			}
			g.pending = append(g.pending, pe)
			return s
		}
		g.pending = append(g.pending, pe)
		s.Then = g.block(d + 1)
		return s
	}
	s.Then = g.block(d + 1)
	if g.chance(30) {
		s.Else = g.block(d + 1)
	}
	return s
}
