package golangciplugin

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The golangci-lint the end-to-end test builds, and docs/golangci-lint.md
// names (TestDocs checks). v2.15.0 requires golang.org/x/tools v0.52.0,
// x/mod v0.42.0 and x/sync v0.24.0, locklint's own versions, so the
// merged build runs locklint on the x/tools it is tested with.
const (
	gclModule  = "github.com/golangci/golangci-lint/v2"
	gclVersion = "v2.15.0"
)

// requiredEnv, set to 1 (as CI does), turns the end-to-end test's
// environment skips (vendoring, no module proxy) into failures, so that a
// green run cannot hide that it did not run.
const requiredEnv = "LOCKLINT_E2E_REQUIRED"

// The messages of the two bugs in testdata/golangci, as golangci-lint
// words them: the pass's name, then locklint's message.
const (
	wantDouble = "doubleacquire: c.mu is already held; c.Reset locks it again, so the call blocks forever"
	wantLeak   = "unreleased: q.mu is still locked after this return, but other paths unlock it"
)

// TestGolangciLintE2E builds a custom golangci-lint with this plugin the
// way `golangci-lint custom` does, minus its git clone (see
// docs/golangci-lint.md): a module requiring golangci-lint at gclVersion
// and locklint replaced by this checkout, whose package main is
// golangci-lint's cmd/golangci-lint/main.go plus the plugins.go that
// `custom` generates, a blank import of this package. It runs the binary
// on the module testdata/golangci, with its .golangci.yml and with
// variants of the passes setting, and checks the issues (position,
// linter, text) and the exit codes.
//
// The binary is rebuilt in a temporary directory on every run; the go
// build cache makes a warm rebuild a link step of a few seconds.
func TestGolangciLintE2E(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a custom golangci-lint: skipped with -short")
	}
	skip := t.Skipf
	if os.Getenv(requiredEnv) == "1" {
		skip = t.Fatalf
	}
	if goflags := os.Getenv("GOFLAGS"); slices.Contains(strings.Fields(goflags), "-mod=vendor") {
		skip("GOFLAGS=%q: building golangci-lint needs the module cache or proxy, not a vendor directory", goflags)
	}
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	tmp := t.TempDir()
	buildEnv := append(os.Environ(), "GOWORK=off", "GOTOOLCHAIN=local")

	// golangci-lint's source, for its main.go: in the module cache, or
	// through the proxy.
	start := time.Now()
	dl := exec.Command("go", "mod", "download", "-json", gclModule+"@"+gclVersion)
	dl.Dir, dl.Env = tmp, buildEnv
	out, err := dl.Output()
	var mod struct{ Dir, Error string }
	if jerr := json.Unmarshal(out, &mod); err != nil || jerr != nil || mod.Dir == "" {
		skip("%s@%s is not in the module cache and cannot be downloaded (is the module proxy reachable? GOPROXY=%s): %v %s",
			gclModule, gclVersion, goEnv("GOPROXY"), err, mod.Error)
	}

	bin := buildCustomGCL(t, tmp, root, mod.Dir, buildEnv)
	t.Logf("built golangci-lint %s with the locklint plugin in %s (downloads included)", gclVersion, time.Since(start).Round(100*time.Millisecond))

	out, err = exec.Command(bin, "version").CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Contains(t, string(out), strings.TrimPrefix(gclVersion, "v"))

	src := filepath.Join(tmp, "gcltest")
	require.NoError(t, os.CopyFS(src, os.DirFS(filepath.Join(root, "testdata", "golangci"))))
	// Issue positions, found by the marker comments in the sources.
	at := func(file, marker string) string {
		data, err := os.ReadFile(filepath.Join(src, file))
		require.NoError(t, err)
		return fmt.Sprintf("%s:%d", file, lineOf(t, data, marker))
	}
	double := at("double.go", "// want doubleacquire")
	doubleFirst := at("double.go", "// related: acquired here")
	doubleAgain := at("double.go", "// related: locked again here")
	leak := at("leak.go", "// want unreleased")
	leakLock := at("leak.go", "// related: locked here")

	// One analysis cache for every run: a run with other settings must
	// not be served the issues cached by an earlier one.
	runEnv := append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "GOPROXY=off", "GOTOOLCHAIN=local",
		"GOLANGCI_LINT_CACHE="+filepath.Join(tmp, "gcl-cache"))
	run := func(t *testing.T, config string) (issues []issue, stderr string, code int) {
		t.Helper()
		args := []string{"run", "--output.json.path=stdout", "--show-stats=false"}
		if config != "" {
			// In the module's directory: golangci-lint reports paths
			// relative to the configuration file's.
			path := filepath.Join(src, strings.ReplaceAll(t.Name(), "/", "-")+".golangci.yml")
			require.NoError(t, os.WriteFile(path, []byte(config), 0o644))
			args = append(args, "--config="+path)
		}
		args = append(args, "./...")
		cmd := exec.Command(bin, args...)
		cmd.Dir, cmd.Env = src, runEnv
		var o, e bytes.Buffer
		cmd.Stdout, cmd.Stderr = &o, &e
		err := cmd.Run()
		var exit *exec.ExitError
		switch {
		case err == nil:
		case errors.As(err, &exit):
			code = exit.ExitCode()
		default:
			t.Fatalf("golangci-lint %s: %v", strings.Join(args, " "), err)
		}
		t.Logf("golangci-lint %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, o.String(), e.String())
		if code <= 1 { // 0: no issues, 1: issues; otherwise there is no report
			var res struct {
				Issues []issue
				Report struct{ Error string }
			}
			require.NoError(t, json.Unmarshal(o.Bytes(), &res), "golangci-lint's JSON output")
			assert.Empty(t, res.Report.Error)
			issues = res.Issues
		}
		return issues, e.String(), code
	}

	t.Run("every pass", func(t *testing.T) {
		// testdata/golangci/.golangci.yml: locklint with no settings.
		issues, _, code := run(t, "")
		assert.Equal(t, 1, code, "exit 1: issues found")
		assert.ElementsMatch(t, []string{
			doubleFirst + " doubleacquire(related information): c.mu acquired here",
			double + " " + wantDouble,
			doubleAgain + " doubleacquire(related information): and locked again here",
			leakLock + " unreleased(related information): q.mu locked here",
			leak + " " + wantLeak,
		}, summarize(issues))
		for _, is := range issues {
			assert.Equal(t, Name, is.FromLinter, "%s:%d", is.Pos.Filename, is.Pos.Line)
			assert.NotEqual(t, "ok.go", is.Pos.Filename, "ok.go is correct")
			assert.NotEqual(t, "silenced.go", is.Pos.Filename, "silenced.go's bugs are silenced")
		}
	})

	t.Run("suppressed", func(t *testing.T) {
		// silenced.go's two early returns with the lock held: one
		// silenced by //locklint:ignore unreleased on its line, one by
		// //nolint:locklint on its function. Neither, nor its related
		// position, may be reported, with every pass or unreleased alone.
		for _, config := range []string{"", configWith("passes: [unreleased]")} {
			issues, _, code := run(t, config)
			assert.Equal(t, 1, code, "exit 1: the issues of leak.go (and double.go)")
			for _, is := range issues {
				assert.NotEqual(t, "silenced.go", is.Pos.Filename, "%s:%d: %s", is.Pos.Filename, is.Pos.Line, is.Text)
			}
		}
	})

	t.Run("passes setting", func(t *testing.T) {
		issues, _, code := run(t, configWith("passes: [unreleased]"))
		assert.Equal(t, 1, code, "exit 1: issues found")
		assert.ElementsMatch(t, []string{
			leakLock + " unreleased(related information): q.mu locked here",
			leak + " " + wantLeak,
		}, summarize(issues))
	})

	t.Run("clean", func(t *testing.T) {
		// The two passes that have nothing to report here.
		issues, _, code := run(t, configWith("passes: [condwait, lockorder]"))
		assert.Equal(t, 0, code, "exit 0: no issues")
		assert.Empty(t, issues)
	})

	t.Run("unknown pass", func(t *testing.T) {
		_, stderr, code := run(t, configWith("passes: [doubleacquire, deadlock]"))
		assert.Equal(t, 3, code, "exit 3: golangci-lint's failure code")
		assert.Contains(t, stderr, `plugin(locklint)`)
		assert.Contains(t, stderr, `unknown pass "deadlock" in passes`)
	})
}

