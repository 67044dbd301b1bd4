package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/locklint/locklint/internal/lockstate"
	"github.com/locklint/locklint/passes/doubleacquire"
)

// TestRegisterEngineFlags checks that every engine flag is offered as
// -lockstate.<name> and shares the engine's flag.Value.
// TestTuneVetGC checks that a go vet process raises its GC target, unless
// the user set GOGC.
func TestTuneVetGC(t *testing.T) {
	prev := debug.SetGCPercent(100)
	defer debug.SetGCPercent(prev)
	tuneVetGC(func(string) string { return "50" })
	assert.Equal(t, 100, debug.SetGCPercent(100), "GOGC set: left alone")
	tuneVetGC(func(string) string { return "" })
	assert.Equal(t, vetGCPercent, debug.SetGCPercent(100), "GOGC unset: raised")
}

func TestRegisterEngineFlags(t *testing.T) {
	fs := flag.NewFlagSet("locklint", flag.ContinueOnError)
	registerEngineFlags(fs)
	n := 0
	lockstate.Analyzer.Flags.VisitAll(func(f *flag.Flag) {
		n++
		g := fs.Lookup("lockstate." + f.Name)
		if assert.NotNil(t, g, "-lockstate.%s not registered", f.Name) {
			assert.Same(t, f.Value, g.Value)
		}
	})
	fs.VisitAll(func(*flag.Flag) { n-- })
	assert.Zero(t, n, "registerEngineFlags must register exactly the engine's flags")
}

// The message the cross-package double acquire in testdata/vetmod must
// produce, up to the explanation that follows it.
const wantMessage = "registry.Mu is already held; registry.Register locks it again"

// The message of the lock-order cycle in testdata/vetmod: left.Reload and
// right.Evict take locks.ConfigMu and locks.CacheMu in opposite orders,
// and neither package imports the other, so only package both, importing
// the two, sees the cycle, through their facts. It is reported at both's
// import of left.
const wantCycle = "lock order cycle across imported packages: right.Evict takes locks.CacheMu then locks.ConfigMu; left.Reload takes locks.ConfigMu then locks.CacheMu: goroutines in these functions can deadlock; take the locks in one order everywhere"

