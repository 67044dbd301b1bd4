package lockstate

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/locklint/locklint/internal/origins"
)

// Result is what the engine hands to the passes: for every analysed
// function of the package, the lock events its dataflow found, plus the
// summaries (this package's and, through facts, its dependencies').
type Result struct {
	funcs          []*FuncResult
	summaries      map[*types.Func]*Summary
	bindings       map[Class]Class
	edges          []Edge
	depEdges       []Edge
	orders         []DeclaredOrder
	directives     []Directive
	ignores        []ignoreRange
	unconverged    []*ssa.Function   // first function of each component over the round budget
	writeLocked    map[Class]bool    // classes some function of the package write-locks
	writeLockedAny bool              // a function was given up: it may write-lock anything
	generated      map[string]bool   // files whose reports are dropped (generated code)
	blocked        []BlockedOp       // mixed deadlocks (channels.go)
	origins        *origins.Analysis // which objects an edge's locks belong to (objects.go)
	Stats          Stats
}

// Stats counts what the engine gave up on; shown with -lockstate.debug.
type Stats struct {
	Funcs         int // analyses run (a member of a recursive component may be analysed more than once)
	TooLarge      int // skipped: more blocks than the budget
	TooManyStates int // truncated: more distinct lock states at a block than the budget (some paths dropped)
	TooManySteps  int // skipped: the fixpoint did not settle within the step budget
	TooManyPaths  int // skipped: resolving lock paths took more than the path budget
	NoFixpoint    int // recursive components whose summaries did not converge within the round budget
	Panicked      int // skipped: the engine hit an internal error (a bug: please report it)
}

// add adds t's counts to s.
func (s *Stats) add(t Stats) {
	s.Funcs += t.Funcs
	s.TooLarge += t.TooLarge
	s.TooManyStates += t.TooManyStates
	s.TooManySteps += t.TooManySteps
	s.TooManyPaths += t.TooManyPaths
	s.NoFixpoint += t.NoFixpoint
	s.Panicked += t.Panicked
}

// Funcs returns the analysed functions in source order, closures after
// their enclosing function.
func (r *Result) Funcs() []*FuncResult { return r.funcs }

// SummaryOf returns the summary of fn (of this package or, through facts,
// of a dependency), or nil when none is known.
func (r *Result) SummaryOf(fn *types.Func) *Summary { return r.summaries[fn] }

// MayBeWriteLocked reports whether a goroutine may write-lock a lock of
// this class: some function of the package does (directly or through a
// call), or the class belongs to another package, whose code this one
// cannot see all of. A recursive read lock deadlocks only if a writer
// queues between the two read locks.
func (r *Result) MayBeWriteLocked(c Class, pkg string) bool {
	if c.Kind == ClassNone || c.Pkg != pkg || r.writeLockedAny {
		return true
	}
	return r.writeLocked[c]
}

// TimingOnly reports whether a hazard at pos that bites only when another
// goroutine comes at the wrong moment (a recursive read lock: a writer
// must queue between the two) is left out of the reports: pos is in a
// test file, and -lockstate.testhazards is off (see testHazards). The
// lock orders that test files take are left out of Edges the same way.
func (r *Result) TimingOnly(fset *token.FileSet, pos token.Pos) bool {
	if testHazards {
		return false
	}
	return inTestFile(fset, pos)
}

// CondLock returns the lock class a sync.Cond class is bound to (learnt
// from sync.NewCond(&x.mu) stored into x.cond), if known.
func (r *Result) CondLock(cond Class) (Class, bool) {
	c, ok := r.bindings[cond]
	return c, ok
}

// FuncResult is the engine's view of one function.
type FuncResult struct {
	fn      *ssa.Function
	skipped string
	// truncated: paths were dropped (too many states); see funcAnalysis.
	truncated bool
	acquires  []Acquire
	leaks     []Leak
	releases  []BadRelease
	panics    []PanicCall
	summary   *Summary
	waits     []CondWait
	signals   []CondSignal
	condRecs  []*condRec // until resolveConds
	// dynUnder lists the classes held across a call whose effect is not
	// known (leaf.go).
	dynUnder map[Class]bool
	// entryHeld lists the locks held on entry (entryheld.go).
	entryHeld []Gate
	// blockRecs are the blocking channel operations made with locks held
	// (channels.go), until collectBlocked.
	blockRecs []*blockRec
}

// Fn is the SSA function.
func (f *FuncResult) Fn() *ssa.Function { return f.fn }

// Skipped says why the function was not analysed ("" when it was).
func (f *FuncResult) Skipped() string { return f.skipped }

// Truncated reports whether paths of the function were dropped (more
// lock states at a block than the budget): it reports only what the
// paths followed show.
func (f *FuncResult) Truncated() bool { return f.truncated }

// Acquires lists every blocking acquisition in the function, direct or
// through a call, with the locks held at that point.
func (f *FuncResult) Acquires() []Acquire { return f.acquires }

// Leaks lists the exits (return, panic, break/continue/goto that lead to
// one) where a lock is still held although other paths release it.
func (f *FuncResult) Leaks() []Leak { return f.leaks }

// BadReleases lists releases of locks that are not held (double unlock)
// or held in the other mode (RLock ... Unlock).
func (f *FuncResult) BadReleases() []BadRelease { return f.releases }

