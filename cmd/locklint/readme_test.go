package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestREADMEMentionsGateAndEngineFlags keeps the README true about the
// flags this command adds to the x/tools driver (the passes' flags are
// checked by the analyzers package's meta-test).
func TestREADMEMentionsGateAndEngineFlags(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	fs := flag.NewFlagSet("locklint", flag.ContinueOnError)
	registerGateFlags(fs, new(gateOptions))
	registerEngineFlags(fs)
	n := 0
	fs.VisitAll(func(f *flag.Flag) {
		n++
		assert.Contains(t, string(readme), "-"+f.Name, "README.md does not mention -%s", f.Name)
	})
	assert.GreaterOrEqual(t, n, 5, "gate and engine flags")
	for _, format := range formats {
		assert.True(t, strings.Contains(string(readme), "`"+format+"`"), "README.md does not list -format=%s", format)
	}
}
