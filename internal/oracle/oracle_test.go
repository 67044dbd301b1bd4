package oracle

import (
	"flag"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/locklint/locklint/internal/driver"
)

// The differential test of issue 13 (see the package comment for the
// generator's features, the oracle's bounds and its conventions).
//
//	go test ./internal/oracle                     # the CI set: seeds 1..600
//	go test ./internal/oracle -run TestOracle -oracle.seeds=10000 -oracle.start=100000
//	go test ./internal/oracle -run '^$' -fuzz FuzzOracle   # as long as you like
//
// A disagreement between locklint and the oracle that no finding
// (findings.go) explains fails the test, with the seed, the program
// numbered, locklint's reports and the program shrunk to the smallest
// that still shows it: an engine bug to report (and then to add to the
// findings, with its case, by TestRecord).
var (
	seeds    = flag.Int("oracle.seeds", 600, "number of generated programs TestOracle checks")
	start    = flag.Uint64("oracle.start", 1, "first seed of TestOracle")
	features = flag.String("oracle.features", "", "comma-separated generator features to turn off in TestOracle (e.g. Loops,GuardedHelpers)")
	record   = flag.String("oracle.record", "", "TestRecord: write the regression case of this finding (searching seeds from -oracle.start)")
)

// slow is how long one seed may take before TestOracle says so.
const slow = time.Second

// featuresOff returns AllFeatures with the named ones turned off.
func featuresOff(t testing.TB, names string) Features {
	f := AllFeatures
	for _, n := range strings.Split(names, ",") {
		switch n {
		case "":
		case "RWMutex":
			f.RWMutex = false
		case "TryLock":
			f.TryLock = false
		case "Flags":
			f.Flags = false
		case "Fields":
			f.Fields = false
		case "Loops":
			f.Loops = false
		case "LoopsByN":
			f.LoopsByN = false
		case "Defers":
			f.Defers = false
		case "Panics":
			f.Panics = false
		case "Helpers":
			f.Helpers = false
		case "GuardedHelpers":
			f.GuardedHelpers = false
		default:
			t.Fatalf("unknown feature %q", n)
		}
	}
	return f
}

// tally counts what a run saw.
type tally struct {
	mu            sync.Mutex
	programs      int
	disagreeing   int              // programs with a disagreement
	disagreements int              // all disagreements
	byLabel       map[string]int   // explained ones, by explanation
	unexplained   map[int][]string // failure reports, by seed index
}

func (t *tally) String() string {
	labels := make([]string, 0, len(t.byLabel))
	for l := range t.byLabel {
		labels = append(labels, l)
	}
	sort.Strings(labels)
	var b strings.Builder
	fmt.Fprintf(&b, "%d programs, %d with disagreements; %d disagreements, %d unexplained", t.programs, t.disagreeing, t.disagreements, len(t.unexplained))
	for _, l := range labels {
		fmt.Fprintf(&b, "\n  %6d  %s", t.byLabel[l], l)
	}
	return b.String()
}

// checkSeed runs one seed and records it in tl.
func checkSeed(t testing.TB, seed uint64, f Features, tl *tally) {
	begin := time.Now()
	defer func() {
		if d := time.Since(begin); d > slow {
			t.Logf("seed %d took %v", seed, d.Round(time.Millisecond))
		}
	}()
	p, err := Generate(seed, f)
	if err != nil {
		t.Error(err)
		return
	}
	o, err := Run(p)
	if err != nil {
		t.Errorf("seed %d: %v", seed, err)
		return
	}
	tl.mu.Lock()
	tl.programs++
	if len(o.Disagreements) > 0 {
		tl.disagreeing++
	}
	tl.disagreements += len(o.Disagreements)
	for _, l := range o.Labels {
		if l != "" {
			tl.byLabel[l]++
		}
	}
	tl.mu.Unlock()
	if len(o.Unexplained()) == 0 {
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "seed %d (features %+v): locklint and the oracle disagree:\n%s", seed, f, o.Report())
	for _, d := range o.Unexplained() {
		s := ShrinkTo(p, Signature{d.Pass, d.Missing, ""})
		so, err := Run(s)
		if err == nil {
			fmt.Fprintf(&b, "shrunk, for %v:\n%s", d, so.Report())
		}
		break // one shrink is enough to start from
	}
	tl.mu.Lock()
	tl.unexplained[int(seed)] = append(tl.unexplained[int(seed)], b.String())
	tl.mu.Unlock()
}

