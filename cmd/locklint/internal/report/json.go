package report

import (
	"encoding/json"
	"io"

	"github.com/locklint/locklint/internal/driver"
)

// JSON prints the diagnostics of r's root packages that keep accepts in
// the x/tools checker's -json form, {package ID: {analyzer: [diagnostic]}},
// with {"error": "..."} in place of the list for each action that failed,
// on a root package or not. Unlike text, it repeats a report in a package
// and in its test variant, as the checker does. It is the checker's format
// (golang.org/x/tools's internal driverutil.JSONTree), which tools parse
// (go vet -json prints the same per package).
func JSON(w io.Writer, r *driver.Result, keep func(*driver.Action, *driver.Diagnostic) bool) error {
	tree := make(map[string]map[string]any)
	add := func(p *driver.Package, a *driver.Action, v any) {
		m := tree[p.ID]
		if m == nil {
			m = make(map[string]any)
			tree[p.ID] = m
		}
		m[a.Analyzer.Name] = v
	}
	for _, p := range r.Packages {
		for _, a := range p.Actions {
			if a.Err != nil {
				add(p, a, jsonError{a.Err.Error()})
				continue
			}
			if !p.Root {
				continue
			}
			var diags []jsonDiagnostic
			for i := range a.Diagnostics {
				if d := &a.Diagnostics[i]; keep(a, d) {
					diags = append(diags, newJSONDiagnostic(d))
				}
			}
			if len(diags) > 0 {
				add(p, a, diags)
			}
		}
	}
	data, err := json.MarshalIndent(tree, "", "\t")
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

type jsonError struct {
	Err string `json:"error"`
}

type jsonDiagnostic struct {
	Category       string            `json:"category,omitempty"`
	Posn           string            `json:"posn"`
	End            string            `json:"end"`
	Message        string            `json:"message"`
	SuggestedFixes []jsonFix         `json:"suggested_fixes,omitempty"`
	Related        []jsonRelatedInfo `json:"related,omitempty"`
}

type jsonFix struct {
	Message string         `json:"message"`
	Edits   []jsonTextEdit `json:"edits"`
}

type jsonTextEdit struct {
	Filename string `json:"filename"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	New      string `json:"new"`
}

type jsonRelatedInfo struct {
	Posn    string `json:"posn"`
	End     string `json:"end"`
	Message string `json:"message"`
}

func newJSONDiagnostic(d *driver.Diagnostic) jsonDiagnostic {
	j := jsonDiagnostic{
		Category: d.Category,
		Posn:     d.Pos.String(),
		End:      d.End.String(),
		Message:  d.Message,
	}
	for _, fix := range d.Fixes {
		jf := jsonFix{Message: fix.Message}
		for _, e := range fix.Edits {
			jf.Edits = append(jf.Edits, jsonTextEdit{
				Filename: e.Filename,
				Start:    e.Start,
				End:      e.End,
				New:      string(e.New),
			})
		}
		j.SuggestedFixes = append(j.SuggestedFixes, jf)
	}
	for _, r := range d.Related {
		j.Related = append(j.Related, jsonRelatedInfo{
			Posn:    r.Pos.String(),
			End:     r.End.String(),
			Message: r.Message,
		})
	}
	return j
}
