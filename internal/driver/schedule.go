package driver

import (
	"cmp"
	"container/heap"
	"fmt"
	"go/types"
	"runtime/debug"
	"sync"

	"golang.org/x/tools/go/packages"
)

// schedule analyses every node, each after its imports, with up to
// parallelism nodes in flight. Among the ready nodes it starts the one
// with the longest chain of importers above it, so that the critical
// path of the import graph (runtime ... net/http ... a main package)
// never waits behind leaves.
func (d *driver) schedule(parallelism int) {
	var (
		mu    sync.Mutex
		cond  = sync.NewCond(&mu)
		ready readyQueue
		left  = len(d.nodes)
		done  = 0
	)
	for _, n := range d.nodes {
		if n.pending == 0 {
			heap.Push(&ready, n)
		}
	}
	var wg sync.WaitGroup
	for range min(parallelism, max(len(d.nodes), 1)) {
		wg.Go(func() {
			for {
				mu.Lock()
				for ready.Len() == 0 && left > 0 {
					cond.Wait()
				}
				if left == 0 {
					mu.Unlock()
					cond.Broadcast()
					return
				}
				n := heap.Pop(&ready).(*node)
				mu.Unlock()

				d.processSafely(n)
				d.done(n)

				mu.Lock()
				left--
				done++
				for _, imp := range n.importers {
					imp.pending--
					if imp.pending == 0 {
						heap.Push(&ready, imp)
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

// processSafely is process, but a panic outside the analyzers (which
// process recovers from), a bug of the driver, fails the package
// instead of the run; the package still gets types for its importers.
func (d *driver) processSafely(n *node) {
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
		}
	}()
	d.process(n)
}

// readyQueue is a heap of the nodes whose imports are done: the highest
// first, then by ID.
type readyQueue []*node

func (q readyQueue) Len() int { return len(q) }
func (q readyQueue) Less(i, j int) bool {
	return cmp.Or(cmp.Compare(q[j].height, q[i].height), cmp.Compare(q[i].meta.ID, q[j].meta.ID)) < 0
}
func (q readyQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *readyQueue) Push(x any)   { *q = append(*q, x.(*node)) }
func (q *readyQueue) Pop() any {
	old := *q
	n := old[len(old)-1]
	old[len(old)-1] = nil
	*q = old[:len(old)-1]
	return n
}
