// Package fix applies the suggested fixes of locklint's findings (-fix),
// or prints them as a unified diff (-fix -diff).
//
// Each finding contributes its first suggested fix, whose edits apply
// together or not at all. Fixes are taken in the findings' order (by
// file and position); a fix is skipped, with a warning, when one of its
// edits overlaps an edit of a fix already taken (an identical edit, such
// as the same fix reached through a package and its test variant, is
// taken once), or when it edits a generated file. A file is formatted
// after editing when it still parses. A file whose size changed since it
// was analysed is not touched: someone edited it meanwhile.
package fix

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"go/format"
	"io"
	"maps"
	"os"
	"slices"

	"github.com/locklint/locklint/cmd/locklint/internal/findings"
	"github.com/locklint/locklint/internal/driver"
)

// Messages of the warnings and errors.
const (
	msgConflict  = "%s: skipped the fix %q: it conflicts with another fix; run locklint -fix again to apply it"
	msgGenerated = "%s: skipped the fix %q: it edits the generated file %s"
	msgChanged   = "%s changed since it was analysed (%d bytes, now %d): not fixed"
)

// An Outcome says what Apply did.
type Outcome struct {
	// Applied counts the fixes taken; Files are the files they edit,
	// sorted.
	Applied int
	Files   []string
	// Warnings say which fixes were skipped, and why.
	Warnings []string
}

// Options say where the fixed files go.
type Options struct {
	// Diff, if not nil, receives the fixes as a unified diff, and no file
	// is written.
	Diff io.Writer
	// Write writes a fixed file; nil means os.WriteFile, keeping the
	// file's mode.
	Write func(name string, data []byte) error
}

// Apply applies the first fix of each of fs. files describes the files
// as they were analysed (sizes, generated); a file missing from it is
// edited without those checks. It returns an error when a file cannot be
// read or written, or changed since it was analysed; the other files are
// still fixed.
func Apply(fs []*findings.Finding, files map[string]driver.File, opts Options) (*Outcome, error) {
	out := &Outcome{}
	taken := make(map[string][]driver.Edit) // by file, sorted by start
	for _, f := range fs {
		if len(f.Fixes) == 0 {
			continue
		}
		fix := f.Fixes[0]
		if gen := generatedFile(fix, files); gen != "" {
			out.Warnings = append(out.Warnings, fmt.Sprintf(msgGenerated, f.Position, fix.Message, gen))
			continue
		}
		add, ok := merge(taken, fix.Edits)
		if !ok {
			out.Warnings = append(out.Warnings, fmt.Sprintf(msgConflict, f.Position, fix.Message))
			continue
		}
		for _, e := range add {
			taken[e.Filename] = insertSorted(taken[e.Filename], e)
		}
		out.Applied++
	}

	var errs []error
	for _, name := range slices.Sorted(maps.Keys(taken)) {
		old, err := os.ReadFile(name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if info, ok := files[name]; ok && info.Size != len(old) {
			errs = append(errs, fmt.Errorf(msgChanged, name, info.Size, len(old)))
			continue
		}
		fixed := apply(old, taken[name])
		if formatted, err := format.Source(fixed); err == nil {
			fixed = formatted
		}
		if bytes.Equal(fixed, old) {
			continue
		}
		out.Files = append(out.Files, name)
		if opts.Diff != nil {
			if _, err := io.WriteString(opts.Diff, Unified(name+" (old)", name+" (new)", string(old), string(fixed))); err != nil {
				return out, err
			}
			continue
		}
		if err := write(opts, name, fixed); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return out, errors.Join(errs...)
	}
	return out, nil
}

// merge returns the edits of a fix that are not taken yet, and false if
// one of them conflicts with an edit taken.
func merge(taken map[string][]driver.Edit, edits []driver.Edit) ([]driver.Edit, bool) {
	var add []driver.Edit
	for _, e := range edits {
		dup := false
		for _, t := range taken[e.Filename] {
			switch {
			case sameEdit(e, t):
				dup = true
			case overlap(e, t):
				return nil, false
			}
		}
		for _, a := range add {
			if a.Filename == e.Filename && overlap(e, a) && !sameEdit(e, a) {
				return nil, false
			}
		}
		if !dup {
			add = append(add, e)
		}
	}
	return add, true
}

func sameEdit(a, b driver.Edit) bool {
	return a.Filename == b.Filename && a.Start == b.Start && a.End == b.End && bytes.Equal(a.New, b.New)
}

// overlap reports whether two edits of one file conflict: their ranges
// intersect, or both insert at the same offset (in no telling order),
// or one inserts strictly inside the range the other replaces.
func overlap(a, b driver.Edit) bool {
	switch {
	case a.Start == a.End && b.Start == b.End:
		return a.Start == b.Start
	case a.Start == a.End:
		return b.Start < a.Start && a.Start < b.End
	case b.Start == b.End:
		return a.Start < b.Start && b.Start < a.End
	}
	return a.Start < b.End && b.Start < a.End
}

func insertSorted(es []driver.Edit, e driver.Edit) []driver.Edit {
	i, _ := slices.BinarySearchFunc(es, e, compareEdits)
	return slices.Insert(es, i, e)
}

func compareEdits(a, b driver.Edit) int {
	return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End))
}

// apply returns src with the sorted, disjoint edits applied.
func apply(src []byte, edits []driver.Edit) []byte {
	var b bytes.Buffer
	last := 0
	for _, e := range edits {
		b.Write(src[last:e.Start])
		b.Write(e.New)
		last = e.End
	}
	b.Write(src[last:])
	return b.Bytes()
}

// generatedFile returns the name of a generated file that fix edits, or
// "".
func generatedFile(fix driver.Fix, files map[string]driver.File) string {
	for _, e := range fix.Edits {
		if files[e.Filename].Generated {
			return e.Filename
		}
	}
	return ""
}

func write(opts Options, name string, data []byte) error {
	if opts.Write != nil {
		return opts.Write(name, data)
	}
	mode := os.FileMode(0o644)
	if info, err := os.Stat(name); err == nil {
		mode = info.Mode().Perm()
	}
	return os.WriteFile(name, data, mode)
}
