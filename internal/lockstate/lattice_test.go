package lockstate

import (
	"go/constant"
	"go/token"
	"go/types"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/ssa"
)

func key(name string) condKey {
	return condKey{op: token.EQL, xc: name}
}

// The merge rule: equal lock facts are absorbed by a state that assumes
// no more, kept apart up to tagVariants when they assumed different
// outcomes, and merged with the intersection of their tags past that;
// different lock facts stay apart; the set is bounded.
func TestMergeRule(t *testing.T) {
	heldWith := func(tags map[string]bool) *state {
		s := &state{held: []holding{{path: 1, mode: Write, count: 1, site: 0}}}
		for k, v := range tags {
			s.setTag(key(k), v)
		}
		return s
	}
	var set stateSet
	changed, overflow := set.merge(heldWith(map[string]bool{"x": true, "y": true}), 8)
	require.True(t, changed)
	require.False(t, overflow)

	// Same lock facts, different outcomes of y: kept apart, so that a
	// later test of x and y still knows which paths had which.
	changed, _ = set.merge(heldWith(map[string]bool{"x": true, "y": false}), 8)
	assert.True(t, changed)
	require.Len(t, set, 2)

	// Merging the same again changes nothing (a fixpoint).
	changed, _ = set.merge(heldWith(map[string]bool{"x": true, "y": false}), 8)
	assert.False(t, changed)
	assert.Len(t, set, 2)

	// A state assuming less is kept; one assuming more than it is
	// absorbed by it.
	changed, _ = set.merge(heldWith(map[string]bool{"x": true}), 8)
	assert.True(t, changed)
	require.Len(t, set, 3)
	changed, _ = set.merge(heldWith(map[string]bool{"x": true, "z": true}), 8)
	assert.False(t, changed, "absorbed by the state that assumed only x")
	assert.Len(t, set, 3)

	// Past tagVariants, a new variant merges into the first by
	// intersecting tags.
	set.merge(heldWith(map[string]bool{"w": true}), 8)
	require.Len(t, set, tagVariants)
	changed, _ = set.merge(heldWith(map[string]bool{"y": true, "u": false}), 8)
	assert.True(t, changed, "intersection shrinks the first state's tags")
	assert.Len(t, set, tagVariants)
	val, ok := set[0].tag(key("y"))
	assert.True(t, ok && val)
	_, ok = set[0].tag(key("x"))
	assert.False(t, ok, "x was not assumed by the new state, so it is forgotten")

	// Different lock facts: kept apart, never "maybe held".
	free := &state{}
	free.setTag(key("x"), false)
	changed, _ = set.merge(free, 8)
	assert.True(t, changed)
	assert.Len(t, set, tagVariants+1)

	// The bound.
	for i := range 8 - tagVariants - 1 {
		set.merge(&state{released: []released{{path: pathID(10 + i)}}}, 8)
	}
	_, overflow = set.merge(&state{released: []released{{path: 99}}}, 8)
	assert.True(t, overflow)
}

func TestSameFacts(t *testing.T) {
	a := &state{held: []holding{{path: 1, site: 2}}}
	b := a.clone()
	b.setTag(key("z"), true)
	assert.True(t, sameFacts(a, b), "tags are not lock facts")
	b.held[0].stale = true
	assert.False(t, sameFacts(a, b))
}

func TestHoldingsStaySorted(t *testing.T) {
	s := &state{}
	s.add(holding{path: 3, site: 1})
	s.add(holding{path: 1, site: 5})
	s.add(holding{path: 2, site: 0})
	for i := 1; i < len(s.held); i++ {
		assert.Less(t, cmpHolding(s.held[i-1], s.held[i]), 0)
	}
	h := s.find(2)
	require.NotNil(t, h)
	s.removeAt(h)
	assert.Nil(t, s.find(2))
	assert.Len(t, s.held, 2)
}

func TestPushDeferOnce(t *testing.T) {
	s := &state{}
	d := &ssa.Defer{}
	s.pushDefer(d)
	s.pushDefer(d)
	assert.Len(t, s.defers, 1, "a defer in a loop is registered once")
}

func TestCondKeyNegation(t *testing.T) {
	fa := &funcAnalysis{paths: newPathTable()}
	p := ssa.NewConst(constant.MakeBool(true), types.Typ[types.Bool]) // an opaque condition
	k1, neg1 := fa.condKeyOf(p)
	assert.False(t, neg1)
	assert.Equal(t, condKey{v: p}, k1)
}
