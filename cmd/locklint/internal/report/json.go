package report

import (
	"cmp"
	"encoding/json"
	"go/token"
	"io"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
)

// JSON prints the diagnostics of g's root actions that keep accepts in
// the checker's -json form: {package ID: {analyzer: [diagnostic]}}, with
// {"error": "..."} in place of the list for each action that failed, root
// or not. It is the checker's (golang.org/x/tools's internal
// driverutil.JSONTree), repeated here because the checker prints every
// diagnostic and the gate prints only new ones.
func JSON(w io.Writer, g *checker.Graph, keep func(*checker.Action, analysis.Diagnostic) bool) error {
	tree := make(map[string]map[string]any)
	add := func(act *checker.Action, v any) {
		m := tree[act.Package.ID]
		if m == nil {
			m = make(map[string]any)
			tree[act.Package.ID] = m
		}
		m[act.Analyzer.Name] = v
	}
	for act := range g.All() {
		if act.Err != nil {
			add(act, jsonError{act.Err.Error()})
			continue
		}
		if !act.IsRoot {
			continue
		}
		var diags []jsonDiagnostic
		for _, d := range act.Diagnostics {
			if keep(act, d) {
				diags = append(diags, newJSONDiagnostic(act.Package.Fset, d))
			}
		}
		if len(diags) > 0 {
			add(act, diags)
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

func newJSONDiagnostic(fset *token.FileSet, d analysis.Diagnostic) jsonDiagnostic {
	j := jsonDiagnostic{
		Category: d.Category,
		Posn:     fset.Position(d.Pos).String(),
		End:      fset.Position(cmp.Or(d.End, d.Pos)).String(),
		Message:  d.Message,
	}
	for _, fix := range d.SuggestedFixes {
		jf := jsonFix{Message: fix.Message}
		for _, e := range fix.TextEdits {
			jf.Edits = append(jf.Edits, jsonTextEdit{
				Filename: fset.Position(e.Pos).Filename,
				Start:    fset.Position(e.Pos).Offset,
				End:      fset.Position(e.End).Offset,
				New:      string(e.NewText),
			})
		}
		j.SuggestedFixes = append(j.SuggestedFixes, jf)
	}
	for _, r := range d.Related {
		j.Related = append(j.Related, jsonRelatedInfo{
			Posn:    fset.Position(r.Pos).String(),
			End:     fset.Position(cmp.Or(r.End, r.Pos)).String(),
			Message: r.Message,
		})
	}
	return j
}
