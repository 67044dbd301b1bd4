package driver

import (
	"cmp"
	"container/heap"
	"fmt"
	"go/types"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"sync"

	"golang.org/x/tools/go/packages"
)

// schedule type-checks and analyses every node with up to parallelism
// tasks in flight. A package's type-check can start when its imports are
// type-checked, and its analysis when it is type-checked and its imports
// are analysed (their facts are final): a large package's type-check
// overlaps the analysis of its dependencies. Of the ready tasks, the one
// of highest priority starts first (see prioritise). A package waiting
// for its analysis keeps its syntax and types info in memory, so a
// type-check runs ahead of the analyses only while the packages waiting
// total less than maxAheadSource bytes of source and the live heap is
// below maxAheadLive; otherwise a worker takes an analysis, or waits.
func (d *driver) schedule(parallelism int) {
	var (
		mu       sync.Mutex
		cond     = sync.NewCond(&mu)
		checks   = readyQueue{prio: func(n *node) int { return n.checkPrio }}
		analyses = readyQueue{prio: func(n *node) int { return n.analysePrio }}
		left     = len(d.nodes)
		done     = 0
		ahead    = 0 // source bytes of the packages type-checked whose analysis has not started
	)
	// checkAhead reports whether a type-check may start now.
	checkAhead := func() bool {
		if checks.Len() == 0 {
			return false
		}
		if ahead > 0 && (ahead >= maxAheadSource || liveHeap() >= maxAheadLive) {
			return false
		}
		return analyses.Len() == 0 || checks.top().checkPrio >= analyses.top().analysePrio
	}
	d.prioritise()
	for _, n := range d.nodes {
		if n.checkWait == 0 {
			heap.Push(&checks, n)
		}
	}
	var wg sync.WaitGroup
	for range min(parallelism, max(len(d.nodes), 1)) {
		wg.Go(func() {
			for {
				mu.Lock()
				for left > 0 && analyses.Len() == 0 && !checkAhead() {
					cond.Wait()
				}
				if left == 0 {
					mu.Unlock()
					cond.Broadcast()
					return
				}
				if checkAhead() {
					n := heap.Pop(&checks).(*node)
					mu.Unlock()

					d.safely(n, d.typeCheck)

					mu.Lock()
					ahead += n.size
					for _, imp := range n.importers {
						imp.checkWait--
						if imp.checkWait == 0 {
							heap.Push(&checks, imp)
						}
					}
					n.analyseWait--
					if n.analyseWait == 0 {
						heap.Push(&analyses, n)
					}
					mu.Unlock()
					cond.Broadcast()
					continue
				}
				n := heap.Pop(&analyses).(*node)
				ahead -= n.size
				mu.Unlock()

				d.safely(n, func(n *node) { d.analyse(n, n.pkg) })
				n.pkg = nil
				d.done(n)

				mu.Lock()
				left--
				done++
				for _, imp := range n.importers {
					imp.analyseWait--
					if imp.analyseWait == 0 {
						heap.Push(&analyses, imp)
					}
				}
				if d.cfg.Progress != nil {
					d.cfg.Progress(done, len(d.nodes), n.meta.ID)
				}
				mu.Unlock()
				cond.Broadcast()
			}
		})
	}
	wg.Wait()
}

// safely runs phase on n, but a panic outside the analyzers (which
// analyse recovers from), a bug of the driver, fails the package instead
// of the run; the package still gets types for its importers.
func (d *driver) safely(n *node, phase func(*node)) {
	defer func() {
		if r := recover(); r != nil {
			if n.out == nil {
				n.out = &Package{ID: n.meta.ID, PkgPath: n.meta.PkgPath, Name: n.meta.Name, Root: n.root}
			}
			n.out.Errors = append(n.out.Errors, packages.Error{Pos: "-", Msg: fmt.Sprintf(msgInternalError, r, debug.Stack()), Kind: packages.UnknownError})
			if n.types == nil {
				n.types = types.NewPackage(n.meta.PkgPath, n.meta.Name)
				n.types.MarkComplete()
			}
			n.illTyped, n.brokenBelow = true, true
			n.pkg = nil
		}
	}()
	phase(n)
}

// Bounds on the type-checks that run ahead of the analyses (schedule):
// the source bytes of the packages waiting for their analysis, and the
// live heap. A package's syntax and types info take many times the size
// of its source. Variables for the tests.
var (
	maxAheadSource        = 32 << 20
	maxAheadLive   uint64 = 256 << 20
)

// liveHeap returns the heap the last garbage collection found live.
func liveHeap() uint64 {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	return sample[0].Value.Uint64()
}

// rootWeight is how many times its type-check a root package's analysis
// is estimated to cost (every pass runs, and the engine analyses every
// function); a dependency's is estimated at its type-check's.
const rootWeight = 4

// prioritise sets every node's size and task priorities. A task's cost is
// estimated by the package's source size; its priority is its cost plus
// the highest priority among the tasks that wait for it (the importers'
// type-checks wait for a type-check, the package's analysis for both,
// the importers' analyses for an analysis). Starting the ready task of
// the highest priority first follows the critical path: a large root's
// type-check starts as soon as its imports are type-checked, in parallel
// with their analyses.
func (d *driver) prioritise() {
	for _, n := range d.nodes {
		for _, name := range n.meta.CompiledGoFiles {
			if fi, err := os.Stat(name); err == nil {
				n.size += int(fi.Size())
			}
		}
	}
	for i := len(d.nodes) - 1; i >= 0; i-- { // importers first
		n := d.nodes[i]
		cost := n.size
		if n.root {
			cost *= rootWeight
		}
		next, nextCheck := 0, 0
		for _, imp := range n.importers {
			next = max(next, imp.analysePrio)
			nextCheck = max(nextCheck, imp.checkPrio)
		}
		n.analysePrio = cost + next
		n.checkPrio = n.size + max(n.analysePrio, nextCheck)
	}
}

// readyQueue is a heap of ready nodes: the highest priority first, then
// by ID.
type readyQueue struct {
	nodes []*node
	prio  func(*node) int
}

func (q *readyQueue) top() *node { return q.nodes[0] }
func (q *readyQueue) Len() int   { return len(q.nodes) }
func (q *readyQueue) Less(i, j int) bool {
	a, b := q.nodes[i], q.nodes[j]
	return cmp.Or(cmp.Compare(q.prio(b), q.prio(a)), cmp.Compare(a.meta.ID, b.meta.ID)) < 0
}
func (q *readyQueue) Swap(i, j int) { q.nodes[i], q.nodes[j] = q.nodes[j], q.nodes[i] }
func (q *readyQueue) Push(x any)    { q.nodes = append(q.nodes, x.(*node)) }
func (q *readyQueue) Pop() any {
	n := q.nodes[len(q.nodes)-1]
	q.nodes[len(q.nodes)-1] = nil
	q.nodes = q.nodes[:len(q.nodes)-1]
	return n
}
