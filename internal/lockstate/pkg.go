package lockstate

import (
	"go/ast"
	"go/build"
	"go/token"
	"go/types"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"
)

// pkgAnalysis holds what the functions of one package share: summaries,
// facts read so far, and indexes over the syntax.
type pkgAnalysis struct {
	pass      *analysis.Pass
	pkgPath   string
	std       bool // the package is in the standard library
	calls     map[token.Pos]*ast.CallExpr
	sums      map[*ssa.Function]*Summary
	objSums   map[*types.Func]*Summary
	factCache map[*types.Func]*Summary
	bindings  map[Class]Class
	readBound map[Class]bool // Cond classes whose L is the lock's RLocker()
	branches  map[*ssa.Function]*branchIndex
	// releasedUnheld lists the lock classes some function of the package
	// releases without having acquired them.
	releasedUnheld map[Class]bool
	nestedLines    map[lineKey]bool
	// escapes memoises whether a function's parameter escapes
	// (instances.go).
	escapes map[paramKey]bool
	// spent is the time spent analysing each function (-lockstate.debug).
	spent  map[*ssa.Function]time.Duration
	waited map[*ssa.Function]time.Duration // see takeWaited
	visits map[*ssa.Function]int           // block visits (state × block) in the dataflow
	// yields holds how each range-over-func body of the package ends.
	yields map[*ssa.Function][]yieldExit
	// contexts holds the locks held at every call of a function (calls.go).
	contexts map[*ssa.Function][]Gate
	// recovered lists the functions that run under recovery (panics.go).
	recovered map[*ssa.Function]bool
	callsTo   map[*ssa.Function][]callRec
	// recordedIn lists the callees whose callsTo a function's analysis
	// added to (see forgetCalls).
	recordedIn map[*ssa.Function][]*ssa.Function

	// Reaching dynamic and implicit callees (resolve.go).
	prog      *ssa.Program
	flows     *flowIndex
	litFuncs  map[*ast.FuncLit]*ssa.Function
	msets     typeutil.MethodSetCache
	impls     map[implKey]implResult
	universe  []*methodIndex
	reachMemo map[*ssa.CallCommon][]reachCall
	stdPkgs   map[*types.Package]bool
	// chanOps interns the channel and WaitGroup operations (channels.go).
	chanOps map[chanOpKey]*chanOp
	// unbuilt lists the declarations whose SSA was not built, and
	// unbuiltRefs the functions they mention (chanflow.go).
	unbuilt     []*ast.FuncDecl
	unbuiltRefs map[*ast.FuncDecl]bool
	// unbuiltRefsProd is unbuiltRefs for the declarations outside test
	// files (objects.go).
	unbuiltRefsProd map[*ast.FuncDecl]bool
	ifaceNames      map[string]bool             // see interfaceMethods
	chans           *chanIndex                  // built on first use (chanflow.go)
	chanExprs       map[token.Pos]string        // see chanExprAt
	heldAtOp        map[ssa.Instruction][]Class // see noteHeldAt

	// mu guards the tables above that the analyses of a package's
	// functions, which may run in parallel (schedule.go), fill as they
	// go: the memos, heldAtOp, releasedUnheld, callsTo and recordedIn,
	// yields, spent and visits. sumMu guards sums and objSums; escMu
	// serialises the escape queries (see paramEscapes).
	mu, escMu sync.Mutex
	sumMu     sync.RWMutex
	// While the components are analysed (parallel.go): the scheduler,
	// and the component of each function, by SSA and by object.
	sched   *scheduler
	compOf  map[*ssa.Function]int
	objComp map[*types.Func]int
}

// memoGet returns m[k], read under pa.mu.
func memoGet[K comparable, V any](pa *pkgAnalysis, m map[K]V, k K) (V, bool) {
	pa.mu.Lock()
	defer pa.mu.Unlock()
	v, ok := m[k]
	return v, ok
}

// memoPut sets m[k] to v under pa.mu, unless another analysis set it
// first, and returns what m[k] holds. A memo's value depends only on
// its key, so either is the same.
func memoPut[K comparable, V any](pa *pkgAnalysis, m map[K]V, k K, v V) V {
	pa.mu.Lock()
	defer pa.mu.Unlock()
	if old, ok := m[k]; ok {
		return old
	}
	m[k] = v
	return v
}

func newPkgAnalysis(pass *analysis.Pass) *pkgAnalysis {
	pa := &pkgAnalysis{
		pass:      pass,
		pkgPath:   pass.Pkg.Path(),
		calls:     make(map[token.Pos]*ast.CallExpr),
		sums:      make(map[*ssa.Function]*Summary),
		objSums:   make(map[*types.Func]*Summary),
		factCache: make(map[*types.Func]*Summary),
		bindings:  make(map[Class]Class),
		readBound: make(map[Class]bool),
		branches:  make(map[*ssa.Function]*branchIndex),

		releasedUnheld: make(map[Class]bool),
		callsTo:        make(map[*ssa.Function][]callRec),
		recordedIn:     make(map[*ssa.Function][]*ssa.Function),
		yields:         make(map[*ssa.Function][]yieldExit),
		escapes:        make(map[paramKey]bool),

		litFuncs:  make(map[*ast.FuncLit]*ssa.Function),
		impls:     make(map[implKey]implResult),
		reachMemo: make(map[*ssa.CallCommon][]reachCall),
		stdPkgs:   make(map[*types.Package]bool),
		chanOps:   make(map[chanOpKey]*chanOp),
		heldAtOp:  make(map[ssa.Instruction][]Class),
		waited:    make(map[*ssa.Function]time.Duration),
	}
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				pa.calls[n.Lparen] = n
			case *ast.DeferStmt:
				// A deferred call is reported at its defer statement.
				pa.calls[n.Pos()] = n.Call
			}
			return true
		})
	}
	pa.std = isStd(pass)
	return pa
}

