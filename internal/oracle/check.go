package oracle

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"sort"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/locklint/locklint/internal/driver"
	"github.com/locklint/locklint/internal/lockstate"
	"github.com/locklint/locklint/passes/doubleacquire"
	"github.com/locklint/locklint/passes/unreleased"
)

// Running locklint's passes in process on one generated file: parse,
// type-check against the standard library's export data, and run the
// analyzers in Requires order with the go/analysis semantics the engine
// uses (results, the package's own facts). A generated program imports
// only sync, whose functions the engine knows from its primitive table,
// so no dependency is analysed: what the standalone driver and go vet
// add is facts of the standard library, which these programs never
// reach (TestDriverAgrees checks it with internal/driver).

// Analyzers are the passes the oracle checks.
var Analyzers = []*analysis.Analyzer{doubleacquire.Analyzer, unreleased.Analyzer}

// A Diagnostic is a report of a pass, resolved to its line.
type Diagnostic struct {
	Pass    string
	Line    int
	Message string
}

func (d Diagnostic) Key() Key { return Key{d.Pass, d.Line} }

var (
	importMu sync.Mutex
	stdlib   = importer.Default() // export data of the standard library, shared by every check
)

type lockedImporter struct{}

func (lockedImporter) Import(path string) (*types.Package, error) {
	importMu.Lock()
	defer importMu.Unlock()
	return stdlib.Import(path)
}

// Check runs the passes on src, a single-file package, and returns their
// diagnostics sorted by line and pass.
func Check(src string) ([]Diagnostic, error) {
	diags, _, err := check(src)
	return diags, err
}

// check is Check, also returning the functions the engine skipped (a
// budget was hit: they report nothing) or truncated (it reports what the
// paths it followed show, and a truncated function may write-lock any
// lock), as "name: reason".
func check(src string) ([]Diagnostic, []string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "/oracle/p/p.go", src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, nil, err
	}
	info := &types.Info{
		Types:        make(map[ast.Expr]types.TypeAndValue),
		Defs:         make(map[*ast.Ident]types.Object),
		Uses:         make(map[*ast.Ident]types.Object),
		Implicits:    make(map[ast.Node]types.Object),
		Selections:   make(map[*ast.SelectorExpr]*types.Selection),
		Scopes:       make(map[ast.Node]*types.Scope),
		Instances:    make(map[*ast.Ident]types.Instance),
		FileVersions: make(map[*ast.File]string),
	}
	conf := types.Config{Importer: lockedImporter{}, GoVersion: "go1.26"}
	pkg, err := conf.Check("example.com/oracle/p", fset, []*ast.File{f}, info)
	if err != nil {
		return nil, nil, err
	}
	var diags []Diagnostic
	facts := make(map[factKey]analysis.Fact)
	results := make(map[*analysis.Analyzer]any)
	for _, a := range driver.RequiresClosure(Analyzers) {
		inputs := make(map[*analysis.Analyzer]any)
		for _, req := range a.Requires {
			inputs[req] = results[req]
		}
		pass := &analysis.Pass{
			Analyzer:   a,
			Fset:       fset,
			Files:      []*ast.File{f},
			Pkg:        pkg,
			TypesInfo:  info,
			TypesSizes: types.SizesFor("gc", "amd64"),
			ResultOf:   inputs,
			Report: func(d analysis.Diagnostic) {
				if slices.Contains(Analyzers, a) {
					diags = append(diags, Diagnostic{Pass: a.Name, Line: fset.Position(d.Pos).Line, Message: d.Message})
				}
			},
			ImportObjectFact: func(obj types.Object, ptr analysis.Fact) bool {
				if fact, ok := facts[factKey{obj, reflect.TypeOf(ptr)}]; ok {
					reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(fact).Elem())
					return true
				}
				return false
			},
			ExportObjectFact: func(obj types.Object, fact analysis.Fact) {
				facts[factKey{obj, reflect.TypeOf(fact)}] = fact
			},
			ImportPackageFact: func(*types.Package, analysis.Fact) bool { return false },
			ExportPackageFact: func(analysis.Fact) {},
			AllObjectFacts:    func() []analysis.ObjectFact { return nil },
			AllPackageFacts:   func() []analysis.PackageFact { return nil },
			ReadFile: func(name string) ([]byte, error) {
				if name == "/oracle/p/p.go" {
					return []byte(src), nil
				}
				return nil, fmt.Errorf("%s is not a file of the package", name)
			},
		}
		res, err := a.Run(pass)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %v", a.Name, err)
		}
		results[a] = res
	}
	var skipped []string
	if res, ok := results[lockstate.Analyzer].(*lockstate.Result); ok {
		for _, fr := range res.Funcs() {
			if fr.Skipped() != "" {
				skipped = append(skipped, fr.Fn().Name()+": "+fr.Skipped())
			} else if fr.Truncated() {
				skipped = append(skipped, fr.Fn().Name()+": truncated (too many states)")
			}
		}
	}
	sort.Slice(diags, func(i, j int) bool {
		if diags[i].Line != diags[j].Line {
			return diags[i].Line < diags[j].Line
		}
		return diags[i].Pass < diags[j].Pass
	})
	return diags, skipped, nil
}

type factKey struct {
	obj types.Object
	typ reflect.Type
}
