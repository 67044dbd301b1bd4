package lockstate

import (
	"slices"

	"golang.org/x/tools/go/ssa"
)

// Liveness of branch outcomes.
//
// A tag ("this condition was true") is worth keeping in a state only
// while some instruction ahead can still consult it: a branch, a phi
// edge, a call or a return naming the condition's value. Most are
// consulted once (`if err != nil { return err }`): kept, they only keep
// apart, and then slowly merge, states that agree on every lock fact, and
// in a long loop body every merge that drops one of them runs the body
// again. So when a state enters a block, the tags no instruction
// reachable from there can consult are dropped, with the clauses that
// mention them (a clause is of use only while all its literals can still
// be tested).
//
// Only conditions on values computed by this function's instructions
// are dropped; conditions on loads of paths (fields and captured
// variables, which stores decide and deferred closures test), on
// parameters and free variables (the summary's guards), and on values
// whose uses cannot all be followed (stored, deferred, sent to a
// goroutine) are always live. A value's uses are followed through the
// instructions that turn it into another condition (negation,
// comparison, extraction, conversion, closures binding it, phis); every
// block holding such a use consults it, and a phi's use is consulted on
// the edges into the phi's block, so in each predecessor. The blocks from
// which a consulting block is reachable without re-entering a block that
// redefines one of the condition's values (which forgets the tag anyway,
// see enter) are where the tag is live.

// maxConsultValues bounds the uses followed from one condition value;
// beyond it the condition is always live.
const maxConsultValues = 256

// liveTags drops from s, which has just entered block b, the tags and
// clauses on conditions no instruction from b on can consult.
func (fa *funcAnalysis) liveTags(b *ssa.BasicBlock, s *state) {
	if len(s.tags) == 0 && len(s.clauses) == 0 {
		return
	}
	bi := b.Index
	s.dropTags(func(id keyID) bool {
		live := fa.keyLive(id)
		return live != nil && !live[bi]
	})
}

// keyLive returns the blocks at whose entry condition id can still be
// consulted, or nil if it always can.
func (fa *funcAnalysis) keyLive(id keyID) []bool {
	for int(id) >= len(fa.keyLiveness) {
		fa.keyLiveness = append(fa.keyLiveness, nil)
		fa.keyLivenessDone = append(fa.keyLivenessDone, false)
	}
	if fa.keyLivenessDone[id] {
		return fa.keyLiveness[id]
	}
	fa.keyLivenessDone[id] = true
	live := fa.computeKeyLive(id)
	fa.keyLiveness[id] = live
	return live
}

func (fa *funcAnalysis) computeKeyLive(id keyID) []bool {
	k := fa.keyAt(id)
	if k.path != 0 || k.xp != 0 || k.yp != 0 {
		return nil
	}
	n := len(fa.fn.Blocks)
	live := make([]bool, n)
	var work []int
	for _, v := range [3]ssa.Value{k.v, k.x, k.y} {
		if v == nil {
			continue
		}
		if fa.blockOf(v) < 0 {
			return nil // a parameter, a free variable, a global...
		}
		blocks, ok := fa.consultBlocks(v)
		if !ok {
			return nil
		}
		for _, b := range blocks {
			if !live[b] {
				live[b] = true
				work = append(work, int(b))
			}
		}
	}
	kills := fa.keyBlocks[id]
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if slices.Contains(kills, int32(b)) {
			continue // entering b forgets the tag: no use of it reaches b's predecessors through b
		}
		for _, p := range fa.fn.Blocks[b].Preds {
			if !live[p.Index] {
				live[p.Index] = true
				work = append(work, p.Index)
			}
		}
	}
	return live
}

// consultBlocks returns the blocks that may consult a condition on v
// (see the comment at the top of the file), or false when v's uses
// cannot all be followed.
func (fa *funcAnalysis) consultBlocks(v ssa.Value) ([]int32, bool) {
	if c, ok := fa.consultMemo[v]; ok {
		return c.blocks, c.ok
	}
	blocks, ok := fa.followUses(v)
	if fa.consultMemo == nil {
		fa.consultMemo = make(map[ssa.Value]consultUses)
	}
	fa.consultMemo[v] = consultUses{blocks, ok}
	return blocks, ok
}

type consultUses struct {
	blocks []int32
	ok     bool
}

func (fa *funcAnalysis) followUses(v ssa.Value) ([]int32, bool) {
	var blocks []int32
	mark := func(b *ssa.BasicBlock) {
		if b != nil && !slices.Contains(blocks, int32(b.Index)) {
			blocks = append(blocks, int32(b.Index))
		}
	}
	seen := map[ssa.Value]bool{v: true}
	work := []ssa.Value{v}
	for len(work) > 0 {
		cur := work[len(work)-1]
		work = work[:len(work)-1]
		refs := cur.Referrers()
		if refs == nil {
			return nil, false
		}
		for _, r := range *refs {
			if r.Parent() != fa.fn {
				return nil, false
			}
			switch r := r.(type) {
			case *ssa.Store, *ssa.Defer, *ssa.Go, *ssa.Send, *ssa.MapUpdate:
				return nil, false
			case *ssa.Phi:
				for _, p := range r.Block().Preds {
					mark(p)
				}
			default:
				mark(r.Block())
			}
			switch r := r.(type) {
			case *ssa.UnOp, *ssa.BinOp, *ssa.Extract, *ssa.TypeAssert, *ssa.Phi,
				*ssa.MakeClosure, *ssa.MakeInterface, *ssa.ChangeType, *ssa.Convert, *ssa.ChangeInterface:
				rv := r.(ssa.Value)
				if !seen[rv] {
					if len(seen) >= maxConsultValues {
						return nil, false
					}
					seen[rv] = true
					work = append(work, rv)
				}
			}
		}
	}
	return blocks, true
}
