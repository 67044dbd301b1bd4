package lockstate

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Configuration lives in the source, as comments the engine reads (and,
// for the order, exports as facts), so it works the same under every
// driver:
//
//	//locklint:order Store.mu < Index.mu
//
// declares that Store.mu is taken before Index.mu (any number of "<";
// a class is Type.field, a package variable, or either qualified by an
// imported package's name: ledger.Index.Mu).
//
//	//locklint:nested <reason>
//
// on the line of an acquisition, or alone on the line above it, marks
// the nesting there as deliberate: it adds no lock-order edge.
//
//	//locklint:ignore <pass>[,<pass>...] <reason>
//
// suppresses the named passes' reports on its line, on the next line when
// it stands alone on its line, or in the whole function when it is in the
// function's doc comment. The reason is required: a directive without
// one, or naming no known pass, takes no effect and is itself reported.

// Directive is one //locklint: comment.
type Directive struct {
	Pos    token.Pos
	Kind   string   // "order", "nested", "ignore"
	Text   string   // what follows the kind
	Err    string   // non-empty when malformed
	Passes []string // ignore: the passes it names (known or not)
}

// Passes are the names a //locklint:ignore may use.
var Passes = []string{"condwait", "doubleacquire", "lockorder", "unreleased"}

// ignoreRange is where one well-formed ignore applies.
type ignoreRange struct {
	passes   []string
	file     string
	from, to int // lines, inclusive
}

// Suppressed reports whether a report of pass at pos is silenced: by a
// //locklint:ignore directive, or because it is in a generated file
// (one with the standard "// Code generated ... DO NOT EDIT." header,
// skipped unless -lockstate.generated is set, as golangci-lint does).
func (r *Result) Suppressed(fset *token.FileSet, pass string, pos token.Pos) bool {
	p := fset.Position(pos)
	if r.generated[p.Filename] {
		return true
	}
	for _, ig := range r.ignores {
		if ig.file == p.Filename && ig.from <= p.Line && p.Line <= ig.to && slices.Contains(ig.passes, pass) {
			return true
		}
	}
	return false
}

// DirectiveErrors returns the malformed directives that pass should
// report: the ignores that name it, and (for lockorder) the order and
// nested directives and the ignores that name no known pass.
func (r *Result) DirectiveErrors(pass string) []Directive {
	var out []Directive
	for _, d := range r.directives {
		if d.Err == "" {
			continue
		}
		known := slices.ContainsFunc(d.Passes, func(p string) bool { return slices.Contains(Passes, p) })
		switch {
		case d.Kind == "ignore" && known:
			if slices.Contains(d.Passes, pass) {
				out = append(out, d)
			}
		case pass == "lockorder":
			out = append(out, d)
		}
	}
	return out
}

type lineKey struct {
	file string
	line int
}

// readDirectives parses the package's //locklint: comments.
func (pa *pkgAnalysis) readDirectives(res *Result) {
	pa.nestedLines = make(map[lineKey]bool)
	for _, f := range pa.pass.Files {
		if !reportGenerated && ast.IsGenerated(f) {
			if res.generated == nil {
				res.generated = make(map[string]bool)
			}
			res.generated[pa.pass.Fset.File(f.Pos()).Name()] = true
		}
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				text, ok := strings.CutPrefix(c.Text, "//locklint:")
				if !ok {
					continue
				}
				kind, rest, _ := strings.Cut(text, " ")
				d := Directive{Pos: c.Pos(), Kind: kind, Text: strings.TrimSpace(rest)}
				switch kind {
				case "order":
					d.Err = pa.parseOrder(d.Text, res)
				case "nested":
					if d.Text == "" {
						// A malformed directive takes no effect.
						d.Err = "//locklint:nested needs a reason: //locklint:nested <why this nesting is safe>"
						break
					}
					pos := pa.pass.Fset.Position(c.Pos())
					pa.nestedLines[lineKey{pos.Filename, pos.Line}] = true
					if pa.alone(c) {
						pa.nestedLines[lineKey{pos.Filename, pos.Line + 1}] = true
					}
				case "ignore":
					pa.parseIgnore(f, cg, c, &d, res)
				default:
					continue // other directives belong to other tools or passes
				}
				res.directives = append(res.directives, d)
			}
		}
	}
}

// alone reports whether comment c starts its line.
func (pa *pkgAnalysis) alone(c *ast.Comment) bool {
	tf := pa.pass.Fset.File(c.Pos())
	src, err := pa.pass.ReadFile(tf.Name())
	if err != nil {
		return false
	}
	start := tf.Offset(tf.LineStart(tf.Line(c.Pos())))
	return strings.TrimSpace(string(src[start:tf.Offset(c.Pos())])) == ""
}

// nested reports whether an acquisition at pos is marked deliberate.
func (pa *pkgAnalysis) nested(pos token.Pos) bool {
	p := pa.pass.Fset.Position(pos)
	return pa.nestedLines[lineKey{p.Filename, p.Line}]
}