// TestOracle checks -oracle.seeds generated programs from -oracle.start,
// on GOMAXPROCS workers.
func TestOracle(t *testing.T) {
	f := featuresOff(t, *features)
	tl := &tally{byLabel: map[string]int{}, unexplained: map[int][]string{}}
	work := make(chan uint64)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for seed := range work {
				checkSeed(t, seed, f, tl)
			}
		})
	}
	for i := range uint64(*seeds) {
		work <- *start + i
	}
	close(work)
	wg.Wait()
	t.Log(tl)
	var failed []int
	for seed := range tl.unexplained {
		failed = append(failed, seed)
	}
	slices.Sort(failed)
	for _, seed := range failed {
		t.Error(strings.Join(tl.unexplained[seed], "\n"))
	}
}

// FuzzOracle is TestOracle for long runs: the fuzzer picks the seed and
// the features to turn off (bits of off, in the order of Features).
func FuzzOracle(f *testing.F) {
	for i := range uint64(8) {
		f.Add(i, uint16(0))
	}
	f.Add(uint64(1), uint16(1<<4)) // no loops
	f.Fuzz(func(t *testing.T, seed uint64, off uint16) {
		ft := AllFeatures
		bits := []*bool{&ft.RWMutex, &ft.TryLock, &ft.Flags, &ft.Fields, &ft.Loops, &ft.LoopsByN, &ft.Defers, &ft.Panics, &ft.Helpers, &ft.GuardedHelpers}
		for i, b := range bits {
			if off&(1<<i) != 0 {
				*b = false
			}
		}
		tl := &tally{byLabel: map[string]int{}, unexplained: map[int][]string{}}
		checkSeed(t, seed, ft, tl)
		for _, r := range tl.unexplained {
			t.Error(strings.Join(r, "\n"))
		}
	})
}

// TestGenerateDeterministic: a seed always gives the same program.
func TestGenerateDeterministic(t *testing.T) {
	for seed := range uint64(50) {
		a, err := Generate(seed, AllFeatures)
		require.NoError(t, err)
		b, err := Generate(seed, AllFeatures)
		require.NoError(t, err)
		assert.Equal(t, a.Source("p"), b.Source("p"), "seed %d", seed)
	}
}

// TestGeneratedCompile: every generated program type-checks, and every
// spelling of it (Style) keeps its statements on their lines.
func TestGeneratedCompile(t *testing.T) {
	for seed := range uint64(200) {
		p, err := Generate(seed, AllFeatures)
		require.NoError(t, err)
		src := p.Source("p")
		_, err = Check(src)
		require.NoError(t, err, "seed %d:\n%s", seed, numbered(src))
		lines := lineMap(p)
		for _, st := range []Style{{TryBranch: true}, {NopInTry: true}} {
			alt := p.SourceStyle("p", st)
			_, err := Check(alt)
			require.NoError(t, err, "seed %d, %+v:\n%s", seed, st, numbered(alt))
			assert.Equal(t, lines, lineMap(p), "seed %d, %+v: lines moved", seed, st)
		}
	}
}

func lineMap(p *Program) []int {
	var out []int
	walk(p.Body, func(s Stmt) { out = append(out, s.line()) })
	return append(out, p.EndLine())
}

// caseDir is the directory of the oracle's regression cases.
func caseDir(t testing.TB) string {
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata", "src", "oracle"))
	require.NoError(t, err)
	return dir
}

// caseName is the directory (and package) name of a finding's case.
func caseName(finding string) string { return strings.ReplaceAll(finding, "-", "_") }

// TestFindings: every explanation is a finding, and every finding has a
// regression case naming it.
func TestFindings(t *testing.T) {
	var names []string
	for _, x := range append(slices.Clone(Explanations), Matches...) {
		names = append(names, x.Name)
	}
	var listed []string
	for _, f := range Findings {
		if !f.Fixed || slices.Contains(names, f.Name) {
			listed = append(listed, f.Name) // a fixed finding's explanation may go
		}
		assert.NotEmpty(t, f.Summary, f.Name)
		src, err := os.ReadFile(filepath.Join(caseDir(t), caseName(f.Name), caseName(f.Name)+".go"))
		if assert.NoError(t, err, "finding %s has no regression case: record it with -run TestRecord -oracle.record=%s", f.Name, f.Name) {
			assert.Equal(t, f.Name, caseFinding(string(src)), "the case of %s names another finding", f.Name)
		}
	}
	assert.Equal(t, names, listed, "Findings (open ones, and fixed ones whose explanation is kept) and Explanations+Matches must list the same names in the same order")
	entries, err := os.ReadDir(caseDir(t))
	require.NoError(t, err)
	for _, e := range entries {
		_, ok := finding(strings.ReplaceAll(e.Name(), "_", "-"))
		assert.True(t, ok, "testdata/src/oracle/%s is the case of no finding", e.Name())
	}
}

