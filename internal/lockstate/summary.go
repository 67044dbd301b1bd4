package lockstate

import (
	"cmp"
	"fmt"
	"go/token"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Summary is a function's effect on locks, in terms of its parameters
// (the receiver is parameter 0), its free variables (for closures) and
// package variables. Summaries are computed bottom-up over the call
// graph and exported as facts, so that a caller in another package sees
// what a whole-program run sees.
type Summary struct {
	// Acquires lists the blocking acquisitions made inside the function
	// (directly or in its callees) of locks the caller can name, and not
	// released by the function first: a caller holding one of them
	// deadlocks.
	Acquires []Effect
	// Releases lists the locks the function releases without having
	// acquired them (release helpers such as unlockAll).
	Releases []Effect
	// MayReleases lists the locks some returns, not all, have released
	// without acquiring them (`if shouldUnlock { mu.Unlock() }`). Only a
	// deferred call or a new goroutine is taken to release them: there
	// the condition is, in practice, the one the caller locked under.
	MayReleases []Effect
	// Holds lists the locks held at every return (acquire helpers such as
	// lockAll).
	Holds []Effect
	// ResultReleases lists the locks released by calling the function
	// value the function returns (`func (s *S) begin() (release func())`).
	ResultReleases []Effect
	// Signals lists the Conds the function signals or broadcasts (here or
	// in a callee): a goroutine started on it wakes their waiters.
	Signals []Effect
	// Panics lists the conditions under which the function can panic
	// explicitly (a panic of its source, or a call of a function that
	// may) without recovering; see panics.go.
	Panics []PanicCond
	// Ensures lists the conditions on its parameters that hold whenever
	// the function returns (require_NoError(t, err): err == nil); see
	// panics.go.
	Ensures []Guard
	// Calls lists the function-typed parameters the function calls
	// before it returns (directly, not in a new goroutine or a deferred
	// call), with the locks it holds at the call: a caller passing a
	// function that takes one of them deadlocks (resolve.go).
	Calls []ParamCall

	// blocks lists the blocking channel and WaitGroup operations the
	// function makes (here or in a callee): this package only, never in
	// facts (channels.go).
	blocks []blockEffect
}

// ParamCall is a call of a function-typed parameter: Param (an index
// into the parameters, the receiver being 0) is called with Held held.
type ParamCall struct {
	Param int
	Held  []Effect
}

func cmpParamCall(a, b ParamCall) int {
	if c := cmp.Compare(a.Param, b.Param); c != 0 {
		return c
	}
	return slices.CompareFunc(a.Held, b.Held, func(x, y Effect) int {
		if c := cmpEffect(x, y); c != 0 {
			return c
		}
		return cmp.Compare(x.Mode, y.Mode)
	})
}

// touchesLocks reports whether the summary has an effect on locks (not
// only panics, or calls of its parameters without a lock).
func (s *Summary) touchesLocks() bool {
	if s == nil {
		return false
	}
	if len(s.Acquires)+len(s.Releases)+len(s.MayReleases)+len(s.Holds)+len(s.ResultReleases)+len(s.Signals) > 0 {
		return true
	}
	for _, c := range s.Calls {
		if len(c.Held) > 0 {
			return true
		}
	}
	return false
}

// lockEffects reports whether the summary has an effect on locks or
// panics (not only calls of its parameters without a lock).
func (s *Summary) lockEffects() bool {
	return s.touchesLocks() || s != nil && len(s.Panics)+len(s.Ensures) > 0
}

func (s *Summary) empty() bool {
	return s == nil || (len(s.Acquires) == 0 && len(s.Releases) == 0 && len(s.MayReleases) == 0 && len(s.Holds) == 0 &&
		len(s.ResultReleases) == 0 && len(s.Signals) == 0 && len(s.Panics) == 0 && len(s.Ensures) == 0 && len(s.Calls) == 0)
}

// Effect is one lock effect of a summary.
type Effect struct {
	Lock      RelPath
	Mode      Mode
	Type      string // the primitive: "sync.Mutex"
	Reentrant bool
	Class     Class
	// Chain lists the functions the effect happens in below the
	// summarised one, outermost first ("(*Batcher).bump").
	Chain []FuncName
	// Guard lists conditions on boolean parameters that hold whenever
	// the effect happens; a caller passing a contradicting constant does
	// not get the effect.
	Guard  []Guard
	Result int // ResultReleases: the result index
	// Without lists, for an acquisition, the caller's locks the function
	// has released (and not taken again) before it: the caller holds
	// them at the call, but not at this acquisition (a helper that
	// unlocks the caller's mutex, takes another lock, and relocks).
	Without []RelPath

	pos token.Pos // the Lock call at the end of Chain (this package only)
}

// FuncName names a function in a call chain.
type FuncName struct {
	Pkg  string // package path
	Name string // "F", "(*T).m", "T.m"
}

// In renders the name as seen from package pkg.
func (f FuncName) In(pkg string) string {
	if f.Pkg == pkg || f.Pkg == "" {
		return f.Name
	}
	short := f.Pkg[strings.LastIndexByte(f.Pkg, '/')+1:]
	if strings.HasPrefix(f.Name, "(*") {
		return "(*" + short + "." + f.Name[2:]
	}
	return short + "." + f.Name
}

// Guard is a condition on a parameter: a boolean parameter is Value,
// or, when Nil is set, "the parameter is nil" is Value. Param indexes
// the parameters and then, for a closure, its free variables. With
// Deref the condition is on the variable the parameter points to: a
// closure's captured variable (*needLock), which a caller binds to a
// variable it assigns once.
type Guard struct {
	Param int
	Nil   bool
	Value bool
	Deref bool
	// Cmp, when not 0, is 1 + the index of another parameter: the
	// condition is "the two are equal" (require_Len(t, a, b)).
	Cmp int
}

// String renders a guard for fact dumps: "p1", "!p1", "p2 == nil".
func (g Guard) String() string {
	p := fmt.Sprintf("p%d", g.Param)
	if g.Deref {
		p = "*" + p
	}
	if g.Cmp > 0 {
		if g.Value {
			return fmt.Sprintf("%s == p%d", p, g.Cmp-1)
		}
		return fmt.Sprintf("%s != p%d", p, g.Cmp-1)
	}
	switch {
	case g.Nil && g.Value:
		return p + " == nil"
	case g.Nil:
		return p + " != nil"
	case g.Value:
		return p
	}
	return "!" + p
}

// RootKind is what a relative path starts from.
type RootKind uint8

const (
	RootParam RootKind = iota
	RootFreeVar
	RootGlobal
	// RootOuter is a value of a function enclosing a closure (a variable
	// of the enclosing function that a sibling closure captured and this
	// one did not). Only closures' summaries have it, and they are never
	// exported as facts.
	RootOuter
)

// RelPath is a lock path relative to a function's parameters, free
// variables or a package variable: the serialisable form of a path.
type RelPath struct {
	Root  RootKind
	Index int    // RootParam, RootFreeVar
	Pkg   string // RootGlobal
	Name  string // RootGlobal: the variable; otherwise the parameter's name (for messages)
	Steps []RelStep

	outer ssa.Value // RootOuter
}

// RelStep is one step of a RelPath.
type RelStep struct {
	Kind  uint8 // stepField, stepDeref, stepIndex, stepRLocker
	Field int
	Name  string // field name
	Owner string // "pkgpath.Type" declaring the field, or ""
	Const string // constant index; "" means any element
}

func (p RelPath) equal(q RelPath) bool {
	return p.Root == q.Root && p.Index == q.Index && p.Pkg == q.Pkg && p.Name == q.Name &&
		p.outer == q.outer && slices.Equal(p.Steps, q.Steps)
}

func cmpRelPath(a, b RelPath) int {
	if c := cmp.Compare(a.Root, b.Root); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Index, b.Index); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Pkg, b.Pkg); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Name, b.Name); c != 0 {
		return c
	}
	if c := cmpValue(a.outer, b.outer); c != 0 {
		return c
	}
	return slices.CompareFunc(a.Steps, b.Steps, func(x, y RelStep) int {
		if c := cmp.Compare(x.Kind, y.Kind); c != 0 {
			return c
		}
		if c := cmp.Compare(x.Field, y.Field); c != 0 {
			return c
		}
		if c := cmp.Compare(x.Owner, y.Owner); c != 0 {
			return c
		}
		return cmp.Compare(x.Const, y.Const)
	})
}

