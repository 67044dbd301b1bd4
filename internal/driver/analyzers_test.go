package driver

import (
	"fmt"
	"go/types"
	"reflect"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
)

// The analyzers of the driver's tests, on testdata/mod: facts, which has
// facts and shows what it sees of them, and plain, which requires it and
// has none. A record says which packages each ran on.

// pkgFact names its package.
type pkgFact struct{ Path string }

func (*pkgFact) AFact() {}

// funcFact names its function.
type funcFact struct{ Name string }

func (*funcFact) AFact() {}

// The facts analyzer's report, and what it reports when the facts of an
// import are missing (its analysis is not done, or failed).
const (
	msgSees          = "sees the facts of %s; calls with facts: %s"
	msgMissingImport = "no fact for the import %s"
)

// A record lists the packages (by path) each analyzer ran on.
type record struct {
	mu  sync.Mutex
	ran map[string][]string
}

func (r *record) add(a, pkg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ran[a] = append(r.ran[a], pkg)
}

// on returns the sorted paths a ran on, each once.
func (r *record) on(a string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Compact(slices.Sorted(slices.Values(r.ran[a])))
}

// testAnalyzers returns new facts and plain analyzers that record in r.
// facts panics on a package named boom, and does not expect facts from
// boom or broken.
func testAnalyzers(r *record) (facts, plain *analysis.Analyzer) {
	r.ran = make(map[string][]string)
	facts = &analysis.Analyzer{
		Name:       "facts",
		Doc:        "export a fact per package and function; report the facts seen",
		FactTypes:  []analysis.Fact{new(pkgFact), new(funcFact)},
		ResultType: reflect.TypeFor[string](),
		Run: func(pass *analysis.Pass) (any, error) {
			r.add("facts", pass.Pkg.Path())
			if pass.Pkg.Name() == "boom" {
				panic("boom")
			}
			for _, imp := range pass.Pkg.Imports() {
				var f pkgFact
				if !pass.ImportPackageFact(imp, &f) && imp.Name() != "boom" && imp.Name() != "broken" {
					pass.Reportf(pass.Files[0].Package, msgMissingImport, imp.Path())
				}
			}
			pass.ExportPackageFact(&pkgFact{Path: pass.Pkg.Path()})
			scope := pass.Pkg.Scope()
			for _, name := range scope.Names() {
				switch obj := scope.Lookup(name).(type) {
				case *types.Func:
					pass.ExportObjectFact(obj, &funcFact{Name: obj.Name()})
				case *types.TypeName:
					if named, ok := obj.Type().(*types.Named); ok {
						for m := range named.Methods() {
							pass.ExportObjectFact(m, &funcFact{Name: obj.Name() + "." + m.Name()})
						}
					}
				}
			}
			var called []string
			for _, obj := range pass.TypesInfo.Uses {
				var f funcFact
				if fn, ok := obj.(*types.Func); ok && fn.Pkg() != pass.Pkg && pass.ImportObjectFact(fn, &f) {
					called = append(called, f.Name)
				}
			}
			slices.Sort(called)
			var seen []string
			for _, pf := range pass.AllPackageFacts() {
				seen = append(seen, pf.Fact.(*pkgFact).Path)
			}
			pass.Reportf(pass.Files[0].Package, msgSees, strings.Join(seen, " "), strings.Join(slices.Compact(called), " "))
			return pass.Pkg.Path(), nil
		},
	}
	plain = &analysis.Analyzer{
		Name:     "plain",
		Doc:      "read facts' result; report nothing",
		Requires: []*analysis.Analyzer{facts},
		Run: func(pass *analysis.Pass) (any, error) {
			r.add("plain", pass.Pkg.Path())
			if got := pass.ResultOf[facts]; got != pass.Pkg.Path() {
				return nil, fmt.Errorf("ResultOf[facts] = %v", got)
			}
			return nil, nil
		},
	}
	return facts, plain
}