func (pa *pkgAnalysis) parseOrder(text string, res *Result) string {
	names := strings.Split(text, "<")
	if len(names) < 2 {
		return fmt.Sprintf("//locklint:order needs at least two locks: //locklint:order A.mu < B.mu (got %q)", text)
	}
	var classes []Class
	for _, n := range names {
		c, err := pa.resolveClass(strings.TrimSpace(n))
		if err != "" {
			return err
		}
		classes = append(classes, c)
	}
	for i := 0; i+1 < len(classes); i++ {
		res.orders = append(res.orders, DeclaredOrder{Before: classes[i], After: classes[i+1]})
	}
	return ""
}

// resolveClass turns "Store.mu", "settingsMu" or "ledger.Index.Mu" into a
// Class.
func (pa *pkgAnalysis) resolveClass(name string) (Class, string) {
	parts := strings.Split(name, ".")
	if name == "" || slices.Contains(parts, "") {
		return Class{}, fmt.Sprintf("//locklint:order: %q is not a lock name (Type.field or a package variable)", name)
	}
	pkg := pa.pass.Pkg
	if obj := pkg.Scope().Lookup(parts[0]); obj == nil && len(parts) > 1 {
		for _, imp := range pkg.Imports() {
			if imp.Name() == parts[0] {
				pkg, parts = imp, parts[1:]
				break
			}
		}
	}
	obj := pkg.Scope().Lookup(parts[0])
	switch obj := obj.(type) {
	case *types.TypeName:
		if len(parts) < 2 {
			return Class{}, fmt.Sprintf("//locklint:order: %q names a type; name its lock field (%s.mu)", name, name)
		}
		st, ok := obj.Type().Underlying().(*types.Struct)
		if !ok || !hasField(st, parts[1]) {
			return Class{}, fmt.Sprintf("//locklint:order: %s has no field %s", obj.Name(), parts[1])
		}
		return Class{Kind: ClassField, Pkg: pkg.Path(), Name: parts[0], Field: strings.Join(parts[1:], ".")}, ""
	case *types.Var:
		return Class{Kind: ClassGlobal, Pkg: pkg.Path(), Name: parts[0], Field: strings.Join(parts[1:], ".")}, ""
	}
	return Class{}, fmt.Sprintf("//locklint:order: no type or package variable %q in %s", parts[0], pkg.Path())
}

func hasField(st *types.Struct, name string) bool {
	for i := 0; i < st.NumFields(); i++ {
		if st.Field(i).Name() == name {
			return true
		}
	}
	return false
}

// parseIgnore reads a //locklint:ignore directive and, when it is well
// formed, records where it applies.
func (pa *pkgAnalysis) parseIgnore(f *ast.File, cg *ast.CommentGroup, c *ast.Comment, d *Directive, res *Result) {
	names, reason, _ := strings.Cut(d.Text, " ")
	reason = strings.TrimSpace(reason)
	for _, n := range strings.Split(names, ",") {
		if n = strings.TrimSpace(n); n != "" {
			d.Passes = append(d.Passes, n)
		}
	}
	for _, n := range d.Passes {
		if !slices.Contains(Passes, n) {
			d.Err = fmt.Sprintf("//locklint:ignore names %q, which is not a locklint pass (%s)", n, strings.Join(Passes, ", "))
			return
		}
	}
	if len(d.Passes) == 0 || reason == "" {
		d.Err = "//locklint:ignore needs the pass and a reason: //locklint:ignore <pass> <why the report is wrong or accepted>"
		return
	}
	pos := pa.pass.Fset.Position(c.Pos())
	ig := ignoreRange{passes: d.Passes, file: pos.Filename, from: pos.Line, to: pos.Line}
	for _, decl := range f.Decls {
		if fd, ok := decl.(*ast.FuncDecl); ok && fd.Doc == cg {
			ig.from, ig.to = pos.Line, pa.pass.Fset.Position(fd.End()).Line
			res.ignores = append(res.ignores, ig)
			return
		}
	}
	if pa.alone(c) {
		ig.to = pos.Line + 1
	}
	res.ignores = append(res.ignores, ig)
}

// Prepare readies pass for reporting, and every pass calls it first: its
// reports go through the //locklint:ignore filter (so suppression works
// the same under every driver), and the malformed directives that are
// this pass's to report are reported.
func (r *Result) Prepare(pass *analysis.Pass) {
	report := pass.Report
	pass.Report = func(d analysis.Diagnostic) {
		if !r.Suppressed(pass.Fset, pass.Analyzer.Name, d.Pos) {
			report(d)
		}
	}
	for _, d := range r.DirectiveErrors(pass.Analyzer.Name) {
		report(analysis.Diagnostic{Pos: d.Pos, Message: fmt.Sprintf(msgDirective, d.Err)})
	}
}

// msgDirective words a malformed directive's report.
const msgDirective = "malformed directive: %s"
