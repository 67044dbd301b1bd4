package lockstate

// Parallel analysis of a package's components.
//
// A package's functions are analysed by component, callees first
// (components.go). Components that do not call each other need not wait
// for each other, so a large package's components are analysed by up to
// GOMAXPROCS goroutines (a scheduler), each taking the earliest component
// whose callees' components are done.
//
// The outcome is the one of analysing the components one after the
// other in their order, whatever the goroutines and their timing:
//
//   - A function reads the summary of an in-package function only through
//     summaryFrom. The summary of an earlier component is read once that
//     component is done: the reader waits for it, or analyses it itself
//     when no goroutine has started it (so that the goroutines cannot all
//     wait for components nobody runs). The summary of a later component
//     reads as unknown, as it does when the components run in order.
//   - The package's tables that analyses fill are memos, whose values
//     depend only on their keys, or records of one function's analyses
//     (its calls, the locks held at its channel operations), which are
//     sorted by function once all are done (see sortCalls). All are
//     guarded by pkgAnalysis.mu.
//
// With one goroutine the scheduler runs the components in their order.
//
// The goroutines import facts (Pass.ImportObjectFact) concurrently. The
// drivers (locklint's, go vet's unitchecker, x/tools' checker,
// golangci-lint's runner) only read their fact tables for that, and
// lockstate exports its own facts after the components are done.

import (
	"cmp"
	"container/heap"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"go/types"

	"golang.org/x/tools/go/ssa"
)

// minParallelFuncs is the size of a package, in functions to analyse,
// below which its components are analysed by one goroutine: the driver
// already analyses packages in parallel, and a small package is not
// worth the goroutines. maxWorkers, when positive, replaces GOMAXPROCS.
// Both are variables for the tests.
var (
	minParallelFuncs = 256
	maxWorkers       = 0
)

// States of a component in the scheduler.
const (
	compPending int32 = iota
	compRunning
	compDone
)

// A scheduler runs every component, each after its deps.
type scheduler struct {
	comps []component
	run   func(i int) // analyses component i
	state []atomic.Int32
	done  []chan struct{} // closed when the component is done

	mu      sync.Mutex
	cond    *sync.Cond
	waiting []int     // per component, its deps not done (guarded by mu)
	users   [][]int   // the components whose deps include each
	ready   rankQueue // by index
	left    int       // components not done
}

func newScheduler(comps []component, run func(int)) *scheduler {
	s := &scheduler{
		comps:   comps,
		run:     run,
		state:   make([]atomic.Int32, len(comps)),
		done:    make([]chan struct{}, len(comps)),
		waiting: make([]int, len(comps)),
		users:   make([][]int, len(comps)),
		left:    len(comps),
	}
	s.cond = sync.NewCond(&s.mu)
	for i, c := range comps {
		s.done[i] = make(chan struct{})
		s.waiting[i] = len(c.deps)
		for _, d := range c.deps {
			s.users[d] = append(s.users[d], i)
		}
		if len(c.deps) == 0 {
			s.ready.items = append(s.ready.items, i)
		}
	}
	heap.Init(&s.ready)
	return s
}

// runAll runs every component with up to workers goroutines (the
// calling one included) and returns when all are done.
func (s *scheduler) runAll(workers int) {
	var wg sync.WaitGroup
	for range workers - 1 {
		wg.Go(s.work)
	}
	s.work()
	wg.Wait()
}

// work runs ready components until none is left.
func (s *scheduler) work() {
	for {
		s.mu.Lock()
		for s.ready.Len() == 0 && s.left > 0 {
			s.cond.Wait()
		}
		if s.left == 0 {
			s.mu.Unlock()
			return
		}
		i := heap.Pop(&s.ready).(int)
		s.mu.Unlock()
		if s.state[i].CompareAndSwap(compPending, compRunning) {
			s.execute(i)
		} // else analysed already, by a goroutine that needed it
	}
}

// await returns when component i is done, analysing it on this goroutine
// if no goroutine has started it.
func (s *scheduler) await(i int) {
	if s.state[i].Load() == compDone {
		return
	}
	if s.state[i].CompareAndSwap(compPending, compRunning) {
		s.execute(i)
		return
	}
	<-s.done[i]
}

