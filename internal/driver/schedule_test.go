package driver

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/packages"
)

// TestPrioritise: a task's priority is its cost plus the longest chain of
// tasks waiting for it, so a large root's type-check outranks the
// analysis of the dependency it waits for, and starts alongside it.
func TestPrioritise(t *testing.T) {
	dir := t.TempDir()
	newNode := func(id string, size int, root bool) *node {
		name := filepath.Join(dir, id+".go")
		require.NoError(t, os.WriteFile(name, []byte(strings.Repeat("x", size)), 0o644))
		return &node{meta: &packages.Package{ID: id, CompiledGoFiles: []string{name}}, root: root}
	}
	dep := newNode("dep", 1000, false)
	small := newNode("small", 100, true)
	big := newNode("big", 10000, true)
	dep.importers = []*node{small, big}
	small.imports, big.imports = []*node{dep}, []*node{dep}
	d := &driver{nodes: []*node{dep, small, big}}
	d.prioritise()

	assert.Equal(t, 10000, big.size)
	assert.Equal(t, rootWeight*10000, big.analysePrio)
	assert.Equal(t, 10000+rootWeight*10000, big.checkPrio)
	assert.Equal(t, 1000+rootWeight*10000, dep.analysePrio, "the dependency's analysis leads to the big root's")
	assert.Greater(t, big.checkPrio, dep.analysePrio, "the big root's type-check goes first")
	assert.Greater(t, dep.checkPrio, big.checkPrio)
	assert.Greater(t, big.analysePrio, small.analysePrio)
}
