package driver

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/locklint/locklint/analyzers"
)

// mod is the test module: a leaf a (with tests), b importing it, c
// importing b, broken (a type error), usesbroken and okbroken importing
// broken, boom (the facts analyzer panics on it) and afterboom importing
// it.
const mod = "testdata/mod"

const m = "example.com/m/"

// run runs the analyzers on patterns in the module dir.
func run(t *testing.T, dir string, cfg Config, as []*analysis.Analyzer, patterns ...string) *Result {
	t.Helper()
	cfg.Dir = dir
	cfg.Env = offline()
	res, err := Run(cfg, as, patterns...)
	require.NoError(t, err)
	return res
}

// offline is the environment of the tests' loads: no network, no
// workspace, this toolchain.
func offline() []string {
	return append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "GOPROXY=off", "GOTOOLCHAIN=local")
}

// diagnostics returns the messages of r's diagnostics by package ID and
// analyzer, "pkg analyzer: message".
func diagnostics(r *Result) []string {
	var out []string
	for _, p := range r.Packages {
		for _, a := range p.Actions {
			for _, d := range a.Diagnostics {
				out = append(out, fmt.Sprintf("%s %s: %s", p.ID, a.Analyzer.Name, d.Message))
			}
		}
	}
	return out
}

func pkg(r *Result, id string) *Package {
	for _, p := range r.Packages {
		if p.ID == id {
			return p
		}
	}
	return nil
}

func action(p *Package, name string) *Action {
	for _, a := range p.Actions {
		if a.Analyzer.Name == name {
			return a
		}
	}
	return nil
}

// TestRun checks a run over the whole module: what each package sees
// of its dependencies' facts (also the transitive ones), and that the
// errors of some packages (a type error, a panic) do not stop the rest.
func TestRun(t *testing.T) {
	rec := new(record)
	facts, plain := testAnalyzers(rec)
	res := run(t, mod, Config{}, []*analysis.Analyzer{facts, plain}, "./...")

	assert.Equal(t, []string{
		m + "a facts: " + fmt.Sprintf(msgSees, m+"a", ""),
		m + "afterboom facts: " + fmt.Sprintf(msgSees, m+"afterboom", ""),
		m + "b facts: " + fmt.Sprintf(msgSees, m+"b "+m+"a", "A"),
		m + "c facts: " + fmt.Sprintf(msgSees, m+"c "+m+"b "+m+"a", "B NewT T.M"),
		m + "okbroken facts: " + fmt.Sprintf(msgSees, m+"okbroken "+m+"a", ""),
	}, diagnostics(res))

	assert.False(t, res.Complete())
	broken := pkg(res, m+"broken")
	require.NotNil(t, broken)
	if assert.Len(t, broken.Errors, 1) {
		assert.Equal(t, packages.TypeError, broken.Errors[0].Kind)
		assert.Contains(t, broken.Errors[0].Msg, "undefinedType")
	}
	for _, a := range broken.Actions {
		assert.True(t, isSkip(a.Err), "%s on broken: %v", a.Analyzer.Name, a.Err)
	}
	uses := pkg(res, m+"usesbroken")
	require.NotNil(t, uses)
	assert.Empty(t, uses.Errors)
	assert.Equal(t, fmt.Sprintf(msgUsesInvalid, m+"broken"), uses.Skipped)

	boom := pkg(res, m+"boom")
	require.NotNil(t, boom)
	assert.ErrorContains(t, action(boom, "facts").Err, "panic: boom")
	assert.EqualError(t, action(boom, "plain").Err, fmt.Sprintf(msgFailedPrerequisites, "facts@"+m+"boom"))

	errs := trimDirs(res.Errors())
	if assert.Len(t, errs, 4) {
		assert.True(t, strings.HasPrefix(errs[0], "facts@"+m+"boom: panic: boom\n"), "the panic, with its stack: %s", errs[0])
		assert.Equal(t, []string{
			"plain@" + m + "boom: " + fmt.Sprintf(msgFailedPrerequisites, "facts@"+m+"boom"),
			m + "broken/broken.go:10:9: undefined: undefinedType",
			m + "usesbroken: not analysed: it uses declarations that did not type-check in " + m + "broken",
		}, errs[1:])
	}

	ran := []string{m + "a", m + "afterboom", m + "b", m + "c", m + "okbroken"}
	assert.Equal(t, ran, rec.on("plain"))
	assert.Equal(t, append(ran[:2:2], m+"b", m+"boom", m+"c", m+"okbroken"), rec.on("facts"))
}

// trimDirs strips the absolute directory of the module from errs.
func trimDirs(errs []string) []string {
	dir, _ := filepath.Abs(mod)
	out := make([]string, len(errs))
	for i, e := range errs {
		out[i] = strings.ReplaceAll(e, dir+string(filepath.Separator), m)
	}
	return out
}

