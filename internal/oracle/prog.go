package oracle

import (
	"fmt"
	"strings"
)

// A Program is one generated package: a struct S with one to three
// locks and up to two boolean fields, helper methods on *S that take or
// release one lock, and the method F under test, whose boolean
// parameters and fields are the inputs the oracle enumerates. The same
// value is printed as Go source (Source) and interpreted by the oracle
// (Expect), so that the two cannot drift apart.
type Program struct {
	Locks   []Lock
	Fields  int // boolean fields f0..f{n-1}
	Params  int // boolean parameters p0..p{n-1} of F
	Flags   int // boolean locals h0..h{n-1} of F, all false at first
	Helpers []Helper
	Body    []Stmt // F's body

	endLine int // the closing brace of F, set by Source
}

// LockKind is the type of a lock field.
type LockKind uint8

const (
	Mutex   LockKind = iota // sync.Mutex
	RWMutex                 // sync.RWMutex
)

// A Lock is a field of S.
type Lock struct {
	Name string
	Kind LockKind
}

// HelperKind says what a helper method does to its lock.
type HelperKind uint8

const (
	AcquireHelper   HelperKind = iota // func (s *S) lockX() { s.x.Lock() }
	ReleaseHelper                     // func (s *S) unlockX() { s.x.Unlock() }
	AcquireIfHelper                   // func (s *S) lockXIf(c bool) { if c { s.x.Lock() } }
	ReleaseIfHelper                   // func (s *S) unlockXIf(c bool) { if c { s.x.Unlock() } }
)

// Guarded reports whether the helper takes a boolean parameter that
// guards its effect.
func (k HelperKind) Guarded() bool { return k == AcquireIfHelper || k == ReleaseIfHelper }

// Acquires reports whether the helper acquires its lock.
func (k HelperKind) Acquires() bool { return k == AcquireHelper || k == AcquireIfHelper }

// A Helper is a method of *S with one lock operation, possibly guarded
// by its boolean parameter c.
type Helper struct {
	Kind HelperKind
	Lock int
	Read bool // RLock/RUnlock instead of Lock/Unlock (an RWMutex only)
}

// Name is the helper's method name, e.g. "rlockRw1If".
func (h Helper) Name(p *Program) string {
	l := p.Locks[h.Lock].Name
	op := "lock"
	if !h.Kind.Acquires() {
		op = "unlock"
	}
	if h.Read {
		op = "r" + op
	}
	name := op + strings.ToUpper(l[:1]) + l[1:]
	if h.Kind.Guarded() {
		name += "If"
	}
	return name
}

// OpKind is a lock operation.
type OpKind uint8

const (
	OpLock OpKind = iota
	OpUnlock
	OpRLock
	OpRUnlock
)

func (o OpKind) String() string { return [...]string{"Lock", "Unlock", "RLock", "RUnlock"}[o] }

// Acquires reports whether o is Lock or RLock.
func (o OpKind) Acquires() bool { return o == OpLock || o == OpRLock }

// Read reports whether o is RLock or RUnlock.
func (o OpKind) Read() bool { return o == OpRLock || o == OpRUnlock }

// ValueKind is where a boolean comes from.
type ValueKind uint8

const (
	VParam ValueKind = iota // p<i>
	VField                  // s.f<i>
	VFlag                   // h<i>
	VConst                  // true or false
	VTry                    // s.<lock>.TryLock() or TryRLock()
)

// A Value is a boolean expression: an input, a flag, a constant, or a
// TryLock, possibly negated.
type Value struct {
	Kind  ValueKind
	Index int  // parameter, field, flag or lock
	Const bool // VConst
	Read  bool // VTry: TryRLock
	Not   bool
}

func (v Value) text(p *Program) string {
	var s string
	switch v.Kind {
	case VParam:
		s = fmt.Sprintf("p%d", v.Index)
	case VField:
		s = fmt.Sprintf("s.f%d", v.Index)
	case VFlag:
		s = fmt.Sprintf("h%d", v.Index)
	case VConst:
		s = fmt.Sprint(v.Const)
	case VTry:
		m := "TryLock"
		if v.Read {
			m = "TryRLock"
		}
		s = fmt.Sprintf("s.%s.%s()", p.Locks[v.Index].Name, m)
	}
	if v.Not {
		s = "!" + s
	}
	return s
}

// A Stmt is a statement of F. Line is the line it starts on, set by
// Source.
type Stmt interface {
	line() int
	setLine(int)
}

type at struct{ Line int }

func (a *at) line() int     { return a.Line }
func (a *at) setLine(l int) { a.Line = l }

