package lockstate

import "golang.org/x/tools/go/ssa"

// The dataflow's worklist takes blocks in reverse postorder (the
// standard order for forward problems): a block runs after every block
// that reaches it without a back edge, once they are settled, so the
// states reaching a loop's head from its body arrive together, each
// round, instead of one refinement per trip around the loop. On nats'
// server package this ordering halves the block runs of the slowest
// functions (see BENCHMARKS.md).

// reversePostorder numbers the blocks of fn in reverse postorder from
// the entry (unreachable blocks last).
func reversePostorder(fn *ssa.Function) []int {
	n := len(fn.Blocks)
	order := make([]int, n)
	for i := range order {
		order[i] = n
	}
	seen := make([]bool, n)
	var post []int
	type frame struct {
		b *ssa.BasicBlock
		i int
	}
	stack := []frame{{fn.Blocks[0], 0}}
	seen[0] = true
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if top.i < len(top.b.Succs) {
			s := top.b.Succs[top.i]
			top.i++
			if !seen[s.Index] {
				seen[s.Index] = true
				stack = append(stack, frame{s, 0})
			}
			continue
		}
		post = append(post, top.b.Index)
		stack = stack[:len(stack)-1]
	}
	for i, b := range post {
		order[b] = len(post) - 1 - i
	}
	return order
}

// blockQueue is a worklist of blocks taken in reverse postorder: a block
// runs after the blocks before it on every forward path that are queued,
// so a loop's body settles once per round instead of block by block.
type blockQueue struct {
	order []int
	heap  []*ssa.BasicBlock
}

func (q *blockQueue) Len() int { return len(q.heap) }

func (q *blockQueue) less(i, j int) bool {
	a, b := q.heap[i], q.heap[j]
	if q.order[a.Index] != q.order[b.Index] {
		return q.order[a.Index] < q.order[b.Index]
	}
	return a.Index < b.Index
}

func (q *blockQueue) push(b *ssa.BasicBlock) {
	q.heap = append(q.heap, b)
	i := len(q.heap) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !q.less(i, p) {
			break
		}
		q.heap[i], q.heap[p] = q.heap[p], q.heap[i]
		i = p
	}
}

func (q *blockQueue) pop() *ssa.BasicBlock {
	top := q.heap[0]
	n := len(q.heap) - 1
	q.heap[0] = q.heap[n]
	q.heap = q.heap[:n]
	i := 0
	for {
		l, r, m := 2*i+1, 2*i+2, i
		if l < n && q.less(l, m) {
			m = l
		}
		if r < n && q.less(r, m) {
			m = r
		}
		if m == i {
			break
		}
		q.heap[i], q.heap[m] = q.heap[m], q.heap[i]
		i = m
	}
	return top
}
