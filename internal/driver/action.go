package driver

import (
	"cmp"
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"os"
	"reflect"
	"runtime/debug"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// errSkipped is the error of the actions of a package that has errors:
// the x/tools checker's words.
var errSkipped = errors.New("analysis skipped due to errors in package")

// isSkip reports whether err only says that the package had errors.
func isSkip(err error) bool { return err == errSkipped }

// Messages of failed actions.
const (
	msgFailedPrerequisites = "failed prerequisites: %s"
	msgPanic               = "panic: %v\n%s"
	msgWrongResult         = "internal error: on package %s, analyzer %s returned a result of type %v, but declared ResultType %v"
	msgInvalidFix          = "invalid suggested fix %q: %v"
	msgUnreadable          = "Pass.ReadFile: %s is not among the package's files"
)

// analyse runs n's analyzers on pkg, each after those it requires, then
// lets go of everything but n's types, facts and outcome: pkg (syntax,
// types.Info) and the analyzers' results, SSA included, become garbage
// when it returns.
func (d *driver) analyse(n *node, pkg *checked) {
	n.facts = make(map[factKey]analysis.Fact)
	results := make(map[*analysis.Analyzer]any, len(n.analyzers))
	failed := make(map[*analysis.Analyzer]error)
	module := analysisModule(n.meta.Module)
	for _, a := range n.analyzers {
		// A prerequisite skipped because of the package's errors skips
		// this action for the same reason; one that failed fails it.
		var prereqs []string
		skipped := false
		for _, req := range a.Requires {
			if err := failed[req]; isSkip(err) {
				skipped = true
			} else if err != nil {
				prereqs = append(prereqs, req.Name+"@"+n.meta.ID)
			}
		}
		var (
			diags []analysis.Diagnostic
			err   error
		)
		switch {
		case len(prereqs) > 0:
			slices.Sort(prereqs)
			err = fmt.Errorf(msgFailedPrerequisites, strings.Join(prereqs, ", "))
		case skipped || pkg == nil || (n.illTyped && !a.RunDespiteErrors):
			err = errSkipped
		default:
			diags, results[a], err = d.run(n, pkg, a, results, module)
		}
		if err != nil {
			failed[a] = err
		}
		report := n.root && d.selected[a]
		if report || err != nil {
			act := &Action{Analyzer: a, Err: err}
			if report && err == nil {
				act.Diagnostics = d.resolve(diags)
			}
			n.out.Actions = append(n.out.Actions, act)
		}
	}
}

// run runs a on pkg. A panic fails the action only; its facts are
// kept only if it succeeds.
func (d *driver) run(n *node, pkg *checked, a *analysis.Analyzer, results map[*analysis.Analyzer]any, module *analysis.Module) (diags []analysis.Diagnostic, result any, err error) {
	inputs := make(map[*analysis.Analyzer]any, len(a.Requires))
	for _, req := range a.Requires {
		inputs[req] = results[req]
	}
	facts := &actionFacts{d: d, n: n, a: a, own: make(map[factKey]analysis.Fact)}
	pass := &analysis.Pass{
		Analyzer:     a,
		Fset:         d.fset,
		Files:        pkg.files,
		OtherFiles:   n.meta.OtherFiles,
		IgnoredFiles: n.meta.IgnoredFiles,
		Pkg:          n.types,
		TypesInfo:    pkg.info,
		TypesSizes:   n.meta.TypesSizes,
		TypeErrors:   pkg.typeErrors,
		Module:       module,
		ResultOf:     inputs,
		Report: func(diag analysis.Diagnostic) {
			for _, fix := range diag.SuggestedFixes {
				if err := validateFix(d.fset, fix); err != nil {
					panic(fmt.Sprintf(msgInvalidFix, fix.Message, err))
				}
			}
			diags = append(diags, diag)
		},
		ImportObjectFact:  facts.importObjectFact,
		ExportObjectFact:  facts.exportObjectFact,
		ImportPackageFact: facts.importPackageFact,
		ExportPackageFact: facts.exportPackageFact,
		AllObjectFacts:    facts.allObjectFacts,
		AllPackageFacts:   facts.allPackageFacts,
		ReadFile:          readFile(d.fset, pkg.files, n.meta),
	}
	defer func() {
		// Calls after Run are errors, as in every go/analysis driver.
		pass.ExportObjectFact, pass.ExportPackageFact = nil, nil
		if r := recover(); r != nil {
			diags, result, err = nil, nil, fmt.Errorf(msgPanic, r, debug.Stack())
		}
	}()
	result, err = a.Run(pass)
	if err != nil {
		return nil, nil, err
	}
	if got := reflect.TypeOf(result); got != a.ResultType {
		return nil, nil, fmt.Errorf(msgWrongResult, n.meta.ID, a.Name, got, a.ResultType)
	}
	for k, v := range facts.own {
		n.facts[k] = v
	}
	return diags, result, nil
}

// readFile is Pass.ReadFile: it reads the package's own files only.
func readFile(fset *token.FileSet, files []*ast.File, m *packages.Package) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		ok := slices.Contains(m.OtherFiles, name) || slices.Contains(m.IgnoredFiles, name) ||
			slices.ContainsFunc(files, func(f *ast.File) bool { return fset.File(f.FileStart).Name() == name })
		if !ok {
			return nil, fmt.Errorf(msgUnreadable, name)
		}
		return os.ReadFile(name)
	}
}