// PanicCalls lists calls that can panic while a lock is held that is
// released later by a plain (not deferred) release.
func (f *FuncResult) PanicCalls() []PanicCall { return f.panics }

// Summary is the function's effect on locks, in its parameters' terms.
func (f *FuncResult) Summary() *Summary { return f.summary }

// Mode is how a lock is held.
type Mode uint8

const (
	Write Mode = iota // Lock
	Read              // RLock
)

func (m Mode) String() string {
	if m == Read {
		return "read"
	}
	return "write"
}

// LockRef is a lock as one function sees it.
type LockRef struct {
	Name      string // as the user wrote it: "s.mu", "settingsMu", "c.Mutex"
	Class     Class  // across functions and packages
	Type      string // the primitive: "sync.Mutex", "sync.RWMutex", "sync.Locker"
	Reentrant bool   // the primitive allows the holder to lock again
	// Chosen is set when the instance was picked by a branch (its path
	// starts at an SSA phi: `first, second := a, b; if b.id < a.id {
	// first, second = b, a }`): the code orders instances itself.
	Chosen bool
}

// Held is a lock held at some point, with how and where it was taken.
type Held struct {
	Lock LockRef
	Mode Mode
	Pos  token.Pos // the acquisition (Lock call, or call of an acquire helper)
	// Parallel is set, in Acquire.Others, when this holding and the
	// acquisition are selected by disjoint inputs of the function
	// (from.mu and to.mu, accounts[fromKey].mu and accounts[toKey].mu):
	// their order is the caller's to decide (see instances.go). Locks
	// reached one through the other (n.mu and n.parent.mu), two fields of
	// one object (c.in and c.out), or elements taken in an order the
	// code fixes (xs[0], then each other xs[i]) are not.
	Parallel bool
	// Unpublished is set when the lock belongs to an object this
	// function allocated and has not yet let out (stored anywhere,
	// passed to a call): no other goroutine can hold it or wait for it,
	// so it orders nothing (see instances.go).
	Unpublished bool
	// Callee is set when the lock is held by the function called here,
	// around its call of a function passed to it (a callback): the call
	// as written ("r.each").
	Callee string

	obj origins.Ref // the object the lock belongs to (objects.go)
}

// Acquire is one blocking acquisition.
type Acquire struct {
	Pos  token.Pos // the Lock call, or the call that leads to one
	Lock LockRef
	Mode Mode
	// Via is the call chain when the acquisition happens in a callee:
	// Via[0] is the call expression as written here ("s.Delete"), the
	// rest are the functions it goes through ("(*Batcher).bump"). Empty
	// for a direct Lock.
	Via []string
	// LockPos is the Lock call at the end of Via (NoPos when it is in
	// another package or Via is empty).
	LockPos token.Pos
	// Same lists the holdings of this very lock on some path reaching
	// the acquisition: non-empty means a double acquire.
	Same []Held
	// SameIteration is set when a holding in Same was taken by this
	// same acquisition on an earlier loop iteration.
	SameIteration bool
	// Others lists the other locks held (for lock ordering).
	Others []Held
	// Unpublished: the acquired lock belongs to an object no other
	// goroutine can see yet (see Held.Unpublished): it cannot block.
	Unpublished bool

	relBefore []Class     // see entryheld.go
	obj       origins.Ref // the object the lock belongs to (objects.go)
}

// ExitKind says how a leaking path leaves the function.
type ExitKind uint8

const (
	ExitReturn ExitKind = iota
	ExitPanic
	ExitBreak
	ExitContinue
	ExitGoto
	ExitEnd // falls off the end of the function body
)

func (k ExitKind) String() string {
	return [...]string{"return", "panic", "break", "continue", "goto", "end of function"}[k]
}

// Leak is a path that leaves the function with a lock held while other
// paths release it.
type Leak struct {
	Pos      token.Pos // the leaving statement
	Kind     ExitKind
	Lock     LockRef
	Mode     Mode
	AcqPos   token.Pos   // where it was acquired
	Releases []token.Pos // the plain releases other paths use
	// NeverReleased is set when no path releases the lock (a local lock
	// that cannot be released by anyone else).
	NeverReleased bool

	shared sharing
}

// ReleaseProblem classifies a bad release.
type ReleaseProblem uint8

const (
	DoubleRelease ReleaseProblem = iota // the lock was already released on this path
	WrongMode                           // RLock ... Unlock or Lock ... RUnlock
	DeferredAgain                       // released here and again by a pending deferred release
)

// BadRelease is a release that fails at run time.
type BadRelease struct {
	Pos      token.Pos // the release (Unlock call, deferred Unlock, or call of a release helper)
	Problem  ReleaseProblem
	Lock     LockRef
	Mode     Mode      // mode of the release
	HeldMode Mode      // WrongMode: how it is held
	Prev     token.Pos // DoubleRelease: the earlier release; DeferredAgain: the defer
	Via      string    // the call expression when the release happens in a callee
	Deferred bool      // the release runs from a defer
}

// PanicCall is a call that can panic while a lock is held that only a
// plain release frees.
type PanicCall struct {
	Pos      token.Pos // the call
	Callee   string    // as written: "m.validate"
	Lock     LockRef
	AcqPos   token.Pos
	Releases []token.Pos
}
