package lockstate

import (
	"go/constant"
	"go/types"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/ssa"
)

var testKeys = map[string]keyID{}

func key(name string) keyID {
	if id, ok := testKeys[name]; ok {
		return id
	}
	id := keyID(len(testKeys))
	testKeys[name] = id
	return id
}

// The merge rule: equal lock facts merge with the tags both assumed and
// clauses for what either knew; different lock facts stay apart; the
// set is bounded.
func TestMergeRule(t *testing.T) {
	held := &state{held: []holding{{path: 1, mode: Write, count: 1, site: 0}}}
	held.setTag(key("x"), true)
	held.setTag(key("y"), true)

	var set stateSet
	changed, overflow := set.merge(held.clone(), 4)
	require.True(t, changed)
	require.False(t, overflow)

	// Same lock facts, one tag in common: merged, tags intersected.
	other := &state{held: []holding{{path: 1, mode: Write, count: 1, site: 0}}}
	other.setTag(key("x"), true)
	other.setTag(key("y"), false)
	changed, _ = set.merge(other, 4)
	assert.True(t, changed, "intersection shrinks the tags")
	require.Len(t, set, 1)
	val, ok := set[0].tag(key("x"))
	assert.True(t, ok && val)
	_, ok = set[0].tag(key("y"))
	assert.False(t, ok, "y disagreed, so it is forgotten")
	assert.Empty(t, set[0].clauses, "y or not y says nothing")

	// Merging the same again changes nothing (a fixpoint).
	changed, _ = set.merge(other.clone(), 4)
	assert.False(t, changed)

	// Different lock facts: kept apart, never "maybe held".
	free := &state{}
	free.setTag(key("x"), false)
	changed, _ = set.merge(free, 4)
	assert.True(t, changed)
	assert.Len(t, set, 2)

	// The bound.
	for i := range 2 {
		set.merge(&state{released: []released{{path: pathID(10 + i)}}}, 4)
	}
	_, overflow = set.merge(&state{released: []released{{path: 99}}}, 4)
	assert.True(t, overflow)
}

// TestJoinClauses: the two ways out of `if a && b` join into one state
// that knows (not a or not b), so a later test of a and b cannot take
// both true edges; and assume propagates single open literals.
func TestJoinClauses(t *testing.T) {
	notA := &state{}
	notA.setTag(key("a"), false)
	aNotB := &state{}
	aNotB.setTag(key("a"), true)
	aNotB.setTag(key("b"), false)

	var set stateSet
	set.merge(notA, 4)
	changed, _ := set.merge(aNotB, 4)
	require.True(t, changed)
	require.Len(t, set, 1)
	j := set[0]
	assert.Empty(t, j.tags)
	require.Len(t, j.clauses, 1)

	// a true: b must then be false; b true as well is infeasible.
	s := j.clone()
	require.True(t, s.assume(key("a"), true))
	val, ok := s.tag(key("b"))
	assert.True(t, ok && !val, "unit propagation: a, so not b")
	assert.False(t, s.clone().assume(key("b"), true))

	// a false: b is free.
	s = j.clone()
	require.True(t, s.assume(key("a"), false))
	_, ok = s.tag(key("b"))
	assert.False(t, ok)
	assert.True(t, s.assume(key("b"), true))

	// Joining with a state that satisfies the clause keeps it; with one
	// that does not, drops it.
	sat := &state{}
	sat.setTag(key("b"), false)
	set.merge(sat, 4)
	assert.Len(t, set[0].clauses, 1)
	unsat := &state{}
	unsat.setTag(key("a"), true)
	unsat.setTag(key("b"), true)
	changed, _ = set.merge(unsat, 4)
	assert.True(t, changed)
	assert.Empty(t, set[0].clauses)
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