// validateFix checks that fix's edits lie within files of fset, each
// ending after it starts, and do not overlap.
func validateFix(fset *token.FileSet, fix analysis.SuggestedFix) error {
	type span struct {
		file       *token.File
		start, end int
	}
	var spans []span
	for _, e := range fix.TextEdits {
		if !e.Pos.IsValid() {
			return errors.New("an edit has no position")
		}
		file := fset.File(e.Pos)
		if file == nil {
			return errors.New("an edit is in no file")
		}
		end := e.End
		if end == token.NoPos {
			end = e.Pos
		}
		if end < e.Pos || fset.File(end) != file {
			return fmt.Errorf("an edit ends before it starts or in another file (%s)", fset.Position(e.Pos))
		}
		spans = append(spans, span{file, file.Offset(e.Pos), file.Offset(end)})
	}
	slices.SortFunc(spans, func(a, b span) int {
		return cmp.Or(cmp.Compare(a.file.Name(), b.file.Name()), cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end))
	})
	for i := 1; i < len(spans); i++ {
		if p, s := spans[i-1], spans[i]; p.file == s.file && s.start < p.end {
			return fmt.Errorf("edits overlap at %s:#%d", s.file.Name(), s.start)
		}
	}
	return nil
}

// resolve resolves the positions of ds, sorted.
func (d *driver) resolve(ds []analysis.Diagnostic) []Diagnostic {
	out := make([]Diagnostic, 0, len(ds))
	for _, diag := range ds {
		r := Diagnostic{
			Pos:      d.fset.Position(diag.Pos),
			End:      d.fset.Position(cmp.Or(diag.End, diag.Pos)),
			Category: diag.Category,
			Message:  diag.Message,
			URL:      diag.URL,
		}
		for _, rel := range diag.Related {
			r.Related = append(r.Related, Related{
				Pos:     d.fset.Position(rel.Pos),
				End:     d.fset.Position(cmp.Or(rel.End, rel.Pos)),
				Message: rel.Message,
			})
		}
		for _, fix := range diag.SuggestedFixes {
			f := Fix{Message: fix.Message}
			for _, e := range fix.TextEdits {
				file := d.fset.File(e.Pos)
				f.Edits = append(f.Edits, Edit{
					Filename: file.Name(),
					Start:    file.Offset(e.Pos),
					End:      file.Offset(cmp.Or(e.End, e.Pos)),
					New:      e.NewText,
				})
			}
			r.Fixes = append(r.Fixes, f)
		}
		out = append(out, r)
	}
	sortDiagnostics(out)
	return out
}

// analysisModule converts a go/packages module to a go/analysis one, as
// the x/tools checker does; never nil.
func analysisModule(m *packages.Module) *analysis.Module {
	if m == nil {
		return &analysis.Module{}
	}
	var modErr *analysis.ModuleError
	if m.Error != nil {
		modErr = &analysis.ModuleError{Err: m.Error.Err}
	}
	var replace *analysis.Module
	if m.Replace != nil {
		replace = analysisModule(m.Replace)
	}
	return &analysis.Module{
		Path:      m.Path,
		Version:   m.Version,
		Replace:   replace,
		Time:      m.Time,
		Main:      m.Main,
		Indirect:  m.Indirect,
		Dir:       m.Dir,
		GoMod:     m.GoMod,
		GoVersion: m.GoVersion,
		Error:     modErr,
	}
}
