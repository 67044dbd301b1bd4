// Package docutil extracts an analyzer's documentation from the package
// comment of its doc.go, so that doc.go is the single source of
// Analyzer.Doc, `locklint help <pass>` and pkg.go.dev.
package docutil

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
)

// MustExtract returns the package comment of the Go source src (the
// contents of a doc.go) from the paragraph that starts "name: ", with
// that prefix removed (the form x/tools expects in Analyzer.Doc). It panics when the comment is missing or malformed: that is a
// programming error caught by every test of the pass.
func MustExtract(src, name string) string {
	doc, err := Extract(src, name)
	if err != nil {
		panic(err)
	}
	return doc
}

// Extract is MustExtract returning an error.
func Extract(src, name string) (string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", src, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		return "", fmt.Errorf("docutil: %v", err)
	}
	if f.Doc == nil {
		return "", fmt.Errorf("docutil: %s: doc.go has no package comment", name)
	}
	// The package comment opens "Package NAME defines ..." for go doc,
	// possibly over several lines and followed by a "# Analyzer NAME"
	// heading, as in golang.org/x/tools/go/analysis/passes; the analyzer
	// doc is the first paragraph that starts "NAME: " and all that follows.
	text := strings.TrimSpace(packageText(f))
	start := 0
	for para := range strings.SplitSeq(text, "\n\n") {
		if strings.HasPrefix(para, name+": ") {
			// Analyzer.Doc is what follows "NAME: ", as in x/tools: the
			// help output puts the name in front itself.
			return strings.TrimPrefix(text[start:], name+": "), nil
		}
		start += len(para) + len("\n\n")
	}
	return "", fmt.Errorf("docutil: %s: package comment has no line starting %q", name, name+": ")
}

func packageText(f *ast.File) string {
	return f.Doc.Text()
}