// TestVettool builds locklint and runs it the ways it ships (under go vet
// and standalone) on the module testdata/vetmod, in which
// loader.LoadAll holds registry.Mu while calling registry.Register, which
// locks it again, and in which package both imports the two halves of a
// lock-order cycle (see wantCycle). It checks the exit codes and the
// reports, that go vet, one package at a time, and the standalone
// whole-program run report the same cycle at the same place, and that
// both report nothing in package suppressed, whose two double acquires
// are silenced by //locklint:ignore directives.
func TestVettool(t *testing.T) {
	if testing.Short() {
		t.Skip("builds locklint and runs go vet: skipped with -short")
	}
	bin := buildLocklint(t)
	mod := copyVetmod(t)
	src, err := os.ReadFile(filepath.Join(mod, "loader", "loader.go"))
	require.NoError(t, err)
	line := lineOf(t, src, "registry.Register(n)")
	// The correct call in LoadOne, which must not be reported.
	okLine := lineOf(t, src, "registry.Register(name)")
	bothSrc, err := os.ReadFile(filepath.Join(mod, "both", "both.go"))
	require.NoError(t, err)
	cycleAt := fmt.Sprintf("both.go:%d:", lineOf(t, bothSrc, `"example.com/vetmod/left"`))

	run := func(t *testing.T, name string, args ...string) (stdout, stderr string, code int) {
		t.Helper()
		return runIn(t, mod, name, args...)
	}
	wantAt := fmt.Sprintf("loader.go:%d:", line)
	// checkText checks plain-text output: exactly two reports, the double
	// acquire at the call in LoadAll and the lock-order cycle at both's
	// import of left.
	checkText := func(t *testing.T, output string) {
		t.Helper()
		reports := primaryReports(output)
		assert.Len(t, reports, 2, "want exactly two reports")
		var double, cycle []string
		for _, r := range reports {
			switch {
			case strings.Contains(r, wantMessage):
				double = append(double, r)
			case strings.Contains(r, wantCycle):
				cycle = append(cycle, r)
			}
		}
		if assert.Len(t, double, 1, "want one double acquire report") {
			assert.Contains(t, double[0], wantAt)
		}
		if assert.Len(t, cycle, 1, "want one lock-order cycle report") {
			assert.Contains(t, cycle[0], cycleAt)
		}
		assert.NotContains(t, output, fmt.Sprintf("loader.go:%d:", okLine), "LoadOne is correct")
		assert.NotContains(t, output, "clean.go:", "package clean is correct")
		assert.NotContains(t, output, "suppressed.go:", "package suppressed's reports are silenced")
		for _, half := range []string{"left.go:", "right.go:", "locks.go:"} {
			assert.NotContains(t, output, half, "one half of a cycle is not reported on its own")
		}
	}

	t.Run("go vet", func(t *testing.T) {
		_, stderr, code := run(t, "go", "vet", "-vettool="+bin, "./...")
		assert.NotZero(t, code)
		checkText(t, stderr)
	})

	t.Run("standalone", func(t *testing.T) {
		stdout, stderr, code := run(t, bin, "./...")
		assert.Equal(t, exitFindings, code, "exit 3: findings")
		assert.Empty(t, stdout)
		checkText(t, stderr)
		// Each report names its pass last, for //locklint:ignore.
		for _, r := range primaryReports(stderr) {
			assert.Regexp(t, `: (registry\.Mu is already held.* \(doubleacquire\)|lock order cycle .* \(lockorder\))$`, r)
		}
	})

	t.Run("json", func(t *testing.T) {
		stdout, _, code := run(t, bin, "-json", "./...")
		assert.Equal(t, exitFindings, code, "-json exits as text does")
		// {package: {analyzer: [diagnostic] or {"error": ...}}}
		var tree map[string]map[string]json.RawMessage
		require.NoError(t, json.Unmarshal([]byte(stdout), &tree))
		var diags []struct {
			Posn    string `json:"posn"`
			Message string `json:"message"`
		}
		raw := tree["example.com/vetmod/loader"]["doubleacquire"]
		require.NotEmpty(t, raw, "no doubleacquire result for example.com/vetmod/loader")
		require.NoError(t, json.Unmarshal(raw, &diags))
		if assert.Len(t, diags, 1) {
			assert.Contains(t, diags[0].Posn, wantAt)
			assert.Contains(t, diags[0].Message, wantMessage)
		}
		raw = tree["example.com/vetmod/both"]["lockorder"]
		require.NotEmpty(t, raw, "no lockorder result for example.com/vetmod/both")
		diags = nil
		require.NoError(t, json.Unmarshal(raw, &diags))
		if assert.Len(t, diags, 1) {
			assert.Contains(t, diags[0].Posn, cycleAt)
			assert.Equal(t, wantCycle, diags[0].Message)
		}
		for pkg, results := range tree {
			for analyzer, r := range results {
				assert.False(t, bytes.HasPrefix(r, []byte("{")), "%s: %s failed: %s", pkg, analyzer, r)
			}
		}
	})

	t.Run("clean", func(t *testing.T) {
		stdout, stderr, code := run(t, bin, "./clean")
		assert.Equal(t, 0, code)
		assert.Empty(t, stdout)
		assert.Empty(t, stderr)
	})

	t.Run("suppressed", func(t *testing.T) {
		// Both drivers honour //locklint:ignore, on the line and in the
		// function's doc comment.
		_, stderr, code := run(t, "go", "vet", "-vettool="+bin, "./suppressed")
		assert.Zero(t, code)
		assert.Empty(t, primaryReports(stderr))
		stdout, stderr, code := run(t, bin, "./suppressed")
		assert.Zero(t, code)
		assert.Empty(t, stdout)
		assert.Empty(t, stderr)

		// Without the directives, in another copy, both bugs are
		// reported: the fixture's silence is the directives' doing.
		bare := copyVetmod(t)
		path := filepath.Join(bare, "suppressed", "suppressed.go")
		src, err := os.ReadFile(path)
		require.NoError(t, err)
		require.Equal(t, 2, bytes.Count(src, []byte("//locklint:ignore ")))
		require.NoError(t, os.WriteFile(path, bytes.ReplaceAll(src, []byte("//locklint:ignore "), []byte("// not a directive: ")), 0o644))
		for _, args := range [][]string{{"go", "vet", "-vettool=" + bin, "./suppressed"}, {bin, "./suppressed"}} {
			_, stderr, code := runIn(t, bare, args[0], args[1:]...)
			assert.NotZero(t, code)
			reports := primaryReports(stderr)
			assert.Len(t, reports, 2, "%s: want the two double acquires", args[0])
			for _, r := range reports {
				assert.Contains(t, r, "suppressed.go:")
				assert.Contains(t, r, "registry.Mu is already held; registry.Register locks it again")
			}
		}
	})

	t.Run("bad flag", func(t *testing.T) {
		_, stderr, code := run(t, bin, "-no-such-flag", "./...")
		assert.Equal(t, exitUsage, code)
		assert.Equal(t, "locklint: flag provided but not defined: -no-such-flag\nlocklint: run 'locklint help' for usage\n", stderr)
	})

	t.Run("load error", func(t *testing.T) {
		_, stderr, code := run(t, bin, "./does/not/exist")
		assert.Equal(t, exitFailed, code)
		assert.NotEmpty(t, stderr)
	})

	t.Run("help", func(t *testing.T) {
		stdout, _, code := run(t, bin, "help", "doubleacquire")
		assert.Equal(t, 0, code)
		assert.True(t, strings.HasPrefix(stdout, "doubleacquire: "), "help output starts %q", firstLine(stdout))
		assert.Contains(t, stdout, firstLine(doubleacquire.Analyzer.Doc))
		// The rest of the Doc follows verbatim.
		_, rest, _ := strings.Cut(doubleacquire.Analyzer.Doc, "\n\n")
		assert.Contains(t, stdout, rest)
	})

	t.Run("engine flags", func(t *testing.T) {
		// go vet learns the tool's flags from -flags, so the engine's
		// flags must be listed there to be usable under go vet.
		stdout, _, code := run(t, bin, "-flags")
		assert.Equal(t, 0, code)
		var flags []struct{ Name string }
		require.NoError(t, json.Unmarshal([]byte(stdout), &flags))
		listed := map[string]bool{}
		for _, f := range flags {
			listed[f.Name] = true
		}
		lockstate.Analyzer.Flags.VisitAll(func(f *flag.Flag) {
			assert.True(t, listed["lockstate."+f.Name], "-flags does not list lockstate.%s", f.Name)
		})
	})
}