func cmpEffect(a, b Effect) int {
	if c := cmpRelPath(a.Lock, b.Lock); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Mode, b.Mode); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Result, b.Result); c != 0 {
		return c
	}
	if c := cmp.Compare(len(a.Chain), len(b.Chain)); c != 0 {
		return c
	}
	if c := slices.CompareFunc(a.Chain, b.Chain, func(x, y FuncName) int {
		if c := cmp.Compare(x.Pkg, y.Pkg); c != 0 {
			return c
		}
		return cmp.Compare(x.Name, y.Name)
	}); c != 0 {
		return c
	}
	return slices.CompareFunc(a.Guard, b.Guard, cmpGuard)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Budgets on summaries, so that facts stay small.
const (
	maxEffects = 32 // per list
	maxChain   = 8  // functions named in a chain
)

// Normalize sorts and deduplicates each list (for one lock and mode the
// shortest chain, with the weakest guard, is kept) and applies the budget.
// Encoding a normalised summary twice gives identical bytes.
func (s *Summary) Normalize() {
	norm := func(list []Effect) []Effect {
		for i := range list {
			list[i].Chain = acyclicChain(list[i].Chain)
		}
		// Unguarded effects subsume guarded ones of the same lock and mode.
		slices.SortStableFunc(list, cmpEffect)
		out := list[:0]
		for _, e := range list {
			dup := false
			for i := range out {
				if out[i].Lock.equal(e.Lock) && out[i].Mode == e.Mode && out[i].Result == e.Result {
					out[i] = mergeEffects(out[i], e)
					dup = true
					break
				}
			}
			if !dup {
				if len(e.Chain) > maxChain {
					e.Chain = e.Chain[:maxChain]
				}
				out = append(out, e)
			}
		}
		if len(out) > maxEffects {
			out = out[:maxEffects]
		}
		if len(out) == 0 {
			return nil
		}
		return slices.Clip(out)
	}
	s.Acquires = norm(s.Acquires)
	s.Releases = norm(s.Releases)
	s.MayReleases = norm(s.MayReleases)
	s.Holds = norm(s.Holds)
	s.ResultReleases = norm(s.ResultReleases)
	s.Signals = norm(s.Signals)
	s.Panics = normPanics(s.Panics)
	for i := range s.Calls {
		s.Calls[i].Held = norm(s.Calls[i].Held)
	}
	slices.SortFunc(s.Calls, cmpParamCall)
	s.Calls = slices.CompactFunc(s.Calls, func(a, b ParamCall) bool { return cmpParamCall(a, b) == 0 })
	if len(s.Calls) > maxEffects {
		s.Calls = s.Calls[:maxEffects]
	}
	if len(s.Calls) == 0 {
		s.Calls = nil
	}
}

