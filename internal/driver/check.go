package driver

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/types"
	"os"
	"runtime/debug"
	"slices"

	"golang.org/x/tools/go/packages"
)

// parseMode is how files are parsed: comments are kept (the passes read
// directives in them), and identifiers are not resolved (go/types does
// that).
const parseMode = parser.AllErrors | parser.ParseComments | parser.SkipObjectResolution

// Messages of the errors recorded on a package.
const (
	msgInternalError = "internal error: %v\n%s"
	msgNoMetadata    = "no metadata for %s"
	msgImportCycle   = "import cycle through %s"
	msgUsesInvalid   = "it uses declarations that did not type-check in %s"
)

// A checked package is the syntax and types of one package, while it is
// analysed.
type checked struct {
	files      []*ast.File
	info       *types.Info
	typeErrors []types.Error
}

// typeCheck parses and type-checks n, keeping its syntax and types info
// in n.pkg for its analysis, and records its errors. Its imports must be
// type-checked.
func (d *driver) typeCheck(n *node) {
	m := n.meta
	n.out = &Package{ID: m.ID, PkgPath: m.PkgPath, Name: m.Name, Root: n.root, GoFiles: m.GoFiles}
	n.out.Errors = append(n.out.Errors, m.Errors...)
	if m.Module != nil && m.Module.Error != nil {
		n.out.ModuleError = m.Module.Error.Err
	}
	for _, imp := range n.imports {
		n.brokenBelow = n.brokenBelow || imp.brokenBelow
	}
	pkg := d.check(n)
	n.illTyped = len(n.out.Errors) > 0
	if !n.illTyped && n.brokenBelow && pkg != nil {
		if broken := brokenImports(n, pkg.info); len(broken) > 0 {
			n.out.Skipped = fmt.Sprintf(msgUsesInvalid, joinAnd(broken))
			n.illTyped = true
		}
	}
	n.brokenBelow = n.brokenBelow || n.illTyped
	n.pkg = pkg
}

// check parses and type-checks n and sets n.types. A package without
// files still gets (empty) types, so that its importers can be checked.
// It returns nil for unsafe.
func (d *driver) check(n *node) (pkg *checked) {
	m := n.meta
	if m.PkgPath == "unsafe" {
		n.types = types.Unsafe
		return nil
	}
	n.types = types.NewPackage(m.PkgPath, m.Name)
	defer func() {
		// go/types or go/parser failing is a bug, but of one package:
		// the others can go on.
		if r := recover(); r != nil {
			n.out.Errors = append(n.out.Errors, packages.Error{Pos: "-", Msg: fmt.Sprintf(msgInternalError, r, debug.Stack()), Kind: packages.UnknownError})
			n.types.MarkComplete()
			pkg = nil
		}
	}()
	pkg = &checked{}
	for _, name := range m.CompiledGoFiles {
		src, err := os.ReadFile(name)
		if err != nil {
			n.out.Errors = append(n.out.Errors, packages.Error{Pos: name + ":1", Msg: err.Error(), Kind: packages.ParseError})
			continue
		}
		f, err := parser.ParseFile(d.fset, name, src, parseMode)
		if f != nil {
			pkg.files = append(pkg.files, f)
			if n.root {
				n.out.Files = append(n.out.Files, File{Name: name, Size: len(src), Generated: ast.IsGenerated(f)})
			}
		}
		var list scanner.ErrorList
		if errors.As(err, &list) {
			for _, e := range list {
				n.out.Errors = append(n.out.Errors, packages.Error{Pos: e.Pos.String(), Msg: e.Msg, Kind: packages.ParseError})
			}
		} else if err != nil {
			n.out.Errors = append(n.out.Errors, packages.Error{Pos: name + ":1", Msg: err.Error(), Kind: packages.ParseError})
		}
	}

	pkg.info = &types.Info{
		Types:        make(map[ast.Expr]types.TypeAndValue),
		Defs:         make(map[*ast.Ident]types.Object),
		Uses:         make(map[*ast.Ident]types.Object),
		Implicits:    make(map[ast.Node]types.Object),
		Instances:    make(map[*ast.Ident]types.Instance),
		Scopes:       make(map[ast.Node]*types.Scope),
		Selections:   make(map[*ast.SelectorExpr]*types.Selection),
		FileVersions: make(map[*ast.File]string),
	}
	conf := &types.Config{
		Importer: importerFunc(func(path string) (*types.Package, error) {
			if path == "unsafe" {
				return types.Unsafe, nil
			}
			imp := n.byPath[path]
			if imp == nil {
				if m.Imports[path] != nil {
					return nil, fmt.Errorf(msgImportCycle, path)
				}
				return nil, fmt.Errorf(msgNoMetadata, path)
			}
			return imp.types, nil
		}),
		Sizes: m.TypesSizes,
		Error: func(err error) {
			if te, ok := err.(types.Error); ok {
				pkg.typeErrors = append(pkg.typeErrors, te)
				n.out.Errors = append(n.out.Errors, packages.Error{Pos: te.Fset.Position(te.Pos).String(), Msg: te.Msg, Kind: packages.TypeError})
				return
			}
			n.out.Errors = append(n.out.Errors, packages.Error{Pos: "-", Msg: err.Error(), Kind: packages.UnknownError})
		},
	}
	if m.Module != nil && m.Module.GoVersion != "" {
		conf.GoVersion = "go" + m.Module.GoVersion
	}
	before := len(n.out.Errors)
	err := types.NewChecker(conf, d.fset, n.types, pkg.info).Files(pkg.files)
	if err != nil && len(n.out.Errors) == before {
		// An error Files returned without reporting it.
		n.out.Errors = append(n.out.Errors, packages.Error{Pos: "-", Msg: err.Error(), Kind: packages.TypeError})
	}
	n.types.MarkComplete()
	return pkg
}

// brokenImports returns the IDs of the packages, among n's imports at any
// depth, that did not type-check and whose invalid declarations n uses:
// the expressions of its files that have an invalid type, which go/types
// reports no error for in n because the error is in the dependency, and
// which analyzers (SSA construction in particular) do not expect.
func brokenImports(n *node, info *types.Info) []string {
	uses := false
	for _, tv := range info.Types {
		if t := tv.Type; t != nil && (t == types.Typ[types.Invalid] || t.Underlying() == types.Typ[types.Invalid]) {
			uses = true
			break
		}
	}
	if !uses {
		return nil
	}
	var ids []string
	seen := make(map[*node]bool)
	var visit func(n *node)
	visit = func(n *node) {
		for _, imp := range n.imports {
			if !seen[imp] && imp.brokenBelow {
				seen[imp] = true
				if imp.illTyped {
					ids = append(ids, imp.meta.ID)
				}
				visit(imp)
			}
		}
	}
	visit(n)
	slices.Sort(ids)
	return ids
}

// joinAnd joins ids as a list in prose: "a", "a and b", "a, b and c".
func joinAnd(ids []string) string {
	switch len(ids) {
	case 0:
		return ""
	case 1:
		return ids[0]
	}
	s := ids[0]
	for _, id := range ids[1 : len(ids)-1] {
		s += ", " + id
	}
	return s + " and " + ids[len(ids)-1]
}

// importerFunc is a types.Importer.
type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
