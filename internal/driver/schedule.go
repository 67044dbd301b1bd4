package driver

import (
	"cmp"
	"container/heap"
	"sync"
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

				d.process(n)
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
