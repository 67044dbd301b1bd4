package lockstate

import (
	"cmp"
	"flag"
	"fmt"
	"go/types"
	"os"
	"reflect"
	"runtime/debug"
	"slices"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/ssa"
)

// Analyzer is the lock-state engine. The passes require it and read its
// *Result; it owns every fact type.
var Analyzer = &analysis.Analyzer{
	Name:       "lockstate",
	Doc:        "lockstate: compute the locks held at every instruction and summarise each function's effect on locks (the engine behind locklint's passes)",
	URL:        "https://pkg.go.dev/github.com/locklint/locklint/internal/lockstate",
	Requires:   []*analysis.Analyzer{ctrlflow.Analyzer}, // for calls that never return; the engine builds the SSA it needs (build.go)
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{new(FuncFact), new(OrderFact), new(CondFact)},
	Flags:      flags(),
	Run:        run,
}

var debugFlag, debugFacts, reportGenerated bool

// testHazards, off by default, reports in test files (_test.go) the
// hazards that bite only when another goroutine comes at the wrong
// moment: the lock orders that test code takes join the order graph
// (collectEdges), and a recursive read lock in a test is reported
// (Result.TimingOnly). A test's locking is a one-off under the test's
// control: it holds objects locked on purpose (to check that something
// does not deadlock on them), compares two objects in a helper that
// locks both, or read-locks a structure to peek at it through an
// accessor that read-locks it again; none of that can hang unless a
// concurrent goroutine takes the other order, or write-locks, at that
// moment. On the released corpus, 17 of the 18 such findings in test
// files were harmless (docs/realworld-findings.md). Test files are still
// checked for what hangs a test on its own path: a lock taken twice, a
// read lock upgraded, a leak, a wait that needs a lock held, Cond misuse.
// For the same reason, which objects an order edge's locks belong to is
// learnt from the code outside test files (objects.go): a test that
// changes a connection's kind, or calls a leaf function with a gateway
// connection, closes a cycle only under its own control.
var testHazards bool

func flags() flag.FlagSet {
	fs := flag.NewFlagSet("lockstate", flag.ContinueOnError)
	fs.BoolVar(&debugFlag, "debug", false, "print to stderr the functions the lock-state engine skipped (a budget was hit) and per-package counts")
	fs.BoolVar(&debugFacts, "facts", false, "print to stderr the summary fact of every function that has one")
	fs.BoolVar(&reportGenerated, "generated", false, "report findings in generated files too (those with a \"// Code generated ... DO NOT EDIT.\" header); by default they are skipped")
	fs.BoolVar(&testHazards, "testhazards", false, "report in test files (_test.go) the hazards that need another goroutine's timing too: lock-order cycles that test code closes (taking the locks, or handing production code objects in roles it never mixes), and recursive read locks; by default they are left out")
	return *fs
}