// buildCustomGCL builds, in dir/custom-gcl, golangci-lint with this
// plugin, as `golangci-lint custom` would from a .custom-gcl.yml naming
// gclVersion and this package with path: root. gclDir is golangci-lint's
// source in the module cache. It returns the binary's path.
func buildCustomGCL(t *testing.T, dir, root, gclDir string, env []string) string {
	t.Helper()
	mod := filepath.Join(dir, "custom-gcl")
	require.NoError(t, os.Mkdir(mod, 0o755))
	write := func(name, content string) {
		require.NoError(t, os.WriteFile(filepath.Join(mod, name), []byte(content), 0o644))
	}
	// golangci-lint's own main, unchanged, as `custom` builds it.
	main, err := os.ReadFile(filepath.Join(gclDir, "cmd", "golangci-lint", "main.go"))
	require.NoError(t, err, "golangci-lint's main.go moved: update the end-to-end test")
	write("main.go", string(main))
	// What `custom` writes over cmd/golangci-lint/plugins.go
	// (pkg/commands/internal/imports.go).
	plugins, err := format.Source([]byte("package main\n\nimport (\n\t_ \"" + importPath + "\"\n)\n"))
	require.NoError(t, err)
	write("plugins.go", string(plugins))
	write("go.mod", fmt.Sprintf(`module locklint.test/custom-gcl

go 1.26

require (
	%s %s
	%s v0.0.0
)

replace %[3]s => %[4]s
`, gclModule, gclVersion, modulePath, root))

	bin := filepath.Join(dir, "custom-gcl-bin")
	for _, args := range [][]string{
		{"mod", "tidy"},
		// custom's flags, with a fixed version and date. No -trimpath:
		// without it the packages compiled for the rest of the tests
		// (std, x/tools) are reused from the build cache.
		{"build", "-ldflags=-s -w -X main.version=" + gclVersion + "-custom-gcl-locklint -X main.date=e2e", "-o", bin, "."},
	} {
		start := time.Now()
		cmd := exec.Command("go", args...)
		cmd.Dir, cmd.Env = mod, env
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "go %s: %s", strings.Join(args, " "), out)
		t.Logf("go %s: %s", args[0]+" "+args[1], time.Since(start).Round(100*time.Millisecond))
	}
	return bin
}

