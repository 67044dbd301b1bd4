package oracle

import (
	"fmt"
	"slices"
	"strings"
)

// An Outcome is the comparison of one program: what locklint reported,
// what the oracle expects, where they disagree, and the explanation of
// each disagreement ("" for none: an engine bug not yet known).
type Outcome struct {
	Program       *Program
	Source        string
	Diags         []Diagnostic
	Expect        *Expectation
	Disagreements []Disagreement
	Labels        []string
	// Skipped lists the functions the engine gave up on or truncated
	// (a budget): they report nothing, or only what some paths show, and
	// every disagreement is then explained by the finding
	// "engine-budget".
	Skipped []string
}

// Run checks p with locklint and with the oracle and compares them.
func Run(p *Program) (*Outcome, error) {
	o := &Outcome{Program: p, Source: p.Source("p")}
	var err error
	if o.Diags, o.Skipped, err = check(o.Source); err != nil {
		return nil, fmt.Errorf("%v\n%s", err, numbered(o.Source))
	}
	o.Expect = Expect(p, Options{})
	if o.Expect.Rejected != "" {
		return o, nil
	}
	o.Disagreements = Compare(o.Expect, o.Diags)
	if len(o.Skipped) > 0 {
		o.Labels = make([]string, len(o.Disagreements))
		for i := range o.Labels {
			o.Labels[i] = "engine-budget"
		}
		return o, nil
	}
	if o.Labels, err = Classify(p, o.Disagreements); err != nil {
		return nil, err
	}
	return o, nil
}

// Unexplained returns the disagreements no explanation accounts for.
func (o *Outcome) Unexplained() []Disagreement {
	var out []Disagreement
	for i, d := range o.Disagreements {
		if o.Labels[i] == "" {
			out = append(out, d)
		}
	}
	return out
}

// Report describes the outcome for a failing test: the program with its
// line numbers, locklint's reports, and the disagreements.
func (o *Outcome) Report() string {
	var b strings.Builder
	b.WriteString(numbered(o.Source))
	for _, sk := range o.Skipped {
		fmt.Fprintf(&b, "the engine skipped %s\n", sk)
	}
	b.WriteString("locklint reports:\n")
	for _, d := range o.Diags {
		fmt.Fprintf(&b, "  %d: %s: %s\n", d.Line, d.Pass, d.Message)
	}
	b.WriteString("disagreements:\n")
	for i, d := range o.Disagreements {
		label := o.Labels[i]
		if label == "" {
			label = "UNEXPLAINED"
		}
		fmt.Fprintf(&b, "  %v [%s]\n", d, label)
	}
	return b.String()
}

// Signature is what a shrunk program must keep of a disagreement: the
// pass, whether the report is missing or extra, and its explanation.
type Signature struct {
	Pass    string
	Missing bool
	Label   string
}

// Has reports whether o shows a disagreement with signature s.
func (o *Outcome) Has(s Signature) bool {
	for i, d := range o.Disagreements {
		if d.Pass == s.Pass && d.Missing == s.Missing && o.Labels[i] == s.Label {
			return true
		}
	}
	return false
}

// ShrinkTo shrinks p while it shows a disagreement with signature s.
func ShrinkTo(p *Program, s Signature) *Program {
	return Shrink(p, func(c *Program) bool {
		o, err := Run(c)
		return err == nil && o.Expect.Rejected == "" && o.Has(s)
	})
}

// Annotated is the program's source with the oracle's verdict as
// trailing comments, in the acceptance corpus' format: "// want: pass"
// on each line where a pass must report, "maybe: pass" where it may.
// The header comment comes first (it names the case and the finding).
func Annotated(p *Program, pkg string, header []string) string {
	p = p.Clone()
	src := p.sourceWith(pkg, header, Style{})
	e := Expect(p, Options{})
	lines := strings.Split(strings.TrimSuffix(src, "\n"), "\n")
	notes := make(map[int][]string)
	add := func(m map[Key]string, word string) {
		byLine := make(map[int][]string)
		for k := range m {
			byLine[k.Line] = append(byLine[k.Line], k.Pass)
		}
		for l, passes := range byLine {
			slices.Sort(passes)
			notes[l] = append(notes[l], word+": "+strings.Join(passes, " "))
		}
	}
	add(e.Want, "want")
	add(e.Maybe, "maybe")
	for l, n := range notes {
		lines[l-1] += " // " + strings.Join(n, "; ")
	}
	return strings.Join(lines, "\n") + "\n"
}