// acyclicChain returns chain without its cycles: a call chain that goes
// through a recursive component names a function twice, and what lies
// between the two is a detour the shorter chain does not take. Without
// this a recursive component's summaries would not converge, each round
// going once more around the cycle until maxChain cuts the chain.
func acyclicChain(chain []FuncName) []FuncName {
	for i := 0; i < len(chain); i++ {
		for j := len(chain) - 1; j > i; j-- {
			if chain[j] == chain[i] {
				chain = slices.Concat(chain[:i], chain[j:])
				break
			}
		}
	}
	return chain
}

// mergeEffects merges two effects on one lock and mode: the one that
// sorts first (the shortest chain) is kept, released-before only where
// both were, guarded only by the guards both had (none if either had
// none). The result does not depend on the order of the merges.
func mergeEffects(a, b Effect) Effect {
	if cmpEffect(b, a) < 0 {
		a, b = b, a
	}
	a.Without = slices.DeleteFunc(slices.Clone(a.Without), func(w RelPath) bool {
		return !slices.ContainsFunc(b.Without, w.equal)
	})
	switch {
	case len(a.Guard) == 0 || len(b.Guard) == 0:
		a.Guard = nil
	case !slices.Equal(a.Guard, b.Guard):
		a.Guard = intersectGuards(a.Guard, b.Guard)
	}
	return a
}