// caseFinding returns the finding a case's header names: its line
// "// Finding: <name>".
func caseFinding(src string) string {
	for _, l := range strings.Split(src, "\n") {
		if name, ok := strings.CutPrefix(l, "// Finding: "); ok {
			return strings.TrimSpace(name)
		}
	}
	return ""
}

// annotations reads the // want: and // maybe: comments of a case.
func annotations(src string) *Expectation {
	e := &Expectation{Want: map[Key]string{}, Maybe: map[Key]string{}}
	for i, l := range strings.Split(src, "\n") {
		_, c, ok := strings.Cut(l, "// ")
		if !ok || strings.HasPrefix(strings.TrimSpace(l), "//") {
			continue
		}
		for _, part := range strings.Split(c, ";") {
			word, passes, ok := strings.Cut(strings.TrimSpace(part), ":")
			if !ok {
				continue
			}
			m := map[string]map[Key]string{"want": e.Want, "maybe": e.Maybe}[word]
			for _, pass := range strings.Fields(passes) {
				if m != nil {
					m[Key{pass, i + 1}] = "annotated"
				}
			}
		}
	}
	return e
}

// TestRegressions runs the passes on each finding's case and compares
// their reports with its annotations (the oracle's verdict when it was
// recorded). An open finding's case must still disagree: it is skipped,
// naming the finding; a fixed one's must agree.
func TestRegressions(t *testing.T) {
	for _, f := range Findings {
		t.Run(f.Name, func(t *testing.T) {
			name := caseName(f.Name)
			src, err := os.ReadFile(filepath.Join(caseDir(t), name, name+".go"))
			require.NoError(t, err)
			diags, err := Check(string(src))
			require.NoError(t, err)
			ds := Compare(annotations(string(src)), diags)
			switch {
			case f.Fixed:
				assert.Empty(t, ds, "fixed finding %s disagrees again", f.Name)
			case len(ds) == 0:
				t.Errorf("open finding %s no longer disagrees on its case: if the engine is fixed, set Fixed in findings.go (and drop its explanation once no run needs it)", f.Name)
			default:
				kind := "engine bug"
				if f.Documented != "" {
					kind = "documented in lockstate/doc.go (" + f.Documented + ")"
				}
				t.Skipf("known, %s: %s %v", kind, f.Summary, ds)
			}
		})
	}
}