// execute runs component i, which this goroutine has claimed, after its
// deps.
func (s *scheduler) execute(i int) {
	for _, d := range s.comps[i].deps {
		s.await(d)
	}
	s.run(i)
	s.state[i].Store(compDone)
	close(s.done[i])
	s.mu.Lock()
	s.left--
	for _, u := range s.users[i] {
		s.waiting[u]--
		if s.waiting[u] == 0 {
			heap.Push(&s.ready, u)
		}
	}
	s.mu.Unlock()
	s.cond.Broadcast()
}

// analyzeAll analyses funcs by component and returns each function's
// result; res gets the counts and the components that did not converge.
func (pa *pkgAnalysis) analyzeAll(funcs []*ssa.Function, res *Result) map[*ssa.Function]*FuncResult {
	comps := components(funcs, pa.reachEdges)
	pa.compOf = make(map[*ssa.Function]int, len(funcs))
	pa.objComp = make(map[*types.Func]int, len(funcs))
	for i, c := range comps {
		for _, fn := range c.funcs {
			pa.compOf[fn] = i
			if obj, ok := fn.Object().(*types.Func); ok && fn.Parent() == nil {
				pa.objComp[obj] = i
			}
		}
	}
	var (
		mu          sync.Mutex
		results     = make(map[*ssa.Function]*FuncResult, len(funcs))
		unconverged []int
	)
	record := func(fr *FuncResult) {
		mu.Lock()
		results[fr.fn] = fr
		mu.Unlock()
	}
	run := func(i int) {
		c := comps[i]
		var stats Stats
		converged := true
		if c.recursive() {
			converged = pa.solveComponent(c, record, &stats)
		} else {
			fr := pa.analyze(c.funcs[0], &stats)
			record(fr)
			pa.setSum(c.funcs[0], fr.summary)
		}
		pa.sumMu.Lock()
		for _, fn := range c.funcs {
			if obj, ok := fn.Object().(*types.Func); ok && fn.Parent() == nil {
				pa.objSums[obj] = pa.sums[fn]
			}
		}
		pa.sumMu.Unlock()
		mu.Lock()
		res.Stats.add(stats)
		if !converged {
			res.Stats.NoFixpoint++
			unconverged = append(unconverged, i)
		}
		mu.Unlock()
	}
	workers := 1
	if len(funcs) >= minParallelFuncs {
		workers = runtime.GOMAXPROCS(0)
		if maxWorkers > 0 {
			workers = maxWorkers
		}
	}
	pa.sched = newScheduler(comps, run)
	pa.sched.runAll(workers)
	pa.sched = nil
	slices.Sort(unconverged)
	for _, i := range unconverged {
		res.unconverged = append(res.unconverged, comps[i].funcs[0])
	}
	pa.sortCalls()
	return results
}

// sortCalls puts each function's calls in the order of their callers'
// components, then as each caller's analysis recorded them: the order
// of analysing the components one after the other.
func (pa *pkgAnalysis) sortCalls() {
	for _, recs := range pa.callsTo {
		slices.SortStableFunc(recs, func(a, b callRec) int {
			return cmp.Compare(pa.compOf[a.caller], pa.compOf[b.caller])
		})
	}
}

// takeWaited returns the time fn's analysis spent waiting for (or
// analysing) earlier components since the last call, so that
// -lockstate.debug does not count it as fn's.
func (pa *pkgAnalysis) takeWaited(fn *ssa.Function) time.Duration {
	pa.mu.Lock()
	defer pa.mu.Unlock()
	d := pa.waited[fn]
	delete(pa.waited, fn)
	return d
}

// visible reports whether the function being analysed, from, may read
// the summary of a function in component c, and waits until it is done
// if so: c comes earlier in the order of analysis, or is from's own
// (whose goroutine writes it). Outside the analysis of components,
// everything is visible.
func (pa *pkgAnalysis) visible(from *ssa.Function, c int, own bool) bool {
	s := pa.sched
	if s == nil {
		return true
	}
	cur, ok := pa.compOf[from]
	if !ok {
		return true
	}
	switch {
	case c < cur:
		if debugFlag && s.state[c].Load() != compDone {
			start := time.Now()
			s.await(c)
			pa.mu.Lock()
			pa.waited[from] += time.Since(start)
			pa.mu.Unlock()
		} else {
			s.await(c)
		}
		return true
	case c == cur:
		return own
	}
	return false
}