// TestDependenciesFactsOnly checks that a dependency runs only the
// analyzers with facts (and what they require), and reports nothing.
func TestDependenciesFactsOnly(t *testing.T) {
	rec := new(record)
	_, plain := testAnalyzers(rec)
	res := run(t, mod, Config{}, []*analysis.Analyzer{plain}, "./c")
	assert.Equal(t, []string{m + "a", m + "b", m + "c"}, rec.on("facts"))
	assert.Equal(t, []string{m + "c"}, rec.on("plain"))
	assert.True(t, res.Complete())
	require.Len(t, res.Packages, 1)
	c := res.Packages[0]
	assert.True(t, c.Root)
	require.Len(t, c.Actions, 1, "only the analyzer given")
	assert.Same(t, plain, c.Actions[0].Analyzer)
	assert.Empty(t, diagnostics(res), "facts reports only when given")
	assert.Equal(t, 3, res.Loaded)
}

// TestTestVariants checks that the external test package imports the
// test variant of a, whose test-only function has a fact.
func TestTestVariants(t *testing.T) {
	rec := new(record)
	facts, _ := testAnalyzers(rec)
	res := run(t, mod, Config{Tests: true}, []*analysis.Analyzer{facts}, "./a")
	var roots []string
	for _, p := range res.Roots() {
		roots = append(roots, p.ID)
	}
	assert.Equal(t, []string{m + "a", m + "a [" + m + "a.test]", m + "a.test", m + "a_test [" + m + "a.test]"}, roots)
	assert.Contains(t, diagnostics(res), m+"a_test ["+m+"a.test] facts: "+fmt.Sprintf(msgSees, m+"a_test "+m+"a", "A OnlyInTest"))
}

// TestDependencyOrder checks that each package is done after all its
// imports.
func TestDependencyOrder(t *testing.T) {
	var (
		mu    sync.Mutex
		order []string
	)
	cfg := Config{Tests: true, Parallelism: 4, Progress: func(done, total int, pkg string) {
		mu.Lock()
		defer mu.Unlock()
		order = append(order, pkg)
		assert.Len(t, order, done)
	}}
	_, plain := testAnalyzers(new(record))
	res := run(t, "../../testdata/vetmod", cfg, []*analysis.Analyzer{plain}, "./...")
	require.Equal(t, res.Loaded, len(order))

	meta, err := packages.Load(&packages.Config{Mode: packages.NeedName | packages.NeedImports | packages.NeedDeps, Tests: true, Dir: "../../testdata/vetmod", Env: offline()}, "./...")
	require.NoError(t, err)
	pos := make(map[string]int)
	for i, id := range order {
		pos[id] = i
	}
	n := 0
	packages.Visit(meta, nil, func(p *packages.Package) {
		n++
		for _, imp := range p.Imports {
			assert.Less(t, pos[imp.ID], pos[p.ID], "%s is done before its import %s", p.ID, imp.ID)
		}
	})
	assert.Equal(t, n, len(order), "every package once")
}

// TestDeterministic checks that a run's result does not depend on the
// scheduling: the same under GOMAXPROCS=1 and 4 (one worker and four),
// run after run.
func TestDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("analyses sync and its dependencies several times: skipped with -short")
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var want string
	for i, procs := range []int{1, 4, 1, 4} {
		runtime.GOMAXPROCS(procs)
		res := run(t, "../../testdata/vetmod", Config{Tests: true}, analyzers.All, "./...")
		got := render(res)
		if i == 0 {
			want = got
			assert.Contains(t, got, "lock order cycle", "the run reports something")
			continue
		}
		assert.Equal(t, want, got, "run %d, GOMAXPROCS=%d", i, procs)
	}
}

// TestScheduleBounds: with no room for type-checks ahead of the
// analyses (each worker then checks a package only when none waits for
// its analysis) and with unbounded room, a run gives the same result.
func TestScheduleBounds(t *testing.T) {
	oldSource, oldLive := maxAheadSource, maxAheadLive
	defer func() { maxAheadSource, maxAheadLive = oldSource, oldLive }()
	var want string
	for i, bound := range []int{0, 1 << 40} {
		maxAheadSource, maxAheadLive = bound, uint64(bound)
		got := render(run(t, "../../testdata/vetmod", Config{Tests: true, Parallelism: 4}, analyzers.All, "./..."))
		if i == 0 {
			want = got
			continue
		}
		assert.Equal(t, want, got)
	}
}

// render prints everything in r.
func render(r *Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "loaded %d\n", r.Loaded)
	for _, p := range r.Packages {
		fmt.Fprintf(&b, "%s root=%v errors=%v skipped=%q files=%v\n", p.ID, p.Root, p.Errors, p.Skipped, p.Files)
		for _, a := range p.Actions {
			fmt.Fprintf(&b, "  %s err=%v\n", a.Analyzer.Name, a.Err)
			for _, d := range a.Diagnostics {
				fmt.Fprintf(&b, "    %+v\n", d)
			}
		}
	}
	return b.String()
}
