package lockstate

// Components: the order in which a package's functions are analysed.
//
// A function is analysed after the functions it calls, so that their
// summaries are known: the package's functions are taken in the order of
// the strongly connected components of its call graph, callees first
// (Tarjan's order). A recursive component (more than one function, or a
// function calling itself) is solved to a fixpoint by solveComponent:
// every member starts from an empty summary and is analysed once, callees
// before callers as far as the cycles allow, and after that a member is
// analysed again only when the summary of a member it calls has changed.
// Re-analysing every member in rounds until none changes gives the same
// fixpoint at many times the cost: one component of nats-server's
// `server` package has 291 functions, of which a few dozen change after
// the first pass.

import (
	"container/heap"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// A component is a strongly connected component of the call graph.
type component struct {
	funcs []*ssa.Function // in the package's order
	// callers[i] lists the members that call funcs[i], and rank[i] is
	// funcs[i]'s place in a depth-first postorder of the component
	// (callees first). Both are set only for recursive components.
	callers [][]int
	rank    []int
	self    bool // funcs[0] calls itself statically
	// deps lists the earlier components that members call (indices in
	// the order components returns).
	deps []int
}

// recursive reports whether c needs a fixpoint.
func (c component) recursive() bool { return len(c.funcs) > 1 || c.self }

// solveComponent analyses the recursive component c to a fixpoint of its
// members' summaries, calling record with each member's last result. A
// member is analysed at most maxRounds+1 times: when one whose callee
// changed has used up its analyses, solveComponent reports that the
// component did not converge, and each member keeps its last summary.
func (pa *pkgAnalysis) solveComponent(c component, record func(*FuncResult), stats *Stats) (converged bool) {
	for _, fn := range c.funcs {
		pa.setSum(fn, &Summary{})
	}
	n := len(c.funcs)
	work := &rankQueue{rank: c.rank}
	queued := make([]bool, n)
	for i := range n {
		queued[i] = true
		heap.Push(work, i)
	}
	runs := make([]int, n)
	converged = true
	for work.Len() > 0 {
		i := heap.Pop(work).(int)
		queued[i] = false
		fn := c.funcs[i]
		if runs[i] > maxRounds {
			converged = false // budget: fn keeps its last summary
			continue
		}
		if runs[i] > 0 {
			pa.forgetCalls(fn)
		}
		runs[i]++
		fr := pa.analyze(fn, stats)
		record(fr)
		old, _ := pa.ownSum(fn)
		pa.setSum(fn, fr.summary)
		if fr.summary.equal(old) {
			continue
		}
		for _, j := range c.callers[i] {
			if !queued[j] {
				queued[j] = true
				heap.Push(work, j)
			}
		}
	}
	return converged
}

// forgetCalls drops what an earlier analysis of fn recorded about the
// calls it makes and the locks it holds at channel operations: the
// analysis about to run replaces it, and the earlier one used callee
// summaries that have changed since.
func (pa *pkgAnalysis) forgetCalls(fn *ssa.Function) {
	pa.mu.Lock()
	defer pa.mu.Unlock()
	for _, callee := range pa.recordedIn[fn] {
		pa.callsTo[callee] = slices.DeleteFunc(pa.callsTo[callee], func(r callRec) bool { return r.caller == fn })
	}
	delete(pa.recordedIn, fn)
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			delete(pa.heldAtOp, instr)
		}
	}
}

// addCallRec appends rec, a call made by rec.caller, to callee's calls.
// The caller holds pa.mu.
func (pa *pkgAnalysis) addCallRec(callee *ssa.Function, rec callRec) {
	recs := pa.callsTo[callee]
	if len(recs) == 0 || recs[len(recs)-1].caller != rec.caller {
		pa.recordedIn[rec.caller] = append(pa.recordedIn[rec.caller], callee)
	}
	pa.callsTo[callee] = append(recs, rec)
}

// rankQueue is a heap of indices, lowest rank first: component members
// by rank, or (rank nil) components by index.
type rankQueue struct {
	items []int
	rank  []int
}

func (q *rankQueue) key(i int) int {
	if q.rank == nil {
		return i
	}
	return q.rank[i]
}

func (q *rankQueue) Len() int           { return len(q.items) }
func (q *rankQueue) Less(i, j int) bool { return q.key(q.items[i]) < q.key(q.items[j]) }
func (q *rankQueue) Swap(i, j int)      { q.items[i], q.items[j] = q.items[j], q.items[i] }
func (q *rankQueue) Push(x any)         { q.items = append(q.items, x.(int)) }
func (q *rankQueue) Pop() any {
	n := len(q.items) - 1
	x := q.items[n]
	q.items = q.items[:n]
	return x
}

// callsSelf reports whether fn calls itself statically.
func callsSelf(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if c, ok := instr.(ssa.CallInstruction); ok && c.Common().StaticCallee() == fn {
				return true
			}
		}
	}
	return false
}

