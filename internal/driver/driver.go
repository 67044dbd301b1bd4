package driver

import (
	"fmt"
	"go/token"
	"go/types"
	"runtime"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// A Config says what to load and how to run.
type Config struct {
	// Tests includes the packages' test files (test variants and test
	// packages), as go/packages' Config.Tests.
	Tests bool
	// BuildFlags are passed to the build system (go list), e.g. -tags.
	BuildFlags []string
	// Dir is the directory to load from; empty means the current one.
	Dir string
	// Env is the environment of the build system; nil means os.Environ.
	Env []string
	// Parallelism bounds the packages analysed at once; 0 means
	// GOMAXPROCS.
	Parallelism int
	// Progress, if not nil, is called after each package is done, with
	// the number done, the total and the package's ID. Calls may come
	// from several goroutines, but not at once.
	Progress func(done, total int, pkg string)
}

// loadMode is the metadata Run loads: no syntax, no types.
const loadMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedImports | packages.NeedDeps | packages.NeedModule | packages.NeedTypesSizes

// Message formats of Run's errors.
const (
	msgNoPackages = "%s matched no packages"
)

// Run loads the packages that patterns match and analyses them with
// analyzers (which must be valid, see analysis.Validate). It returns an
// error only when the packages cannot be listed at all; the errors of
// single packages are in the Result.
func Run(cfg Config, analyzers []*analysis.Analyzer, patterns ...string) (*Result, error) {
	if err := analysis.Validate(analyzers); err != nil {
		return nil, err
	}
	roots, err := packages.Load(&packages.Config{
		Mode:       loadMode,
		Tests:      cfg.Tests,
		BuildFlags: cfg.BuildFlags,
		Dir:        cfg.Dir,
		Env:        cfg.Env,
	}, patterns...)
	if err != nil {
		return nil, err
	}
	if len(roots) == 0 {
		return nil, fmt.Errorf(msgNoPackages, strings.Join(patterns, " "))
	}
	d := &driver{
		cfg:      cfg,
		fset:     token.NewFileSet(),
		byTypes:  make(map[*types.Package]*node),
		selected: make(map[*analysis.Analyzer]bool),
	}
	for _, a := range analyzers {
		d.selected[a] = true
	}
	d.nodes = buildGraph(roots, analyzers)
	parallelism := cfg.Parallelism
	if parallelism <= 0 {
		parallelism = runtime.GOMAXPROCS(0)
	}
	d.schedule(parallelism)
	return d.result(), nil
}

// A driver is one run.
type driver struct {
	cfg   Config
	fset  *token.FileSet // every file parsed, kept for positions
	nodes []*node        // dependencies before importers
	// selected are the analyzers given, which report on the roots.
	selected map[*analysis.Analyzer]bool

	mu      sync.RWMutex
	byTypes map[*types.Package]*node // the done packages, by their types
}

// nodeOf returns the done package whose types are pkg, or nil.
func (d *driver) nodeOf(pkg *types.Package) *node {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.byTypes[pkg]
}

// done records that n's types, facts and outcome are final.
func (d *driver) done(n *node) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if n.types != nil {
		d.byTypes[n.types] = n
	}
}

// result gathers the Result from the done packages.
func (d *driver) result() *Result {
	r := &Result{Loaded: len(d.nodes)}
	for _, n := range d.nodes {
		if p := n.out; p.Root || len(p.Errors) > 0 || p.ModuleError != "" || p.Skipped != "" || len(p.Actions) > 0 {
			r.Packages = append(r.Packages, p)
		}
	}
	sortPackages(r.Packages)
	return r
}