// The module and import path of the plugin, as .custom-gcl.yml names
// them.
const (
	modulePath = "github.com/locklint/locklint"
	importPath = modulePath + "/plugin/golangci"
)

// configWith returns a .golangci.yml enabling locklint alone with the
// given line under its settings.
func configWith(setting string) string {
	return `version: "2"
linters:
  default: none
  enable: [locklint]
  settings:
    custom:
      locklint:
        type: module
        settings:
          ` + setting + `
issues:
  max-issues-per-linter: 0
  max-same-issues: 0
`
}

// issue is the part of golangci-lint's JSON issue the test reads.
type issue struct {
	FromLinter string
	Text       string
	Pos        struct {
		Filename string
		Line     int
	}
}

// summarize returns "file:line text" for each issue, its text cut to
// wantDouble or wantLeak when it starts with one (the rest is locklint's
// advice).
func summarize(issues []issue) []string {
	var s []string
	for _, is := range issues {
		text := is.Text
		for _, want := range []string{wantDouble, wantLeak} {
			if strings.HasPrefix(text, want) {
				text = want
			}
		}
		s = append(s, fmt.Sprintf("%s:%d %s", is.Pos.Filename, is.Pos.Line, text))
	}
	return s
}

// lineOf returns the 1-based line of the only occurrence of s in src.
func lineOf(t *testing.T, src []byte, s string) int {
	t.Helper()
	require.Equal(t, 1, bytes.Count(src, []byte(s)), "want exactly one %q", s)
	i := bytes.Index(src, []byte(s))
	return bytes.Count(src[:i], []byte("\n")) + 1
}

func goEnv(name string) string {
	out, err := exec.Command("go", "env", name).Output()
	if err != nil {
		return "?"
	}
	return strings.TrimSpace(string(out))
}