func run(pass *analysis.Pass) (any, error) {
	pa := newPkgAnalysis(pass)
	res := &Result{summaries: make(map[*types.Func]*Summary), bindings: pa.bindings}
	pa.readDirectives(res)
	if !pa.std {
		pa.buildFlows() // see stdReach
	}
	var funcs []*ssa.Function
	if relevant := pa.relevantDecls(); len(relevant) > 0 {
		funcs = pa.buildSSA(relevant)
	}
	pa.importBindings()
	pa.learnBindings(funcs)
	pa.recovered = recoveredFuncs(funcs)
	results := pa.analyzeAll(funcs, res)
	pa.addEntryHeld(results)
	pa.contexts = pa.callContexts(funcs)
	all := make([]*FuncResult, 0, len(funcs))
	for _, fn := range funcs {
		all = append(all, results[fn])
	}
	leaves := privateLeafLocks(pass.Pkg.Path(), all)
	for _, fn := range funcs {
		fr := results[fn]
		// A leak at a return shared with a releasing path stands unless
		// another function releases the class without acquiring it.
		fr.leaks = slices.DeleteFunc(fr.leaks, func(l Leak) bool {
			return l.shared == sharedClass && pa.releasedUnheld[l.Lock.Class]
		})
		res.funcs = append(res.funcs, fr)
		obj, ok := fn.Object().(*types.Func)
		if !ok || fn.Parent() != nil || fr.summary.empty() {
			continue
		}
		res.summaries[obj] = fr.summary
		exported := withoutLeaves(fr.summary, leaves)
		if exported.empty() {
			continue
		}
		fact := &FuncFact{Summary: *exported}
		fact.Summary.blocks = nil // this package's SSA: never in a fact
		pass.ExportObjectFact(obj, fact)
		if debugFacts {
			fmt.Fprintf(os.Stderr, "lockstate: %s: %s %s\n", pass.Fset.Position(fn.Pos()), fn.String(), fact)
		}
	}
	res.writeLocked = make(map[Class]bool)
	for _, f := range res.funcs {
		for _, a := range f.acquires {
			if a.Mode == Write {
				res.writeLocked[a.Lock.Class] = true
			}
		}
		if f.skipped != "" || f.truncated {
			// A function given up, or whose paths were cut, may
			// write-lock anything.
			res.writeLockedAny = true
		}
		if f.truncated {
			res.Stats.TooManyStates++
		}
	}
	pa.collectBlocked(res, funcs)
	for _, f := range res.funcs {
		f.summary.blocks = nil // done with this package's SSA
	}
	pa.chans = nil
	res.origins = pa.newOrigins(funcs)
	pa.collectEdges(res)
	pa.importOrders(res)
	pa.exportBindings(res)
	pa.resolveConds(res)
	if debugFlag {
		printDebug(pass, pa, res)
	}
	return res, nil
}

// analyze runs the dataflow of one function; it never panics.
func (pa *pkgAnalysis) analyze(fn *ssa.Function, stats *Stats) (fr *FuncResult) {
	stats.Funcs++
	if debugFlag {
		start := time.Now()
		defer func() { pa.timeSpent(fn, time.Since(start)-pa.takeWaited(fn)) }()
	}
	defer func() {
		if r := recover(); r != nil {
			reason, ok := r.(giveUp)
			switch {
			case !ok:
				stats.Panicked++
				reason = giveUp(fmt.Sprintf("internal error: %v\n%s", r, debug.Stack()))
			case reason == "too large":
				stats.TooLarge++
			case reason == "too many path steps":
				stats.TooManyPaths++
			default:
				stats.TooManySteps++
			}
			fr = &FuncResult{fn: fn, skipped: string(reason), summary: &Summary{}}
		}
	}()
	if len(fn.Blocks) == 0 {
		return &FuncResult{fn: fn, summary: &Summary{}}
	}
	fa := newFuncAnalysis(pa, fn)
	defer fa.commitCalls() // also when the analysis gives up
	if !fa.touchesLocks() {
		fa.recordLockFreeCalls()
		sum := fa.panicOnlySummary()
		sum.blocks = fa.scanBlocks()
		return &FuncResult{fn: fn, summary: sum}
	}
	fa.solve()
	return fa.rec.finish()
}

// touchesLocks reports whether any call in fn can change lock state: a
// lock primitive, or a callee whose summary has lock effects. Other
// functions need no dataflow.
func (fa *funcAnalysis) touchesLocks() bool {
	for _, b := range fa.fn.Blocks {
		for _, instr := range b.Instrs {
			c, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if p, _ := classify(c.Common()); p.op != opNone {
				return true
			}
			if mc := yieldCall(c.Common()); mc != nil {
				if _, ok := memoGet(fa.pa, fa.pa.yields, mc.Fn.(*ssa.Function)); ok {
					return true // a range-over-func body that touches locks
				}
			}
			callee, _ := fa.callee(c.Common())
			if callee == nil {
				continue
			}
			if _, ok := boundPrimitive(callee); ok {
				return true
			}
			if s := fa.summaryOf(callee); s != nil && s.touchesLocks() {
				return true
			}
		}
	}
	for _, b := range fa.fn.Blocks {
		for _, instr := range b.Instrs {
			if c, ok := instr.(ssa.CallInstruction); ok && fa.reachesLocks(c.Common()) {
				return true // a call through an interface, a callback (resolve.go)
			}
		}
	}
	return false
}

