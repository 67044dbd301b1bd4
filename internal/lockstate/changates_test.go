package lockstate

import (
	"bytes"
	"encoding/gob"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/analysis/analysistest"
)

// The gate lattice: a must-analysis. nil is top (no path yet), meet is
// intersection by class, a class acquired in both modes keeps the weaker
// (read), and plus adds acquisitions keeping the first of a class in the
// stronger mode.
func TestGateLattice(t *testing.T) {
	a := Class{Kind: ClassField, Pkg: "p", Name: "S", Field: "a"}
	b := Class{Kind: ClassField, Pkg: "p", Name: "S", Field: "b"}
	c := Class{Kind: ClassField, Pkg: "p", Name: "S", Field: "c"}
	ab := (&gateSet{}).plus([]gateAcq{{class: b, mode: Write, pos: 2}, {class: a, mode: Write, pos: 1}})
	bc := (&gateSet{}).plus([]gateAcq{{class: c, mode: Write}, {class: b, mode: Read, pos: 9}})

	assert.Equal(t, ab, meet(nil, ab), "top is the identity")
	assert.Equal(t, ab, meet(ab, nil))
	assert.True(t, meet(ab, ab).equal(ab), "idempotent")
	assert.True(t, meet(ab, bc).equal(meet(bc, ab)), "commutative")

	m := meet(ab, bc)
	require.Len(t, m.acqs, 1, "only b is acquired on both paths")
	assert.Equal(t, b, m.acqs[0].class)
	assert.Equal(t, Read, m.acqs[0].mode, "read on one path: read")
	assert.True(t, m.has(b))
	assert.False(t, m.has(a))

	assert.Equal(t, []Class{a, b}, []Class{ab.acqs[0].class, ab.acqs[1].class}, "sorted by class")
	w := bc.plus([]gateAcq{{class: b, mode: Write, pos: 5}})
	i := 0
	if w.acqs[0].class != b {
		i = 1
	}
	assert.Equal(t, Write, w.acqs[i].mode, "the stronger mode")
	assert.Equal(t, 9, int(w.acqs[i].pos), "the first acquisition's position")
	assert.Len(t, bc.acqs, 2, "plus does not change its receiver")

	var nilSet *gateSet
	assert.True(t, nilSet.equal(nil))
	assert.False(t, nilSet.equal(&gateSet{}), "top is not the empty set")
}

// Blocking operations stay in this package: a summary's blocks name its
// SSA, so they are dropped from the facts (which gob does anyway, being
// unexported) and from the summaries once the package is done, so that
// neither keeps the package's SSA alive for the rest of the run.
func TestBlocksStayInPackage(t *testing.T) {
	dir := testdataDir(t)
	results := analysistest.Run(t, dir, Analyzer, "lockstate/chans")
	require.Len(t, results, 1)
	res := results[0].Result.(*Result)
	require.NotEmpty(t, res.BlockedOps())
	for _, f := range res.Funcs() {
		assert.Nil(t, f.Summary().blocks, f.Fn().Name())
	}
	s := Summary{blocks: []blockEffect{{}}}
	var buf bytes.Buffer
	require.NoError(t, gob.NewEncoder(&buf).Encode(&FuncFact{Summary: s}))
	var back FuncFact
	require.NoError(t, gob.NewDecoder(&buf).Decode(&back))
	assert.Nil(t, back.Summary.blocks)
}
