package oracle

import (
	"fmt"
	"math/bits"
	"slices"
	"strings"
)

// A Disagreement is a report the oracle wants and locklint does not make
// (Missing), or one locklint makes that the oracle does not allow.
type Disagreement struct {
	Key
	Missing bool
	Why     string // Missing: the oracle's reason; else the report's message
}

func (d Disagreement) String() string {
	if d.Missing {
		return fmt.Sprintf("line %d: missing %s report (%s)", d.Line, d.Pass, d.Why)
	}
	return fmt.Sprintf("line %d: unexpected %s report: %s", d.Line, d.Pass, d.Why)
}

// Compare matches locklint's diagnostics against the oracle's verdict.
func Compare(e *Expectation, diags []Diagnostic) []Disagreement {
	var out []Disagreement
	got := make(map[Key]string)
	for _, d := range diags {
		if _, ok := got[d.Key()]; !ok {
			got[d.Key()] = d.Message
		}
	}
	for k, why := range e.Want {
		if _, ok := got[k]; !ok {
			out = append(out, Disagreement{Key: k, Missing: true, Why: why})
		}
	}
	for k, msg := range got {
		_, want := e.Want[k]
		_, maybe := e.Maybe[k]
		if !want && !maybe {
			out = append(out, Disagreement{Key: k, Why: msg})
		}
	}
	slices.SortFunc(out, func(a, b Disagreement) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return strings.Compare(a.Pass, b.Pass)
	})
	return out
}

// explained reports whether d does not occur under the verdict e (a
// relaxed semantics): locklint agrees with e on d's key.
func explained(d Disagreement, e *Expectation) bool {
	_, want := e.Want[d.Key]
	_, maybe := e.Maybe[d.Key]
	switch {
	case e.OverBudget && !d.Missing:
		// A relaxed semantics too costly to enumerate whole still
		// explains a report that a path it followed makes (nested
		// opaque loops forking at each TryLock: seed 5011466).
		return want || maybe
	case e.Rejected != "":
		return false
	case d.Missing:
		return !want
	}
	return want || maybe
}

// numbered prefixes each line of src with its number.
func numbered(src string) string {
	var b strings.Builder
	for i, l := range strings.Split(strings.TrimSuffix(src, "\n"), "\n") {
		fmt.Fprintf(&b, "%3d  %s\n", i+1, l)
	}
	return b.String()
}

// An Explanation is a known way the engine departs from the oracle:
// a relaxed semantics (oracle options that mimic an approximation of the
// engine) and a spelling of the program (a style under which the engine
// is run again). A disagreement that vanishes under it is explained by
// it.
type Explanation struct {
	Name  string
	Opt   Options
	Style Style
	// Match, when set, explains a disagreement by a construct of the
	// program alone (neither Opt nor Style is used, nor combined).
	Match func(p *Program, d Disagreement) bool
}

// Explanations are the single explanations; Classify also tries their
// combinations.
var Explanations = []Explanation{
	{Name: "opaque-loops", Opt: Options{OpaqueLoops: true}},
	{Name: "may-releases", Opt: Options{MayReleases: true}},
	{Name: "unfound-branches", Opt: Options{UnfoundBranches: true}},
	{Name: "read-loops-accumulate", Opt: Options{ReadLoopsAccumulate: true}},
	{Name: "loops-forget-all", Opt: Options{LoopsForgetAll: true}},
}

// Matches are the explanations by construct, tried after the others.
var Matches = []Explanation{
	{Name: "engine-budget", Match: func(*Program, Disagreement) bool { return false }}, // set by Run
}

// maxCombined bounds the explanations combined to explain one
// disagreement.
const maxCombined = 3

// combinations lists the unions of up to maxCombined Explanations,
// smallest first, then the Matches.
var combinations = func() []Explanation {
	var out []Explanation
	n := len(Explanations)
	for size := 1; size <= maxCombined; size++ {
		for set := 1; set < 1<<n; set++ {
			if bits.OnesCount(uint(set)) != size {
				continue
			}
			var x Explanation
			var names []string
			for i, y := range Explanations {
				if set&(1<<i) == 0 {
					continue
				}
				names = append(names, y.Name)
				x.Opt = union(x.Opt, y.Opt)
				x.Style.TryBranch = x.Style.TryBranch || y.Style.TryBranch
				x.Style.NopInTry = x.Style.NopInTry || y.Style.NopInTry
			}
			x.Name = strings.Join(names, "+")
			x.Opt.tryBranch = x.Style.TryBranch
			out = append(out, x)
		}
	}
	return append(out, Matches...)
}()

func union(a, b Options) Options {
	return Options{
		OpaqueLoops:         a.OpaqueLoops || b.OpaqueLoops,
		MayReleases:         a.MayReleases || b.MayReleases,
		UnfoundBranches:     a.UnfoundBranches || b.UnfoundBranches,
		ReadLoopsAccumulate: a.ReadLoopsAccumulate || b.ReadLoopsAccumulate,
		LoopsForgetAll:      a.LoopsForgetAll || b.LoopsForgetAll,
		tryBranch:           a.tryBranch || b.tryBranch,
	}
}

// Classify labels each disagreement with the first explanation that
// explains it, or "" when none does.
func Classify(p *Program, ds []Disagreement) ([]string, error) {
	labels := make([]string, len(ds))
	exps := make(map[Options]*Expectation)
	diags := make(map[Style][]Diagnostic)
	for i, d := range ds {
		for _, x := range combinations {
			if x.Match != nil {
				if x.Match(p, d) {
					labels[i] = x.Name
					break
				}
				continue
			}
			e, ok := exps[x.Opt]
			if !ok {
				e = Expect(p, x.Opt)
				exps[x.Opt] = e
			}
			got, ok := diags[x.Style]
			if !ok && x.Style != (Style{}) {
				var err error
				if got, err = Check(p.SourceStyle("p", x.Style)); err != nil {
					return nil, err
				}
				diags[x.Style] = got
			}
			if x.Style == (Style{}) {
				if explained(d, e) {
					labels[i] = x.Name
					break
				}
				continue
			}
			// Under another spelling: the disagreement is explained if
			// locklint's verdict on its key now matches e.
			if agrees(d.Key, e, got) {
				labels[i] = x.Name
				break
			}
		}
	}
	return labels, nil
}

// agrees reports whether diags agree with e on key k.
func agrees(k Key, e *Expectation, diags []Diagnostic) bool {
	if e.Rejected != "" {
		return false
	}
	got := slices.ContainsFunc(diags, func(d Diagnostic) bool { return d.Key() == k })
	_, want := e.Want[k]
	_, maybe := e.Maybe[k]
	if got {
		return want || maybe
	}
	return !want
}

// Singles lists the single explanations (Explanations, then Matches)
// that each explain d on p, for choosing a regression case that shows
// one finding only.
func Singles(p *Program, d Disagreement) ([]string, error) {
	var out []string
	for _, x := range append(slices.Clone(Explanations), Matches...) {
		switch {
		case x.Match != nil:
			if x.Match(p, d) {
				out = append(out, x.Name)
			}
		case x.Style != (Style{}):
			got, err := Check(p.SourceStyle("p", x.Style))
			if err != nil {
				return nil, err
			}
			if agrees(d.Key, Expect(p, x.Opt), got) {
				out = append(out, x.Name)
			}
		default:
			if explained(d, Expect(p, x.Opt)) {
				out = append(out, x.Name)
			}
		}
	}
	return out, nil
}
