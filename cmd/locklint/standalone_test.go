package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// copyModule copies the module testdata/<name> to a new temporary
// directory and returns the copy's path.
func copyModule(t *testing.T, name string) string {
	t.Helper()
	mod := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.CopyFS(mod, os.DirFS(filepath.Join("..", "..", "testdata", name))))
	return mod
}

// The error of testdata/partialmod's broken package, and the note on the
// package that uses its invalid declaration.
const (
	wantBroken  = "broken/broken.go:8:9: undefined: undefinedType"
	wantInvalid = "example.com/partialmod/invalid: not analysed: it uses declarations that did not type-check in example.com/partialmod/broken"
)

// TestPartial checks the exit statuses on testdata/partialmod, where one
// package does not type-check (broken), one uses its invalid declaration
// (invalid, not analysed), one imports it but uses only what
// type-checks (user, analysed: it has a double acquire) and one is
// clean: findings with partial coverage exit 4, errors alone 1.
func TestPartial(t *testing.T) {
	if testing.Short() {
		t.Skip("builds locklint and analyses a module: skipped with -short")
	}
	bin := buildLocklint(t)
	mod := copyModule(t, "partialmod")
	run := func(t *testing.T, args ...string) (stdout, stderr string, code int) {
		t.Helper()
		return runIn(t, mod, bin, args...)
	}

	t.Run("all", func(t *testing.T) {
		stdout, stderr, code := run(t, "./...")
		assert.Equal(t, exitPartial, code, "findings, partial coverage")
		assert.Empty(t, stdout)
		assert.Contains(t, stderr, wantBroken)
		assert.Contains(t, stderr, wantInvalid)
		if reports := primaryReports(stderr); assert.Len(t, reports, 2, "the type error and the finding") {
			assert.Contains(t, reports[1], "user/user.go:13:2: registry.Mu is already held")
			assert.True(t, strings.HasSuffix(reports[1], "(doubleacquire)"))
		}
	})
	t.Run("json", func(t *testing.T) {
		stdout, _, code := run(t, "-json", "./...")
		assert.Equal(t, exitPartial, code)
		var tree map[string]map[string]json.RawMessage
		require.NoError(t, json.Unmarshal([]byte(stdout), &tree))
		assert.NotEmpty(t, tree["example.com/partialmod/user"]["doubleacquire"])
		assert.JSONEq(t, `{"error": "analysis skipped due to errors in package"}`, string(tree["example.com/partialmod/broken"]["doubleacquire"]))
	})
	t.Run("sarif", func(t *testing.T) {
		stdout, _, code := run(t, "-format=sarif", "./...")
		assert.Equal(t, exitPartial, code)
		if r := parseSARIF(t, stdout).Runs[0]; assert.Len(t, r.Invocations, 1) {
			assert.False(t, r.Invocations[0].ExecutionSuccessful)
			assert.Len(t, r.Results, 1)
		}
	})
	t.Run("dependency broken", func(t *testing.T) {
		// user is analysed, but without broken's facts: partial.
		_, stderr, code := run(t, "./user")
		assert.Equal(t, exitPartial, code)
		assert.Contains(t, stderr, wantBroken)
	})
	t.Run("errors only", func(t *testing.T) {
		_, stderr, code := run(t, "./clean", "./broken")
		assert.Equal(t, exitFailed, code)
		assert.Contains(t, stderr, wantBroken)
	})
	t.Run("clean", func(t *testing.T) {
		stdout, stderr, code := run(t, "./clean")
		assert.Equal(t, exitClean, code)
		assert.Empty(t, stdout)
		assert.Empty(t, stderr)
	})
	t.Run("baseline", func(t *testing.T) {
		_, _, code := run(t, "-write-baseline=b.json", "./...")
		assert.Equal(t, exitFailed, code, "written, but a package was not analysed")
		_, _, code = run(t, "-baseline=b.json", "./...")
		assert.Equal(t, exitFailed, code, "no new finding, a package not analysed")
	})
}

