package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func readme(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	return string(data)
}

// TestREADMEMentionsFlags keeps the README true about the command's
// flags (the passes' own flags are checked by the analyzers package's
// meta-test).
func TestREADMEMentionsFlags(t *testing.T) {
	text := readme(t)
	c, _, _ := testCommand()
	n := 0
	c.fs.VisitAll(func(f *flag.Flag) {
		n++
		assert.Contains(t, text, "-"+f.Name, "README.md does not mention -%s", f.Name)
	})
	assert.GreaterOrEqual(t, n, 19, "the flags, the passes' and the engine's")
	for _, format := range formats {
		assert.True(t, strings.Contains(text, "`"+format+"`"), "README.md does not list -format=%s", format)
	}
}

// TestREADMEExitCodes checks that the README's table of exit statuses
// is the command's.
func TestREADMEExitCodes(t *testing.T) {
	text := readme(t)
	for _, c := range exitCodes {
		row := fmt.Sprintf("| %d | %s |", c.code, c.meaning)
		assert.True(t, strings.Contains(text, row), "README.md lacks the row %q", row)
	}
}