type (
	// LockOp is s.<lock>.<Op>().
	LockOp struct {
		at
		Lock int
		Op   OpKind
	}
	// Call calls a helper, with Arg for a guarded one.
	Call struct {
		at
		Helper int
		Arg    Value
	}
	// If is if Cond { Then } else { Else }.
	If struct {
		at
		Cond       Value
		Then, Else []Stmt
	}
	// Loop is for i<depth> := 0; i<depth> < 2; i<depth>++ { Body }, or,
	// with ByN, i<depth> < n, for F's parameter n.
	Loop struct {
		at
		ByN  bool
		Body []Stmt
	}
	// Break and Continue leave the innermost loop.
	Break    struct{ at }
	Continue struct{ at }
	// Return leaves F.
	Return struct{ at }
	// Panic is panic("oracle").
	Panic struct{ at }
	// SetFlag is h<Flag> = Value (a constant or a TryLock).
	SetFlag struct {
		at
		Flag  int
		Value Value
	}
	// SetField is s.f<Field> = Value.
	SetField struct {
		at
		Field int
		Value bool
	}
	// DeferOp is defer s.<lock>.Unlock() (or RUnlock).
	DeferOp struct {
		at
		Lock int
		Op   OpKind
	}
	// DeferCall is defer s.<helper>(Arg): the argument is evaluated at
	// the defer statement.
	DeferCall struct {
		at
		Helper int
		Arg    Value
	}
	// DeferFunc is defer func() { Body }(); its
	// body holds only releases (LockOp, Call) and ifs on flags around
	// them, read when the function exits.
	DeferFunc struct {
		at
		Body []Stmt
	}
)

// Source prints the program as a Go file of package name, one statement
// per line (so that a report's line names one statement), and records
// each statement's line. It is already gofmt-formatted.
func (p *Program) Source(name string) string { return p.SourceStyle(name, Style{}) }

// header is the comment that opens a generated program.
var header = []string{
	"Code produced by the locklint oracle (internal/oracle); the oracle's",
	"verdicts are the // want comments of regression cases.",
}

// Style selects another spelling of the same program, with every
// statement on the same line: a disagreement that vanishes when the
// program is spelt another way is explained by the spelling.
type Style struct {
	// TryBranch spells h = s.mu.TryLock() as
	// if s.mu.TryLock() { h = true } else { h = false }.
	TryBranch bool
	// NopInTry puts a call of a function that does nothing first in the
	// body of an if on a TryLock (on the if's line), so that its two
	// edges do not meet at once: go/ssa threads jumps, and an if whose
	// body and else run no instruction before they join has both its
	// edges go to one block.
	NopInTry bool
}

// SourceStyle is Source, spelt in style st.
func (p *Program) SourceStyle(name string, st Style) string {
	return p.sourceWith(name, header, st)
}

func (p *Program) sourceWith(name string, comment []string, st Style) string {
	w := &writer{p: p, style: st}
	for _, c := range comment {
		w.printf("//%s\n", strings.TrimRight(" "+c, " "))
	}
	w.printf("\npackage %s\n\nimport \"sync\"\n\ntype S struct {\n", name)
	for _, l := range p.Locks {
		t := "sync.Mutex"
		if l.Kind == RWMutex {
			t = "sync.RWMutex"
		}
		w.printf("\t%s %s\n", l.Name, t)
	}
	for i := range p.Fields {
		w.printf("\tf%d bool\n", i)
	}
	w.printf("}\n")
	for _, h := range p.Helpers {
		l := p.Locks[h.Lock].Name
		op := "Lock"
		if !h.Kind.Acquires() {
			op = "Unlock"
		}
		if h.Read {
			op = "R" + op
		}
		if h.Kind.Guarded() {
			w.printf("\nfunc (s *S) %s(c bool) {\n\tif c {\n\t\ts.%s.%s()\n\t}\n}\n", h.Name(p), l, op)
		} else {
			w.printf("\nfunc (s *S) %s() {\n\ts.%s.%s()\n}\n", h.Name(p), l, op)
		}
	}
	params := make([]string, p.Params)
	for i := range params {
		params[i] = fmt.Sprintf("p%d", i)
	}
	sig := ""
	if len(params) > 0 {
		sig = strings.Join(params, ", ") + " bool"
	}
	if p.usesN() {
		if sig != "" {
			sig += ", "
		}
		sig += "n int"
	}
	w.printf("\nfunc (s *S) F(%s) {\n", sig)
	read := make([]bool, p.Flags)
	used := make([]bool, p.Flags)
	walk(p.Body, func(s Stmt) {
		switch s := s.(type) {
		case *If:
			markFlag(s.Cond, read, used)
		case *Call:
			if p.Helpers[s.Helper].Kind.Guarded() {
				markFlag(s.Arg, read, used)
			}
		case *DeferCall:
			if p.Helpers[s.Helper].Kind.Guarded() {
				markFlag(s.Arg, read, used)
			}
		case *SetFlag:
			used[s.Flag] = true
		}
	})
	for i := range p.Flags {
		if used[i] {
			w.printf("\th%d := false\n", i)
			if !read[i] {
				w.printf("\t_ = h%d\n", i)
			}
		}
	}
	w.stmts(p.Body, 1, 0)
	p.endLine = w.line
	w.printf("}\n")
	if w.nop {
		w.printf("\nfunc nop() {}\n")
	}
	return w.b.String()
}