func intersectGuards(a, b []Guard) []Guard {
	var out []Guard
	for _, g := range a {
		if slices.Contains(b, g) {
			out = append(out, g)
		}
	}
	return out
}

// equal reports whether two normalised summaries are the same (for the
// fixpoint over recursive functions).
func (s *Summary) equal(t *Summary) bool {
	if s.empty() || t.empty() {
		return s.empty() == t.empty()
	}
	eq := func(a, b []Effect) bool {
		return slices.EqualFunc(a, b, func(x, y Effect) bool { return cmpEffect(x, y) == 0 })
	}
	eqPanics := slices.EqualFunc(s.Panics, t.Panics, func(x, y PanicCond) bool { return slices.Equal(x.Guard, y.Guard) })
	eqCalls := slices.EqualFunc(s.Calls, t.Calls, func(x, y ParamCall) bool { return cmpParamCall(x, y) == 0 })
	return eqPanics && eqCalls && slices.Equal(s.Ensures, t.Ensures) && eq(s.Acquires, t.Acquires) && eq(s.Releases, t.Releases) && eq(s.MayReleases, t.MayReleases) &&
		eq(s.Holds, t.Holds) && eq(s.ResultReleases, t.ResultReleases) && eq(s.Signals, t.Signals)
}

// FuncFact carries a function's Summary to importing packages.
type FuncFact struct{ Summary Summary }

// AFact marks FuncFact as an analysis fact.
func (*FuncFact) AFact() {}

func (f *FuncFact) String() string {
	var b strings.Builder
	b.WriteString("lockstate(")
	n := 0
	list := func(name string, es []Effect) {
		for _, e := range es {
			if n > 0 {
				b.WriteString(", ")
			}
			n++
			b.WriteString(name + " " + e.Lock.String())
			if e.Mode == Read {
				b.WriteString("(r)")
			}
			for i, w := range e.Without {
				if i == 0 {
					b.WriteString(" after releasing ")
				} else {
					b.WriteString(" and ")
				}
				b.WriteString(w.String())
			}
			for i, g := range e.Guard {
				if i == 0 {
					b.WriteString(" if ")
				} else {
					b.WriteString(" && ")
				}
				b.WriteString(g.String())
			}
		}
	}
	list("acquires", f.Summary.Acquires)
	list("releases", f.Summary.Releases)
	list("may-release", f.Summary.MayReleases)
	list("holds", f.Summary.Holds)
	list("returns-release", f.Summary.ResultReleases)
	list("signals", f.Summary.Signals)
	for _, g := range f.Summary.Ensures {
		if n > 0 {
			b.WriteString(", ")
		}
		n++
		b.WriteString("ensures " + g.String())
	}
	for _, pc := range f.Summary.Calls {
		if n > 0 {
			b.WriteString(", ")
		}
		n++
		fmt.Fprintf(&b, "calls p%d", pc.Param)
		for i, h := range pc.Held {
			if i == 0 {
				b.WriteString(" holding ")
			} else {
				b.WriteString(" and ")
			}
			b.WriteString(h.Lock.String())
			if h.Mode == Read {
				b.WriteString("(r)")
			}
		}
	}
	for _, pc := range f.Summary.Panics {
		if n > 0 {
			b.WriteString(", ")
		}
		n++
		b.WriteString("may-panic")
		for i, g := range pc.Guard {
			if i == 0 {
				b.WriteString(" if ")
			} else {
				b.WriteString(" && ")
			}
			b.WriteString(g.String())
		}
	}
	b.WriteString(")")
	return b.String()
}

// String renders a relative path for fact dumps: "recv.mu", "settingsMu".
func (p RelPath) String() string {
	var b strings.Builder
	b.WriteString(p.Name)
	for _, s := range p.Steps {
		switch s.Kind {
		case uint8(stepField):
			b.WriteString("." + s.Name)
		case uint8(stepIndex):
			if s.Const != "" {
				b.WriteString("[" + s.Const + "]")
			} else {
				b.WriteString("[*]")
			}
		case uint8(stepRLocker):
			b.WriteString(".RLocker()")
		}
	}
	return b.String()
}
