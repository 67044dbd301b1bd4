package analyzers_test

import (
	"flag"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/analysis"

	"github.com/locklint/locklint/analyzers"
	"github.com/locklint/locklint/internal/lockstate"
)

// These meta-tests hold the registry to the house style (STYLE.md, habits
// 1, 2 and 12): one pass per directory, named after it, documented from
// its doc.go, and every pass and flag documented in the README.

const urlPrefix = "https://pkg.go.dev/github.com/locklint/locklint/passes/"

func TestValidate(t *testing.T) {
	require.NoError(t, analysis.Validate(analyzers.All))
}

func TestNamesSortedUniqueAndMatchDirectories(t *testing.T) {
	var names []string
	for _, a := range analyzers.All {
		names = append(names, a.Name)
		assert.Equal(t, urlPrefix+a.Name, a.URL, "%s: URL must name its directory passes/%s", a.Name, a.Name)
	}
	assert.True(t, slices.IsSorted(names), "analyzers.All must be sorted by name: %v", names)
	assert.Len(t, slices.Compact(slices.Clone(names)), len(names), "analyzer names must be unique: %v", names)

	// Every directory under passes/ is a pass, and every pass is listed.
	entries, err := os.ReadDir("../passes")
	require.NoError(t, err)
	var dirs []string
	for _, e := range entries {
		if e.IsDir() && e.Name() != "testdata" && e.Name() != "internal" {
			dirs = append(dirs, e.Name())
		}
	}
	assert.Equal(t, dirs, names, "analyzers.All must list exactly the directories under passes/")
}

func TestDocs(t *testing.T) {
	for _, a := range analyzers.All {
		// docutil has checked that doc.go's paragraph starts "NAME: "
		// and cut that prefix, as x/tools does.
		summary, _, _ := strings.Cut(a.Doc, "\n")
		assert.Regexp(t, `^[a-z]`, summary, "%s: summary must start in lower case", a.Name)
		assert.NotRegexp(t, `[.\s]$`, summary, "%s: summary must not end with a period or space", a.Name)
		assert.Contains(t, a.Doc, "WRONG:", "%s: Doc needs a WRONG: example", a.Name)
		assert.Contains(t, a.Doc, "RIGHT:", "%s: Doc needs a RIGHT: example", a.Name)
	}
}

func TestREADMEMentionsEveryAnalyzerAndFlag(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	readme := string(data)

	for _, a := range analyzers.All {
		assert.True(t, mentions(readme, a.Name), "README.md does not mention %s", a.Name)
		assert.Contains(t, readme, "passes/"+a.Name+"/doc.go", "README.md does not link to the doc of %s", a.Name)
	}
	// The engine is not in All, but cmd/locklint offers its flags too.
	for _, a := range append(slices.Clone(analyzers.All), lockstate.Analyzer) {
		a.Flags.VisitAll(func(f *flag.Flag) {
			name := "-" + a.Name + "." + f.Name
			assert.True(t, mentions(readme, name), "README.md does not document the flag %s", name)
		})
	}
}

// mentions reports whether text contains word as a whole word (so that
// -x.debug is not satisfied by -x.debugall).
func mentions(text, word string) bool {
	return regexp.MustCompile(`(^|[^\w.-])` + regexp.QuoteMeta(word) + `($|[^\w-])`).MatchString(text)
}