// usesN reports whether a loop of F is bounded by its parameter n.
func (p *Program) usesN() bool {
	found := false
	walk(p.Body, func(s Stmt) {
		if l, ok := s.(*Loop); ok && l.ByN {
			found = true
		}
	})
	return found
}

func markFlag(v Value, read, used []bool) {
	if v.Kind == VFlag {
		read[v.Index], used[v.Index] = true, true
	}
}

// walk calls f on every statement of body, nested ones (in ifs, loops
// and deferred functions) included, parents first.
func walk(body []Stmt, f func(Stmt)) {
	for _, s := range body {
		f(s)
		switch s := s.(type) {
		case *If:
			walk(s.Then, f)
			walk(s.Else, f)
		case *Loop:
			walk(s.Body, f)
		case *DeferFunc:
			walk(s.Body, f)
		}
	}
}

type writer struct {
	p     *Program
	style Style
	nop   bool // a call of nop was written
	b     strings.Builder
	line  int // the line being written, 1-based
}

func (w *writer) printf(format string, args ...any) {
	if w.line == 0 {
		w.line = 1
	}
	s := fmt.Sprintf(format, args...)
	w.b.WriteString(s)
	w.line += strings.Count(s, "\n")
}

func (w *writer) stmts(body []Stmt, indent, loops int) {
	for _, s := range body {
		w.stmt(s, indent, loops)
	}
}

func (w *writer) stmt(s Stmt, indent, loops int) {
	tab := strings.Repeat("\t", indent)
	s.setLine(w.line)
	p := w.p
	switch s := s.(type) {
	case *LockOp:
		w.printf("%ss.%s.%s()\n", tab, p.Locks[s.Lock].Name, s.Op)
	case *Call:
		w.printf("%s%s\n", tab, callText(p, s.Helper, s.Arg))
	case *If:
		nop := ""
		if w.style.NopInTry && s.Cond.Kind == VTry {
			nop, w.nop = " nop()", true
		}
		w.printf("%sif %s {%s\n", tab, s.Cond.text(p), nop)
		w.stmts(s.Then, indent+1, loops)
		if len(s.Else) > 0 {
			w.printf("%s} else {\n", tab)
			w.stmts(s.Else, indent+1, loops)
		}
		w.printf("%s}\n", tab)
	case *Loop:
		v := fmt.Sprintf("i%d", loops)
		bound := fmt.Sprint(LoopBound)
		if s.ByN {
			bound = "n"
		}
		w.printf("%sfor %s := 0; %s < %s; %s++ {\n", tab, v, v, bound, v)
		w.stmts(s.Body, indent+1, loops+1)
		w.printf("%s}\n", tab)
	case *Break:
		w.printf("%sbreak\n", tab)
	case *Continue:
		w.printf("%scontinue\n", tab)
	case *Return:
		w.printf("%sreturn\n", tab)
	case *Panic:
		w.printf("%spanic(\"oracle\")\n", tab)
	case *SetFlag:
		if s.Value.Kind == VTry && w.style.TryBranch {
			c := s.Value
			c.Not = false
			w.printf("%sif %s { h%d = %v } else { h%d = %v }\n", tab, c.text(p), s.Flag, !s.Value.Not, s.Flag, s.Value.Not)
			break
		}
		w.printf("%sh%d = %s\n", tab, s.Flag, s.Value.text(p))
	case *SetField:
		w.printf("%ss.f%d = %v\n", tab, s.Field, s.Value)
	case *DeferOp:
		w.printf("%sdefer s.%s.%s()\n", tab, p.Locks[s.Lock].Name, s.Op)
	case *DeferCall:
		w.printf("%sdefer %s\n", tab, callText(p, s.Helper, s.Arg))
	case *DeferFunc:
		// gofmt's layout: the releases it runs are reported at the
		// defer statement, whatever line they are on.
		w.printf("%sdefer func() {\n", tab)
		w.stmts(s.Body, indent+1, 0)
		w.printf("%s}()\n", tab)
	default:
		panic(fmt.Sprintf("oracle: unknown statement %T", s))
	}
}

func callText(p *Program, helper int, arg Value) string {
	h := p.Helpers[helper]
	if h.Kind.Guarded() {
		return fmt.Sprintf("s.%s(%s)", h.Name(p), arg.text(p))
	}
	return fmt.Sprintf("s.%s()", h.Name(p))
}

// EndLine is the line of F's closing brace (after Source).
func (p *Program) EndLine() int { return p.endLine }
