package docgen

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/analysis"

	"github.com/locklint/locklint/analyzers"
)

var update = flag.Bool("update", false, "rewrite docs/passes/<name>.md from Render")

const pagesDir = "../../docs/passes"

// TestPages checks that docs/passes holds exactly one page per pass and
// that each is Render's output; with -update it rewrites them.
func TestPages(t *testing.T) {
	var want []string
	for _, a := range analyzers.All {
		name := a.Name + ".md"
		want = append(want, name)
		path := filepath.Join(pagesDir, name)
		page := Render(a)
		if *update {
			require.NoError(t, os.MkdirAll(pagesDir, 0o755))
			require.NoError(t, os.WriteFile(path, []byte(page), 0o644))
			continue
		}
		got, err := os.ReadFile(path)
		if assert.NoError(t, err, "run: go test ./internal/docgen -update") {
			assert.Equal(t, page, string(got), "%s is stale: run go test ./internal/docgen -update", path)
		}
	}
	entries, err := os.ReadDir(pagesDir)
	require.NoError(t, err)
	for _, e := range entries {
		assert.True(t, slices.Contains(want, e.Name()), "%s/%s is not the page of a pass", pagesDir, e.Name())
	}
}

func TestRender(t *testing.T) {
	a := &analysis.Analyzer{
		Name: "foo",
		Doc: "report foos\n\nThe pass reports:\n\n  - a foo,\n    over two lines;\n  - a bar.\n\n" +
			"WRONG:\n\n\tfoo()\n\n\tbar()\n\nreports:\n\n\tfoo is bad\n\nRIGHT: do not foo.\n",
	}
	got := Render(a)
	for _, want := range []string{
		"# foo\n\nReport foos.\n\nThe pass reports:\n\n- a foo,\n  over two lines;\n- a bar.\n\n",
		"**WRONG:**\n\n```go\nfoo()\n\nbar()\n```\n\nreports:\n\n```text\nfoo is bad\n```\n\n**RIGHT:** do not foo.\n",
		"## Silencing",
		"//locklint:ignore foo <reason>",
		"[passes/foo/doc.go](../../passes/foo/doc.go)",
	} {
		assert.Contains(t, got, want)
	}
	assert.False(t, strings.Contains(got, "\t"), "no tab-indented line left")
}

// TestRenderPasses checks the real pages' shape: every doc.go has code
// blocks and WRONG/RIGHT examples, and every fence is closed.
func TestRenderPasses(t *testing.T) {
	for _, a := range analyzers.All {
		page := Render(a)
		assert.True(t, strings.HasPrefix(page, "# "+a.Name+"\n\n"), a.Name)
		assert.Contains(t, page, "```go\n", a.Name)
		assert.Contains(t, page, "**WRONG:**", a.Name)
		assert.Contains(t, page, "**RIGHT:**", a.Name)
		assert.Zero(t, strings.Count(page, "```")%2, "%s: unbalanced fences", a.Name)
	}
}

// TestIndex checks that docs/README.md links every pass's page with its
// summary.
func TestIndex(t *testing.T) {
	index, err := os.ReadFile("../../docs/README.md")
	require.NoError(t, err)
	for _, a := range analyzers.All {
		summary, _, _ := strings.Cut(a.Doc, "\n")
		row := fmt.Sprintf("| [%[1]s](passes/%[1]s.md) | %s |", a.Name, strings.TrimPrefix(summary, "report "))
		assert.Contains(t, string(index), row)
	}
}
