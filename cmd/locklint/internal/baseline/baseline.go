// Package baseline reads and writes locklint baselines: the findings a
// project has accepted for now, so that a CI gate fails only on new ones.
//
// A baseline is a JSON file:
//
//	{
//	  "version": 1,
//	  "findings": [
//	    {"pass": "doubleacquire", "file": "loader/loader.go", "message": "...", "fingerprint": "..."}
//	  ]
//	}
//
// Entries are sorted by file, pass, message and fingerprint and carry no
// line number, so the file changes only when findings do. A finding is in
// the baseline when its fingerprint is (see the findings package for what
// a fingerprint hashes); pass, file and message are there for the reader
// of a diff.
package baseline

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"os"
	"slices"

	"github.com/locklint/locklint/cmd/locklint/internal/findings"
)

// Version is the format version this package writes and reads.
const Version = 1

// A File is a baseline.
type File struct {
	Version  int     `json:"version"`
	Findings []Entry `json:"findings"`
}

// An Entry is one accepted finding.
type Entry struct {
	Pass        string `json:"pass"`
	File        string `json:"file"`
	Message     string `json:"message"`
	Fingerprint string `json:"fingerprint"`
}

// New returns the baseline that accepts fs.
func New(fs []*findings.Finding) *File {
	b := &File{Version: Version, Findings: make([]Entry, 0, len(fs))}
	for _, f := range fs {
		b.Findings = append(b.Findings, Entry{Pass: f.Pass, File: f.File, Message: f.Message, Fingerprint: f.Fingerprint})
	}
	slices.SortFunc(b.Findings, func(x, y Entry) int {
		return cmp.Or(
			cmp.Compare(x.File, y.File),
			cmp.Compare(x.Pass, y.Pass),
			cmp.Compare(x.Message, y.Message),
			cmp.Compare(x.Fingerprint, y.Fingerprint),
		)
	})
	return b
}

// Marshal encodes b, indented, with a final newline.
func (b *File) Marshal() []byte {
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		panic(err) // strings and ints only
	}
	return append(data, '\n')
}

// Write writes b to the named file.
func (b *File) Write(name string) error {
	return os.WriteFile(name, b.Marshal(), 0o644)
}

// Read reads the baseline in the named file.
func Read(name string) (*File, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return Parse(data)
}

// Parse decodes a baseline, rejecting unknown fields and versions and
// entries without a fingerprint.
func Parse(data []byte) (*File, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var b File
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("not a locklint baseline: %v", err)
	}
	if b.Version != Version {
		return nil, fmt.Errorf("baseline version %d, want %d (rewrite it with -write-baseline)", b.Version, Version)
	}
	for i, e := range b.Findings {
		if e.Fingerprint == "" {
			return nil, fmt.Errorf("baseline entry %d (%s, %s) has no fingerprint", i, e.Pass, e.File)
		}
	}
	return &b, nil
}

// A Split divides the findings of a run by a baseline.
type Split struct {
	// New are the findings not in the baseline, in their order.
	New []*findings.Finding
	// Known counts the findings in the baseline.
	Known int
	// Stale counts the baseline's entries in scope that no finding
	// matched: fixed bugs, or findings whose line was edited (they are
	// then among New).
	Stale int
}

// Split divides fs by b. inScope tells the files that were analysed, so
// that a run over some packages does not count the entries of the others
// as stale; nil means all.
func (b *File) Split(fs []*findings.Finding, inScope func(file string) bool) Split {
	unmatched := make(map[string]int, len(b.Findings))
	for _, e := range b.Findings {
		unmatched[e.Fingerprint]++
	}
	var s Split
	for _, f := range fs {
		if unmatched[f.Fingerprint] > 0 {
			unmatched[f.Fingerprint]--
			s.Known++
			continue
		}
		s.New = append(s.New, f)
	}
	for _, e := range b.Findings {
		// The fingerprint hashes the file: entries that share one share
		// their file.
		if unmatched[e.Fingerprint] > 0 && (inScope == nil || inScope(e.File)) {
			unmatched[e.Fingerprint]--
			s.Stale++
		}
	}
	return s
}
