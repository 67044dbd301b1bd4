// Package findings turns the diagnostics of a driver.Result into the
// findings that locklint prints, fixes and baselines: one per report,
// deduplicated across a package and its test variant (which share source
// files), placed by paths relative to a root directory (the repository
// locklint runs in), and fingerprinted so that a baseline still knows a
// finding after the lines above it have moved (see fingerprint.go).
package findings

import (
	"cmp"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf16"

	"github.com/locklint/locklint/internal/driver"
)

// A Position is a place in a source file.
type Position struct {
	// Filename is the file name as go/packages reports it (absolute);
	// empty when the report has no position.
	Filename string
	// File is Filename relative to the root, slash-separated. For a file
	// outside the root it starts with "../" (see InRoot).
	File string
	// Line and Column are 1-based; Column counts bytes, as go/token does.
	// EndLine and EndColumn are the end of the reported range, equal to
	// Line and Column when the report gives no end.
	Line, Column, EndLine, EndColumn int
	// UTF16Column and UTF16EndColumn are Column and EndColumn counted in
	// UTF-16 code units, SARIF's default column kind.
	UTF16Column, UTF16EndColumn int
}

// IsValid reports whether p names a place in a file.
func (p Position) IsValid() bool { return p.Filename != "" && p.Line > 0 }

// InRoot reports whether p's file lies inside the root directory.
func (p Position) InRoot() bool {
	return p.File != "" && p.File != ".." && !strings.HasPrefix(p.File, "../") && !filepath.IsAbs(p.File)
}

// String formats p as go/token does: "file:line:col", with the absolute
// file name, or "-" when p is not valid.
func (p Position) String() string {
	return token.Position{Filename: p.Filename, Line: p.Line, Column: p.Column}.String()
}

// A Related is a secondary position of a finding (Diagnostic.Related).
type Related struct {
	Position
	Message string
}

// A Finding is one report of one pass.
type Finding struct {
	Pass string
	Position
	Message string
	Related []Related
	// Source is the text of the reported line, trimmed of surrounding
	// white space.
	Source string
	// Fingerprint identifies the finding without its line number.
	Fingerprint string
	// Fixes are the report's suggested fixes.
	Fixes []driver.Fix
}

// A Set holds the findings of one run, sorted by file, line, column,
// pass and message.
type Set struct {
	Findings []*Finding
	byKey    map[key]*Finding
	files    map[string]bool // the files of the analysed packages, relative
}

// key identifies a report as the x/tools checker does when it
// deduplicates the reports of a package and its test variant: by
// position, since the shared files are parsed once for each.
type key struct {
	pass     string
	pos, end token.Position
	message  string
}

func keyOf(a *driver.Action, d *driver.Diagnostic) key {
	return key{a.Analyzer.Name, d.Pos, d.End, d.Message}
}

// Collect gathers the diagnostics of r's root packages, with paths
// relative to root (an absolute directory). Of two reports of one pass
// at one place, in a package and in its test variant, it keeps the one
// of the package first by ID.
func Collect(r *driver.Result, root string) *Set {
	s := &Set{byKey: make(map[key]*Finding), files: make(map[string]bool)}
	type placeKey struct {
		pass     string
		pos, end token.Position
	}
	type placed struct {
		action  *driver.Action
		finding *Finding
	}
	byPlace := make(map[placeKey]placed)
	src := newSources(root)
	for _, p := range r.Roots() {
		for _, name := range p.GoFiles {
			s.files[src.rel(name)] = true
		}
		for _, a := range p.Actions {
			for i := range a.Diagnostics {
				d := &a.Diagnostics[i]
				k := keyOf(a, d)
				if s.byKey[k] != nil {
					continue
				}
				// The test variant's report at a place its package
				// reports already (the same bug, worded with what the
				// test files add: "31 more places" for "28") is the
				// same finding.
				at := placeKey{k.pass, k.pos, k.end}
				if f, ok := byPlace[at]; ok && f.action != a {
					s.byKey[k] = f.finding
					continue
				}
				f := &Finding{
					Pass:     a.Analyzer.Name,
					Position: src.position(d.Pos, d.End),
					Message:  d.Message,
					Fixes:    d.Fixes,
				}
				f.Source = strings.TrimSpace(src.line(f.Filename, f.Line))
				for _, rel := range d.Related {
					f.Related = append(f.Related, Related{
						Position: src.position(rel.Pos, rel.End),
						Message:  rel.Message,
					})
				}
				s.byKey[k] = f
				if _, ok := byPlace[at]; !ok {
					byPlace[at] = placed{a, f}
				}
				s.Findings = append(s.Findings, f)
			}
		}
	}
	slices.SortFunc(s.Findings, compare)
	fingerprint(s.Findings)
	return s
}

