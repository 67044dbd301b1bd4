package driver

import (
	"cmp"
	"fmt"
	"go/token"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// A Result is what a run leaves: per package, its errors, its failed
// actions and, for root packages, the diagnostics of the analyzers given.
type Result struct {
	// Packages are the root packages and every other package that has
	// errors or a failed action, sorted by ID.
	Packages []*Package
	// Loaded counts the packages loaded (roots and dependencies).
	Loaded int
}

// A Package is one package of the run.
type Package struct {
	ID, PkgPath, Name string
	// Root reports whether the patterns matched the package (or it is a
	// test variant of one that they matched).
	Root bool
	// GoFiles are the package's Go source files (before cgo processing).
	GoFiles []string
	// Files are the files analysed, for -fix: set for root packages.
	Files []File
	// Errors are the load, parse and type errors of the package. A
	// package with errors is not analysed (but see RunDespiteErrors).
	Errors []packages.Error
	// ModuleError is the error of the package's module, if any.
	ModuleError string
	// Skipped, when not empty, says why a package that has no errors of
	// its own was not analysed: it uses declarations that did not
	// type-check in a dependency.
	Skipped string
	// Actions are, on a root package, one per analyzer given; on any
	// package, also one per failed action; in the order they ran.
	Actions []*Action
}

// A File is a Go file of a root package as it was analysed.
type File struct {
	Name      string // as token.File.Name reports it
	Size      int    // its size when parsed
	Generated bool   // whether it is marked as generated (ast.IsGenerated)
}

// An Action is the application of one analyzer to one package.
type Action struct {
	Analyzer *analysis.Analyzer
	// Err is the reason the action failed: the analyzer's error or panic,
	// a failed prerequisite, or the package's errors.
	Err error
	// Diagnostics are the action's reports, sorted by position; only
	// for the analyzers given, on root packages.
	Diagnostics []Diagnostic
}

// String names the action as the x/tools checker does, "analyzer@pkg".
func (a *Action) String(pkg *Package) string {
	return fmt.Sprintf("%s@%s", a.Analyzer.Name, pkg.ID)
}

// A Diagnostic is an analysis.Diagnostic with its positions resolved.
type Diagnostic struct {
	// Pos and End delimit the reported range (End equals Pos when the
	// report gives no end). Positions are adjusted by //line
	// directives, as token.FileSet.Position does.
	Pos, End token.Position
	Category string
	Message  string
	URL      string
	Related  []Related
	Fixes    []Fix
}

// A Related is a secondary position of a diagnostic.
type Related struct {
	Pos, End token.Position
	Message  string
}

// A Fix is a suggested fix: edits to apply together or not at all.
type Fix struct {
	Message string
	Edits   []Edit
}

// An Edit replaces the bytes [Start, End) of the file Filename (the file's
// real name, not adjusted by //line directives) with New.
type Edit struct {
	Filename   string
	Start, End int
	New        []byte
}

// Roots returns the root packages, sorted by ID.
func (r *Result) Roots() []*Package {
	var roots []*Package
	for _, p := range r.Packages {
		if p.Root {
			roots = append(roots, p)
		}
	}
	return roots
}

// Errors returns, once each and in a fixed order, what went wrong: the
// packages' load, parse and type errors and module errors as go/packages
// prints them, why a package was skipped, and each failed analysis
// (other than one skipped because of its package's errors, which those
// errors explain).
func (r *Result) Errors() []string {
	var out []string
	seen := make(map[string]bool)
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, p := range r.Packages {
		for _, e := range p.Errors {
			add(e.Error())
		}
		if p.ModuleError != "" {
			add(p.ModuleError)
		}
		if p.Skipped != "" {
			add(fmt.Sprintf(msgSkippedPackage, p.ID, p.Skipped))
		}
		for _, a := range p.Actions {
			if a.Err != nil && !isSkip(a.Err) {
				add(fmt.Sprintf(msgFailedAction, a.String(p), a.Err))
			}
		}
	}
	return out
}

// Complete reports whether every package was loaded, type-checked and
// analysed without error.
func (r *Result) Complete() bool {
	for _, p := range r.Packages {
		if len(p.Errors) > 0 || p.ModuleError != "" || p.Skipped != "" {
			return false
		}
		for _, a := range p.Actions {
			if a.Err != nil {
				return false
			}
		}
	}
	return true
}

// Messages of Result.Errors.
const (
	msgSkippedPackage = "%s: not analysed: %s"
	msgFailedAction   = "%s: %v"
)

// comparePositions orders positions by file, line and column.
func comparePositions(a, b token.Position) int {
	return cmp.Or(
		cmp.Compare(a.Filename, b.Filename),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Column, b.Column),
	)
}

// sortDiagnostics sorts ds by position, then end, then message.
func sortDiagnostics(ds []Diagnostic) {
	slices.SortStableFunc(ds, func(a, b Diagnostic) int {
		return cmp.Or(
			comparePositions(a.Pos, b.Pos),
			comparePositions(a.End, b.End),
			cmp.Compare(a.Message, b.Message),
		)
	})
}