// TestRecord writes the regression case of finding -oracle.record: the
// first program from -oracle.start on with a disagreement explained by
// that finding (alone, or with others), shrunk.
func TestRecord(t *testing.T) {
	if *record == "" {
		t.Skip("no -oracle.record")
	}
	f, ok := finding(*record)
	require.True(t, ok, "no finding %q", *record)
	ft := featuresOff(t, *features)
	for seed := *start; seed < *start+100000; seed++ {
		p, err := Generate(seed, ft)
		if err != nil {
			continue
		}
		o, err := Run(p)
		require.NoError(t, err)
		for i, d := range o.Disagreements {
			if !slices.Contains(strings.Split(o.Labels[i], "+"), f.Name) {
				continue
			}
			if o.Labels[i] == f.Name && !onlyBy(t, p, d, f.Name) {
				continue // another finding explains it too: not a case of this one
			}
			sig := Signature{d.Pass, d.Missing, o.Labels[i]}
			s := Shrink(p, func(c *Program) bool {
				co, err := Run(c)
				if err != nil || co.Expect.Rejected != "" {
					return false
				}
				for j, cd := range co.Disagreements {
					if cd.Pass == sig.Pass && cd.Missing == sig.Missing && co.Labels[j] == sig.Label && (sig.Label != f.Name || onlyBy(t, c, cd, f.Name)) {
						return true
					}
				}
				return false
			})
			so, err := Run(s)
			require.NoError(t, err)
			name := caseName(f.Name)
			makeHeader := func(diags []Diagnostic) []string {
				h := []string{
					"Package " + name + " is a regression case of the locklint oracle",
					"(internal/oracle), shrunk from the program of seed " + fmt.Sprint(seed) + offText(*features) + ". The // want",
					"and // maybe comments are the oracle's verdict; locklint departs from",
					"it as the finding says (findings.go), which TestRegressions checks.",
					"",
					"Finding: " + f.Name,
				}
				if o.Labels[i] != f.Name {
					h = append(h, "(with "+o.Labels[i]+")")
				}
				h = append(h, wrap(f.Summary, 68)...)
				h = append(h, "", "locklint reports, when recorded:")
				for _, d := range diags {
					h = append(h, fmt.Sprintf("  line %d: %s: %s", d.Line, d.Pass, d.Message))
				}
				if len(diags) == 0 {
					h = append(h, "  nothing")
				}
				return h
			}
			// Twice: the header's length moves the lines it lists.
			header := makeHeader(so.Diags)
			diags, err := Check(Annotated(s, name, header))
			require.NoError(t, err)
			require.Len(t, diags, len(so.Diags))
			header = makeHeader(diags)
			src := Annotated(s, name, header)
			formatted, err := format.Source([]byte(src))
			require.NoError(t, err)
			require.Equal(t, strings.Count(src, "\n"), strings.Count(string(formatted), "\n"), "gofmt moved lines:\n%s", formatted)
			dir := filepath.Join(caseDir(t), name)
			require.NoError(t, os.MkdirAll(dir, 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(dir, name+".go"), formatted, 0o644))
			t.Logf("wrote %s:\n%s", filepath.Join(dir, name+".go"), formatted)
			return
		}
	}
	t.Fatalf("no program from seed %d on shows finding %s alone", *start, f.Name)
}

// onlyBy reports whether d on p is explained by the finding name and by
// no other single one.
func onlyBy(t testing.TB, p *Program, d Disagreement, name string) bool {
	singles, err := Singles(p, d)
	require.NoError(t, err)
	return slices.Equal(singles, []string{name})
}

func offText(features string) string {
	if features == "" {
		return ""
	}
	return " (features off: " + features + ")"
}

// wrap splits text into lines of at most n bytes.
func wrap(text string, n int) []string {
	var out []string
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && len(line)+1+len(w) > n {
			out = append(out, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	return append(out, line)
}

// TestDriverAgrees checks the in-process run against locklint's own
// driver (internal/driver, as the CLI runs it, with the standard
// library analysed for facts): on generated programs, each a package of
// a temporary module, both give the same reports.
func TestDriverAgrees(t *testing.T) {
	if testing.Short() {
		t.Skip("loads packages with the go command")
	}
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/oraclemod\n\ngo 1.26\n"), 0o644))
	want := make(map[string][]string) // by package name
	for seed := range uint64(40) {
		p, err := Generate(seed, AllFeatures)
		require.NoError(t, err)
		name := fmt.Sprintf("p%d", seed)
		src := p.Source(name)
		require.NoError(t, os.MkdirAll(filepath.Join(dir, name), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, name, name+".go"), []byte(src), 0o644))
		diags, err := Check(src)
		require.NoError(t, err)
		for _, d := range diags {
			want[name] = append(want[name], fmt.Sprintf("%d: %s: %s", d.Line, d.Pass, d.Message))
		}
	}
	res, err := driver.Run(driver.Config{Dir: dir, Env: append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "GOPROXY=off", "GOTOOLCHAIN=local")}, Analyzers, "./...")
	require.NoError(t, err)
	require.Empty(t, res.Errors())
	got := make(map[string][]string)
	for _, pkg := range res.Roots() {
		for _, a := range pkg.Actions {
			require.NoError(t, a.Err)
			for _, d := range a.Diagnostics {
				got[pkg.Name] = append(got[pkg.Name], fmt.Sprintf("%d: %s: %s", d.Pos.Line, a.Analyzer.Name, d.Message))
			}
		}
	}
	for name := range got {
		sort.Strings(got[name])
	}
	n := 0
	for name := range want {
		sort.Strings(want[name])
		n += len(want[name])
	}
	assert.Equal(t, want, got)
	assert.Greater(t, n, 20, "too few reports to compare")
	t.Logf("%d reports in %d packages agree", n, len(want))
}