// TestFix checks -fix and -diff on condwait's if_fix case, whose first
// report comes with a fix (if -> for) and the other two without.
func TestFix(t *testing.T) {
	if testing.Short() {
		t.Skip("builds locklint and analyses a module: skipped with -short")
	}
	bin := buildLocklint(t)
	mod := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module fixmod\n\ngo 1.24\n"), 0o644))
	src, err := os.ReadFile("../../testdata/src/condwait/if_fix/if_fix.go")
	require.NoError(t, err)
	golden, err := os.ReadFile("../../testdata/src/condwait/if_fix/if_fix.go.golden")
	require.NoError(t, err)
	// The golden file is one section, "-- <fix message> --" then the
	// fixed file.
	_, want, ok := strings.Cut(string(golden), "--\n")
	require.True(t, ok)
	name := filepath.Join(mod, "if_fix.go")
	require.NoError(t, os.WriteFile(name, src, 0o644))

	stdout, stderr, code := runIn(t, mod, bin, "-diff", "./...")
	assert.Equal(t, exitClean, code)
	assert.Empty(t, stderr)
	assert.True(t, strings.HasPrefix(stdout, fmt.Sprintf("--- %s (old)\n+++ %s (new)\n@@ ", name, name)), stdout)
	assert.Contains(t, stdout, "\n-\tif len(m.msgs) == 0 {\n+\tfor len(m.msgs) == 0 {\n")
	got, err := os.ReadFile(name)
	require.NoError(t, err)
	assert.Equal(t, string(src), string(got), "-diff changes no file")

	stdout, stderr, code = runIn(t, mod, bin, "-fix", "./...")
	assert.Equal(t, exitClean, code)
	assert.Empty(t, stdout)
	assert.Equal(t, "locklint: applied 1 fix to 1 file\n", stderr)
	got, err = os.ReadFile(name)
	require.NoError(t, err)
	assert.Equal(t, want, string(got))
}

// TestRoutesAgree checks that the standalone driver reports what go vet
// reports with locklint as its tool, report for report (pass, position,
// message), on testdata/vetmod and on the passes' testdata; and that the
// standalone text and JSON outputs agree.
func TestRoutesAgree(t *testing.T) {
	if testing.Short() {
		t.Skip("builds locklint and runs go vet: skipped with -short")
	}
	bin := buildLocklint(t)
	gopath, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	require.NoError(t, err)
	for _, tc := range []struct {
		name     string
		dir      string
		env      []string
		patterns []string
		min      int // reports at least
	}{
		{"vetmod", copyVetmod(t), []string{"GOFLAGS=-mod=mod", "GOWORK=off", "GOPROXY=off", "GOTOOLCHAIN=local"}, []string{"./..."}, 2},
		{"passes", gopath, []string{"GO111MODULE=off", "GOPATH=" + gopath, "GOFLAGS=", "GOTOOLCHAIN=local"}, []string{"condwait/...", "doubleacquire/...", "lockorder/...", "unreleased/..."}, 100},
	} {
		t.Run(tc.name, func(t *testing.T) {
			vetOut, vetErr, _ := runEnv(t, tc.dir, tc.env, "go", append([]string{"vet", "-vettool=" + bin, "-json"}, tc.patterns...)...)
			vet := jsonReports(t, vetOut+vetErr)
			jsonOut, _, _ := runEnv(t, tc.dir, tc.env, bin, append([]string{"-json"}, tc.patterns...)...)
			standalone := jsonReports(t, jsonOut)
			_, textOut, _ := runEnv(t, tc.dir, tc.env, bin, tc.patterns...)
			text := textReports(textOut)

			assert.GreaterOrEqual(t, len(vet), tc.min)
			assert.Equal(t, vet, standalone, "go vet and the standalone driver")
			assert.Equal(t, standalone, text, "-json and text")
		})
	}
}

// jsonReports returns the reports of the JSON trees in out (one, or one
// per package as go vet prints them), as sorted "pass posn: message"s,
// each once (a package and its test variant repeat them). It fails on an
// "error" entry.
func jsonReports(t *testing.T, out string) []string {
	t.Helper()
	var reports []string
	for i := 0; ; {
		// go vet prints a "# pkg" line before each package's tree.
		j := strings.Index(out[i:], "{")
		if j < 0 {
			break
		}
		dec := json.NewDecoder(strings.NewReader(out[i+j:]))
		var tree map[string]map[string]json.RawMessage
		require.NoError(t, dec.Decode(&tree))
		i += j + int(dec.InputOffset())
		for pkg, byPass := range tree {
			for pass, raw := range byPass {
				var diags []struct{ Posn, Message string }
				if !assert.NoError(t, json.Unmarshal(raw, &diags), "%s: %s: %s", pkg, pass, raw) {
					continue
				}
				for _, d := range diags {
					reports = append(reports, fmt.Sprintf("%s %s: %s", pass, d.Posn, d.Message))
				}
			}
		}
	}
	slices.Sort(reports)
	return slices.Compact(reports)
}

// textRE matches a report's line in text: position, message, (pass).
var textRE = regexp.MustCompile(`(?m)^(\S+\.go:\d+:\d+): ([^\t].*) \((\w+)\)$`)

// textReports returns the reports of text output as jsonReports does.
func textReports(out string) []string {
	var reports []string
	for _, m := range textRE.FindAllStringSubmatch(out, -1) {
		reports = append(reports, fmt.Sprintf("%s %s: %s", m[3], m[1], m[2]))
	}
	slices.Sort(reports)
	return slices.Compact(reports)
}