var (
	buildOnce sync.Once
	binDir    string
	binErr    error
)

// TestMain removes the locklint binary that buildLocklint built.
func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// buildLocklint builds locklint once for all the tests of this run and
// returns the binary's path.
func buildLocklint(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		if binDir, binErr = os.MkdirTemp("", "locklint-test-"); binErr != nil {
			return
		}
		out, err := exec.Command("go", "build", "-o", filepath.Join(binDir, "locklint"), ".").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	require.NoError(t, binErr)
	return filepath.Join(binDir, "locklint")
}

// copyVetmod copies the module testdata/vetmod to a new temporary
// directory and returns the copy's path.
func copyVetmod(t *testing.T) string {
	t.Helper()
	mod := filepath.Join(t.TempDir(), "vetmod")
	require.NoError(t, os.CopyFS(mod, os.DirFS("../../testdata/vetmod")))
	return mod
}

// runIn runs the command name with args in dir, offline, and returns
// its output and exit code.
func runIn(t *testing.T, dir, name string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return runEnv(t, dir, []string{"GOFLAGS=-mod=mod", "GOWORK=off", "GOPROXY=off", "GOTOOLCHAIN=local"}, name, args...)
}

// runEnv runs the command name with args in dir, with env added to the
// environment, and returns its output and exit code.
func runEnv(t *testing.T, dir string, env []string, name string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		code = exit.ExitCode()
	default:
		t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	t.Logf("%s %s: exit %d\nstdout:\n%s\nstderr:\n%s", filepath.Base(name), strings.Join(args, " "), code, o.String(), e.String())
	return o.String(), e.String(), code
}

// reportRE matches a report's first line, "file:line:col: message"; the
// lines of its related positions have a tab after the position.
var reportRE = regexp.MustCompile(`(?m)^\S+\.go:\d+:\d+: [^\t].*$`)

func primaryReports(output string) []string {
	return reportRE.FindAllString(output, -1)
}

// lineOf returns the 1-based line of the only occurrence of s in src.
func lineOf(t *testing.T, src []byte, s string) int {
	t.Helper()
	require.Equal(t, 1, bytes.Count(src, []byte(s)), "want exactly one %q", s)
	i := bytes.Index(src, []byte(s))
	return bytes.Count(src[:i], []byte("\n")) + 1
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}