// Of returns the finding made of the diagnostic d of the action a, which
// must be one of the root actions of the result the set was collected
// from.
func (s *Set) Of(a *driver.Action, d *driver.Diagnostic) *Finding {
	return s.byKey[keyOf(a, d)]
}

// Analysed reports whether file, relative to the root, belongs to one of
// the packages analysed.
func (s *Set) Analysed(file string) bool { return s.files[file] }

func compare(a, b *Finding) int {
	return cmp.Or(
		cmp.Compare(a.File, b.File),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Column, b.Column),
		cmp.Compare(a.Pass, b.Pass),
		cmp.Compare(a.Message, b.Message),
	)
}

// sources reads source files once and places positions relative to the
// root.
type sources struct {
	roots []string // the root, and the root with symbolic links resolved
	lines map[string][]string
}

func newSources(root string) *sources {
	s := &sources{roots: []string{root}, lines: make(map[string][]string)}
	if real, err := filepath.EvalSymlinks(root); err == nil && real != root {
		s.roots = append(s.roots, real)
	}
	return s
}

func (s *sources) position(pos, end token.Position) Position {
	if !pos.IsValid() || pos.Filename == "" {
		return Position{}
	}
	p := Position{
		Filename: pos.Filename,
		File:     s.rel(pos.Filename),
		Line:     pos.Line,
		Column:   pos.Column,
	}
	p.EndLine, p.EndColumn = p.Line, p.Column
	if end.IsValid() && end.Filename == pos.Filename && end.Offset >= pos.Offset {
		p.EndLine, p.EndColumn = end.Line, end.Column
	}
	p.UTF16Column = utf16Column(s.line(p.Filename, p.Line), p.Column)
	p.UTF16EndColumn = utf16Column(s.line(p.Filename, p.EndLine), p.EndColumn)
	return p
}

// rel returns filename relative to the root, slash-separated: through
// "../" when it lies outside, and absolute when no relative path exists
// (another volume).
func (s *sources) rel(filename string) string {
	best := ""
	for _, root := range s.roots {
		r, err := filepath.Rel(root, filename)
		if err != nil {
			continue
		}
		r = filepath.ToSlash(r)
		if !strings.HasPrefix(r, "../") && r != ".." {
			return r
		}
		if best == "" {
			best = r
		}
	}
	if best == "" {
		return filepath.ToSlash(filename)
	}
	return best
}

// line returns the text of the 1-based line of filename, or "" when the
// file cannot be read (a //line directive may name a file that does not
// exist).
func (s *sources) line(filename string, line int) string {
	lines, ok := s.lines[filename]
	if !ok {
		data, err := os.ReadFile(filename)
		if err == nil {
			lines = strings.Split(string(data), "\n")
		}
		s.lines[filename] = lines
	}
	if line < 1 || line > len(lines) {
		return ""
	}
	return strings.TrimSuffix(lines[line-1], "\r")
}

// utf16Column converts the 1-based byte column col of text to UTF-16 code
// units. Past the end of the text (or without it) it keeps col.
func utf16Column(text string, col int) int {
	if col < 1 || col-1 > len(text) {
		return col
	}
	n := 1
	for _, r := range text[:col-1] {
		n += utf16.RuneLen(r) // an invalid byte decodes as U+FFFD: one unit
	}
	return n
}
