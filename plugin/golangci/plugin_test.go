package golangciplugin

import (
	"os"
	"regexp"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/analysis"

	"github.com/locklint/locklint/analyzers"
)

// names returns the names of the analyzers the plugin built from the raw
// settings, as golangci-lint would pass them (decoded YAML: maps, []any).
func names(t *testing.T, settings any) []string {
	t.Helper()
	p, err := New(settings)
	require.NoError(t, err)
	as, err := p.BuildAnalyzers()
	require.NoError(t, err)
	var ns []string
	for _, a := range as {
		ns = append(ns, a.Name)
	}
	return ns
}

func allNames() []string {
	var ns []string
	for _, a := range analyzers.All {
		ns = append(ns, a.Name)
	}
	return ns
}

func TestRegistered(t *testing.T) {
	newPlugin, err := register.GetPlugin("locklint")
	require.NoError(t, err, "the package must register itself as locklint")
	p, err := newPlugin(nil)
	require.NoError(t, err)
	assert.Equal(t, register.LoadModeTypesInfo, p.GetLoadMode())
}

func TestDefaultIsEveryPass(t *testing.T) {
	// No settings key at all (golangci-lint passes nil), settings: {} and
	// passes: null all run every pass.
	for _, settings := range []any{nil, map[string]any{}, map[string]any{"passes": nil}} {
		assert.Equal(t, allNames(), names(t, settings), "settings %#v", settings)
	}
}

func TestDefaultDoesNotShareAll(t *testing.T) {
	p, err := New(nil)
	require.NoError(t, err)
	as, err := p.BuildAnalyzers()
	require.NoError(t, err)
	as[0] = nil // golangci-lint may not change analyzers.All through the result
	assert.NotNil(t, analyzers.All[0])
}

func TestSelectedPasses(t *testing.T) {
	// analyzers.All's order, each once, whatever the order and repetitions
	// of the list.
	got := names(t, map[string]any{"passes": []any{"unreleased", "doubleacquire", "unreleased"}})
	assert.Equal(t, []string{"doubleacquire", "unreleased"}, got)
	for _, a := range analyzers.All {
		assert.Equal(t, []string{a.Name}, names(t, map[string]any{"passes": []any{a.Name}}))
	}
	// A typed value decodes too.
	assert.Equal(t, []string{"lockorder"}, names(t, Settings{Passes: []string{"lockorder"}}))
}

func TestSelectedAnalyzersAreValid(t *testing.T) {
	p, err := New(map[string]any{"passes": []any{"condwait"}})
	require.NoError(t, err)
	as, err := p.BuildAnalyzers()
	require.NoError(t, err)
	require.NoError(t, analysis.Validate(as))
}

func TestBadSettings(t *testing.T) {
	for _, tc := range []struct {
		name     string
		settings any
		want     []string // substrings of the error
	}{
		{"unknown pass", map[string]any{"passes": []any{"doubleacquire", "deadlock"}},
			[]string{"locklint settings", `unknown pass "deadlock"`, "condwait, doubleacquire, lockorder, unreleased"}},
		{"pass in the wrong case", map[string]any{"passes": []any{"DoubleAcquire"}},
			[]string{`unknown pass "DoubleAcquire"`}},
		{"empty list", map[string]any{"passes": []any{}},
			[]string{"passes is empty", "remove the setting to run them all"}},
		{"unknown key", map[string]any{"pass": []any{"unreleased"}},
			[]string{"locklint settings", `unknown field "pass"`}},
		{"a string, not a list", map[string]any{"passes": "unreleased"},
			[]string{"locklint settings", "cannot unmarshal string"}},
		{"a number in the list", map[string]any{"passes": []any{1}},
			[]string{"locklint settings", "cannot unmarshal number"}},
		{"not a map", []any{"unreleased"},
			[]string{"locklint settings", "cannot unmarshal array"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := New(tc.settings)
			require.Error(t, err)
			assert.Nil(t, p)
			for _, w := range tc.want {
				assert.ErrorContains(t, err, w)
			}
		})
	}
}

// TestDocs ties docs/golangci-lint.md to the code: the golangci-lint
// version the end-to-end test builds (the only one the page names), the
// plugin's module, import path and name, every pass, and the variable
// that makes the end-to-end test's skips failures.
func TestDocs(t *testing.T) {
	data, err := os.ReadFile("../../docs/golangci-lint.md")
	require.NoError(t, err)
	doc := string(data)
	assert.Contains(t, doc, "version: "+gclVersion)
	for _, v := range regexp.MustCompile(`\bv2\.\d+\.\d+\b`).FindAllString(doc, -1) {
		assert.Equal(t, gclVersion, v, "docs/golangci-lint.md names another golangci-lint version")
	}
	assert.Contains(t, doc, "module: "+modulePath)
	assert.Contains(t, doc, "import: "+importPath)
	assert.Contains(t, doc, "      "+Name+":\n        type: module")
	for _, a := range analyzers.All {
		assert.Contains(t, doc, "            - "+a.Name+"\n", "the passes setting example must list %s", a.Name)
	}
	assert.Contains(t, doc, requiredEnv+"=1")
}