// isStd reports whether the package's files are in GOROOT/src: explicit
// panics in the standard library are taken as assertions of correct use
// and are not propagated as "may panic".
func isStd(pass *analysis.Pass) bool {
	if len(pass.Files) == 0 {
		return false
	}
	return inGoroot(pass.Fset.File(pass.Files[0].Pos()).Name())
}

// inGoroot reports whether a file is in GOROOT/src.
func inGoroot(name string) bool {
	goroot := build.Default.GOROOT
	if goroot == "" {
		return false
	}
	return strings.HasPrefix(filepath.Clean(name), filepath.Join(goroot, "src")+string(filepath.Separator))
}

func (pa *pkgAnalysis) callAt(lparen token.Pos) *ast.CallExpr { return pa.calls[lparen] }

// callStart returns where the call with this opening parenthesis starts
// (the beginning of its function expression), for reports.
func (pa *pkgAnalysis) callStart(lparen token.Pos) token.Pos {
	if c := pa.calls[lparen]; c != nil {
		return c.Pos()
	}
	return lparen
}

// summaryOf returns the summary of fn, as the analysis of fa's function
// sees it: computed in this package, or read from a fact of the package
// that declares it.
func (fa *funcAnalysis) summaryOf(fn *ssa.Function) *Summary {
	return fa.pa.summaryFrom(fa.fn, fn)
}

// summaryFrom is fn's summary as the analysis of from sees it (from nil:
// after the analysis; see visible).
func (pa *pkgAnalysis) summaryFrom(from, fn *ssa.Function) *Summary {
	if c, ok := pa.compOf[fn]; !ok || pa.visible(from, c, true) {
		if s, ok := pa.ownSum(fn); ok {
			return s
		}
	}
	if o := fn.Origin(); o != nil && o != fn {
		return pa.summaryFrom(from, o)
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj == nil {
		return nil
	}
	obj = obj.Origin()
	if c, ok := pa.objComp[obj]; !ok || pa.visible(from, c, false) {
		pa.sumMu.RLock()
		s, ok := pa.objSums[obj]
		pa.sumMu.RUnlock()
		if ok {
			return s
		}
	}
	return pa.importedSummary(obj)
}

// ownSum returns the summary pa.sums holds for fn.
func (pa *pkgAnalysis) ownSum(fn *ssa.Function) (*Summary, bool) {
	pa.sumMu.RLock()
	defer pa.sumMu.RUnlock()
	s, ok := pa.sums[fn]
	return s, ok
}

// setSum sets fn's summary.
func (pa *pkgAnalysis) setSum(fn *ssa.Function, s *Summary) {
	pa.sumMu.Lock()
	defer pa.sumMu.Unlock()
	pa.sums[fn] = s
}

// importedSummary returns the summary of a function of another package,
// from its fact (cached), or nil.
func (pa *pkgAnalysis) importedSummary(obj *types.Func) *Summary {
	if obj.Pkg() == nil || obj.Pkg() == pa.pass.Pkg {
		return nil
	}
	if s, ok := memoGet(pa, pa.factCache, obj); ok {
		return s
	}
	var s *Summary
	var f FuncFact
	if pa.pass.ImportObjectFact(obj, &f) {
		s = &f.Summary
	}
	return memoPut(pa, pa.factCache, obj, s)
}

// funcName names fn for call chains.
func (pa *pkgAnalysis) funcName(fn *ssa.Function) FuncName {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if fn.Parent() != nil {
		if fn.Parent().Synthetic == "package initializer" {
			return FuncName{Pkg: pa.pkgPath, Name: "a package-level function literal"}
		}
		outer := pa.funcName(fn.Parent())
		outer.Name = "the function literal in " + outer.Name
		return outer
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok {
		return FuncName{Name: fn.Name()}
	}
	return nameOf(obj)
}

func nameOf(obj *types.Func) FuncName {
	obj = obj.Origin()
	pkg := ""
	if obj.Pkg() != nil {
		pkg = obj.Pkg().Path()
	}
	recv := obj.Signature().Recv()
	if recv == nil {
		return FuncName{Pkg: pkg, Name: obj.Name()}
	}
	t := recv.Type()
	ptr := false
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t, ptr = p.Elem(), true
	}
	tn := ownerName(t)
	if tn == "" {
		tn = types.TypeString(t, func(*types.Package) string { return "" })
	}
	if ptr {
		return FuncName{Pkg: pkg, Name: "(*" + tn + ")." + obj.Name()}
	}
	return FuncName{Pkg: pkg, Name: tn + "." + obj.Name()}
}

func exprString(e ast.Expr) string { return types.ExprString(e) }
