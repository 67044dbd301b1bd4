package lockstate_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/locklint/locklint/internal/lockstate"
)

// TestBlockedOps pins the engine's description of the mixed deadlocks of
// testdata/src/lockstate/chans: the operation, the lock held, and each
// counterpart with the lock it takes and whether only between two of its
// operations.
func TestBlockedOps(t *testing.T) {
	results := analysistest.Run(t, testdata(t), lockstate.Analyzer, "lockstate/chans")
	require.Len(t, results, 1)
	res := results[0].Result.(*lockstate.Result)
	fset := results[0].Action.Package.Fset
	src, err := os.ReadFile(filepath.Join(testdata(t), "src", "lockstate", "chans", "chans.go"))
	require.NoError(t, err)
	line := func(text string) int {
		require.Equal(t, 1, strings.Count(string(src), text), text)
		return strings.Count(string(src[:strings.Index(string(src), text)]), "\n") + 1
	}
	blocked := res.BlockedOps()
	require.Len(t, blocked, 2, "Submit and Stop; Count releases the lock first")

	submit := blocked[0]
	assert.Equal(t, lockstate.ChanSend, submit.Kind)
	assert.Equal(t, []string{"w.jobs"}, submit.Resource)
	assert.Empty(t, submit.Via)
	assert.Equal(t, "w.mu", submit.Held.Lock.Name)
	assert.Equal(t, line("// the send"), fset.Position(submit.Pos).Line)
	assert.Equal(t, line("// Submit's lock"), fset.Position(submit.Held.Pos).Line)
	require.Len(t, submit.Counterparts, 1)
	recv := submit.Counterparts[0]
	assert.Equal(t, lockstate.FuncName{Pkg: "lockstate/chans", Name: "(*Worker).loop"}, recv.Func)
	assert.Equal(t, lockstate.ChanRecv, recv.Kind)
	assert.Equal(t, "w.jobs", recv.Resource)
	assert.Equal(t, "w.mu", recv.Lock)
	assert.Equal(t, line("// between receives"), fset.Position(recv.LockPos).Line)
	assert.True(t, recv.Loop, "the loop locks after its first receive")

	stop := blocked[1]
	assert.Equal(t, lockstate.ChanRecv, stop.Kind)
	assert.Equal(t, []string{"w.done"}, stop.Resource)
	assert.Equal(t, []string{"w.wait"}, stop.Via)
	assert.Equal(t, line("// the call"), fset.Position(stop.Pos).Line)
	require.Len(t, stop.Counterparts, 1)
	closer := stop.Counterparts[0]
	assert.Equal(t, lockstate.ChanClose, closer.Kind)
	assert.Equal(t, line("// before the close"), fset.Position(closer.LockPos).Line)
	assert.Equal(t, line("// the close"), fset.Position(closer.OpPos).Line)
	assert.False(t, closer.Loop, "every path to the close locks first")
}
