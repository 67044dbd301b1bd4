package main

import (
	"flag"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"golang.org/x/tools/go/analysis"

	"github.com/locklint/locklint/analyzers"
	"github.com/locklint/locklint/internal/lockstate"
)

// TestHelp checks "locklint help" (and -h, -help): it describes
// locklint, not the x/tools driver, and lists every pass, every flag but
// the passes' enable flags (which the passes' list explains), the
// directives and the exit statuses.
func TestHelp(t *testing.T) {
	var texts []string
	for _, args := range [][]string{{"help"}, {"-h"}, {"-help"}, {"--help"}, {"-json", "help"}} {
		c, stdout, stderr := testCommand()
		assert.Equal(t, exitClean, c.run(args), "%q", args)
		assert.Empty(t, stderr.String(), "%q", args)
		texts = append(texts, stdout.String())
	}
	for i := range texts {
		assert.Equal(t, texts[0], texts[i], "every way to ask for help prints the same")
	}
	help := texts[0]
	assert.True(t, strings.HasPrefix(help, "locklint reports lock misuse in Go code"), help)
	for _, a := range analyzers.All {
		assert.Contains(t, help, "  "+a.Name+" ", "the pass %s", a.Name)
		first, _, _ := strings.Cut(summary(a), " ")
		assert.Contains(t, help, first)
	}
	c, _, _ := testCommand()
	c.fs.VisitAll(func(f *flag.Flag) {
		if slices.ContainsFunc(analyzers.All, func(a *analysis.Analyzer) bool { return a.Name == f.Name }) {
			return
		}
		listed := strings.Contains(help, "\n  -"+f.Name+" ") || strings.Contains(help, "\n  -"+f.Name+"\n")
		assert.True(t, listed, "help does not list the flag -%s", f.Name)
		assert.True(t, inGroup(f.Name), "-%s belongs to no group of the help", f.Name)
	})
	for _, gone := range []string{"-source", "-all", "-v ", "-debug", "Printf", "strings.Split"} {
		assert.False(t, strings.Contains(help, gone), "help mentions %s", gone)
	}
	for _, d := range []string{"//locklint:ignore <pass>", "//locklint:order A.mu < B.mu", "//locklint:nested <reason>"} {
		assert.Contains(t, help, d)
	}
	for _, e := range exitCodes {
		assert.Contains(t, help, fmt.Sprintf("\n  %d  %s", e.code, strings.Fields(e.meaning)[0]))
	}
}

// inGroup reports whether the flag name is listed by a group of the help
// (the engine's are listed by prefix).
func inGroup(name string) bool {
	if strings.HasPrefix(name, lockstate.Analyzer.Name+".") {
		return true
	}
	for _, g := range flagGroups {
		if slices.Contains(g.names, name) {
			return true
		}
	}
	return false
}

// TestPassHelp checks "locklint help <pass>": the pass's whole Doc.
func TestPassHelp(t *testing.T) {
	for _, a := range append(slices.Clone(analyzers.All), lockstate.Analyzer) {
		c, stdout, _ := testCommand()
		assert.Equal(t, exitClean, c.run([]string{"help", a.Name}))
		assert.True(t, strings.HasPrefix(stdout.String(), a.Name+": "+strings.TrimSpace(a.Doc)+"\n"), "%s: %q", a.Name, stdout.String())
		a.Flags.VisitAll(func(f *flag.Flag) {
			assert.Contains(t, stdout.String(), "-"+a.Name+"."+f.Name)
		})
	}
}

// TestVersion checks -V: the module version from the build info.
func TestVersion(t *testing.T) {
	c, stdout, _ := testCommand()
	assert.Equal(t, exitClean, c.run([]string{"-V"}))
	assert.Equal(t, "locklint "+moduleVersion()+"\n", stdout.String())
	assert.NotEmpty(t, moduleVersion())
}