// panicOnlySummary is the summary of a function that touches no lock:
// at most how it can panic, and which of its function-typed parameters
// it calls (holding nothing).
func (fa *funcAnalysis) panicOnlySummary() *Summary {
	s := &Summary{Panics: fa.panicConds(), Ensures: fa.ensures()}
	if fa.pa.std {
		return s // the standard library's plain callbacks are in syncCallees
	}
	for _, b := range fa.fn.Blocks {
		for _, instr := range b.Instrs {
			if call, ok := instr.(*ssa.Call); ok {
				if i := fa.funcParamIndex(call.Call.Value); i >= 0 {
					s.Calls = append(s.Calls, ParamCall{Param: i})
				}
			}
		}
	}
	if len(s.Calls) > 0 {
		s.Normalize()
	}
	return s
}

// Debugf prints a budget note to stderr when -lockstate.debug is set (for
// the passes' own budgets).
func Debugf(format string, args ...any) {
	if debugFlag {
		fmt.Fprintf(os.Stderr, "lockstate: "+format+"\n", args...)
	}
}

// maxRounds bounds the rounds of a recursive component's fixpoint (a
// variable so that a test can lower it).
var maxRounds = 4

func printDebug(pass *analysis.Pass, pa *pkgAnalysis, res *Result) {
	pa.printSlowest()
	st := res.Stats
	if st.TooLarge+st.TooManyStates+st.TooManySteps+st.TooManyPaths+st.Panicked+st.NoFixpoint == 0 {
		return
	}
	fmt.Fprintf(os.Stderr, "lockstate: %s: %d function analyses, skipped: %d too large, %d too many steps, %d too many paths, %d internal errors; %d truncated (too many states); %d recursive components not converged\n",
		pass.Pkg.Path(), st.Funcs, st.TooLarge, st.TooManySteps, st.TooManyPaths, st.Panicked, st.TooManyStates, st.NoFixpoint)
	for _, fn := range res.unconverged {
		fmt.Fprintf(os.Stderr, "lockstate: %s: %s and its recursive component: summaries did not converge in %d analyses of a function\n", pass.Fset.Position(fn.Pos()), fn.String(), maxRounds+1)
	}
	for _, f := range res.funcs {
		if f.skipped != "" {
			fmt.Fprintf(os.Stderr, "lockstate: %s: skipped %s: %s\n", pass.Fset.Position(f.fn.Pos()), f.fn.String(), f.skipped)
		}
		if f.truncated {
			fmt.Fprintf(os.Stderr, "lockstate: %s: truncated %s: too many states (some paths not followed; its summary keeps only acquisitions)\n", pass.Fset.Position(f.fn.Pos()), f.fn.String())
		}
	}
}

// timeSpent adds d to the time spent analysing fn (-lockstate.debug).
func (pa *pkgAnalysis) timeSpent(fn *ssa.Function, d time.Duration) {
	pa.mu.Lock()
	defer pa.mu.Unlock()
	if pa.spent == nil {
		pa.spent = make(map[*ssa.Function]time.Duration)
	}
	pa.spent[fn] += d
}

// countVisit counts a block run of fn (-lockstate.debug).
func (pa *pkgAnalysis) countVisit(fn *ssa.Function) {
	pa.mu.Lock()
	defer pa.mu.Unlock()
	if pa.visits == nil {
		pa.visits = make(map[*ssa.Function]int)
	}
	pa.visits[fn]++
}

// printSlowest prints the functions that took longest to analyse, when
// they took a noticeable share of the time (-lockstate.debug).
func (pa *pkgAnalysis) printSlowest() {
	type entry struct {
		fn *ssa.Function
		d  time.Duration
	}
	var all []entry
	var total time.Duration
	for fn, d := range pa.spent {
		all = append(all, entry{fn, d})
		total += d
	}
	slices.SortFunc(all, func(a, b entry) int { return cmp.Compare(b.d, a.d) })
	for _, e := range all[:min(len(all), 5)] {
		if e.d < 50*time.Millisecond {
			break
		}
		fmt.Fprintf(os.Stderr, "lockstate: %s: %s took %v of the package's %v (%d blocks, %d block runs)\n", pa.pass.Fset.Position(e.fn.Pos()), e.fn.String(), e.d.Round(time.Millisecond), total.Round(time.Millisecond), len(e.fn.Blocks), pa.visits[e.fn])
	}
}