// components returns the strongly connected components of the static
// call graph among funcs (calls, defers, go statements, and closures
// created in a function), callees before callers (Tarjan's order).
//
// extra lists the functions a function reaches other than by a static
// call (resolve.go).
func components(funcs []*ssa.Function, extra func(*ssa.Function) []*ssa.Function) []component {
	index := make(map[*ssa.Function]int, len(funcs))
	for i, fn := range funcs {
		index[fn] = i
	}
	succs := make([][]int, len(funcs))
	for i, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				var target *ssa.Function
				switch instr := instr.(type) {
				case ssa.CallInstruction:
					target = instr.Common().StaticCallee()
					if target == nil {
						target = closureHeld(fn, instr.Common().Value)
					}
				case *ssa.MakeClosure:
					target, _ = instr.Fn.(*ssa.Function)
				}
				if target == nil {
					continue
				}
				if o := target.Origin(); o != nil {
					target = o
				}
				if j, ok := index[target]; ok {
					succs[i] = append(succs[i], j)
				}
			}
		}
		if extra == nil {
			continue
		}
		for _, target := range extra(fn) {
			if o := target.Origin(); o != nil {
				target = o
			}
			if j, ok := index[target]; ok {
				succs[i] = append(succs[i], j)
			}
		}
	}
	// Tarjan, iteratively.
	n := len(funcs)
	idx := make([]int, n)
	low := make([]int, n)
	on := make([]bool, n)
	for i := range idx {
		idx[i] = -1
	}
	var stack []int
	var out []component
	compOf := make([]int, n) // of the functions in emitted components
	counter := 0
	type frame struct{ v, next int }
	for start := 0; start < n; start++ {
		if idx[start] >= 0 {
			continue
		}
		call := []frame{{start, 0}}
		idx[start], low[start] = counter, counter
		counter++
		stack = append(stack, start)
		on[start] = true
		for len(call) > 0 {
			f := &call[len(call)-1]
			if f.next < len(succs[f.v]) {
				w := succs[f.v][f.next]
				f.next++
				if idx[w] < 0 {
					idx[w], low[w] = counter, counter
					counter++
					stack = append(stack, w)
					on[w] = true
					call = append(call, frame{w, 0})
				} else if on[w] && idx[w] < low[f.v] {
					low[f.v] = idx[w]
				}
				continue
			}
			v := f.v
			call = call[:len(call)-1]
			if len(call) > 0 && low[v] < low[call[len(call)-1].v] {
				low[call[len(call)-1].v] = low[v]
			}
			if low[v] == idx[v] {
				var members []int
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					on[w] = false
					members = append(members, w)
					if w == v {
						break
					}
				}
				slices.Sort(members)
				c := newComponent(funcs, succs, members)
				for _, m := range members {
					compOf[m] = len(out)
				}
				for _, m := range members {
					for _, w := range succs[m] {
						if d := compOf[w]; d != len(out) && !slices.Contains(c.deps, d) {
							c.deps = append(c.deps, d) // emitted: a callee
						}
					}
				}
				slices.Sort(c.deps)
				out = append(out, c)
			}
		}
	}
	return out
}

// newComponent makes the component of funcs whose indices are members
// (sorted), given the call graph succs.
func newComponent(funcs []*ssa.Function, succs [][]int, members []int) component {
	c := component{funcs: make([]*ssa.Function, len(members))}
	for i, m := range members {
		c.funcs[i] = funcs[m]
	}
	c.self = len(members) == 1 && callsSelf(c.funcs[0])
	if !c.recursive() {
		return c
	}
	local := make(map[int]int, len(members))
	for i, m := range members {
		local[m] = i
	}
	callees := make([][]int, len(members))
	c.callers = make([][]int, len(members))
	for i, m := range members {
		for _, w := range succs[m] {
			if j, ok := local[w]; ok && !slices.Contains(callees[i], j) {
				callees[i] = append(callees[i], j)
				c.callers[j] = append(c.callers[j], i)
			}
		}
	}
	// Rank by a depth-first postorder from the members in order: a
	// member's callees are ranked before it, except along back edges.
	c.rank = make([]int, len(members))
	seen := make([]bool, len(members))
	next := 0
	type frame struct{ v, e int }
	for start := range members {
		if seen[start] {
			continue
		}
		seen[start] = true
		stack := []frame{{start, 0}}
		for len(stack) > 0 {
			f := &stack[len(stack)-1]
			if f.e < len(callees[f.v]) {
				w := callees[f.v][f.e]
				f.e++
				if !seen[w] {
					seen[w] = true
					stack = append(stack, frame{w, 0})
				}
				continue
			}
			c.rank[f.v] = next
			next++
			stack = stack[:len(stack)-1]
		}
	}
	return c
}
