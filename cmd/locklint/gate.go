package main

// This file is the CI gate: the standalone driver run with -format,
// -baseline or -write-baseline. It loads and analyses packages as the
// x/tools checker does (the same load mode, the same -test default, the
// same deduplication of a package and its test variant), then prints
// what is not in the baseline in the chosen format and maps the outcome
// to an exit code of its own (see the package comment).

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/locklint/locklint/cmd/locklint/internal/baseline"
	"github.com/locklint/locklint/cmd/locklint/internal/findings"
	"github.com/locklint/locklint/cmd/locklint/internal/report"
)

// The gate's exit codes.
const (
	exitClean    = 0 // no findings, or none outside the baseline
	exitErrors   = 1 // packages failed to load or type-check, or an analysis failed
	exitUsage    = 2 // bad flags or arguments, or an unreadable baseline
	exitFindings = 3 // findings outside the baseline (and nothing failed)
)

// formats are the values of -format.
var formats = []string{"text", "json", "sarif", "github"}

// gateOptions are the gate's own flags.
type gateOptions struct {
	format        string
	baseline      string
	writeBaseline string
}

// registerGateFlags registers the flags that select the gate on fs.
func registerGateFlags(fs *flag.FlagSet, o *gateOptions) {
	fs.StringVar(&o.format, "format", "", "CI gate: output format, one of "+strings.Join(formats, ", ")+" (default text)")
	fs.StringVar(&o.baseline, "baseline", "", "CI gate: report and fail only on findings not in this baseline file")
	fs.StringVar(&o.writeBaseline, "write-baseline", "", "CI gate: write the current findings to this baseline file and exit 0")
}

// checkerValueFlags are the multichecker's own flags that take a value
// (the others are boolean): useGate must skip the value of "-c 3".
var checkerValueFlags = map[string]bool{
	"c": true, "debug": true, "cpuprofile": true, "memprofile": true, "trace": true, "tags": true,
}

// useGate reports whether the command line args (without the program
// name) asks for the gate: whether a gate flag is among the flags, and
// the call is not go vet's (a *.cfg argument, -V, -flags) nor help.
// takesValue tells the flags that take a value when written without '='.
func useGate(args []string, takesValue func(name string) bool) bool {
	gate := false
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" || a == "-" || !strings.HasPrefix(a, "-") {
			// The first argument that is not a flag: a package
			// pattern, go vet's config file, or "help".
			if a != "--" && (strings.HasSuffix(a, ".cfg") || a == "help") {
				return false
			}
			if a == "--" && i+1 < len(args) && strings.HasSuffix(args[i+1], ".cfg") {
				return false
			}
			break
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		switch name {
		case "format", "baseline", "write-baseline":
			gate = true
		case "V", "flags":
			return false
		}
		if !hasValue && takesValue(name) {
			i++ // skip the value
		}
	}
	return gate
}

// gate is one run of the CI gate.
type gate struct {
	progname       string
	analyzers      []*analysis.Analyzer
	stdout, stderr io.Writer

	opts     gateOptions
	json     bool
	tests    bool
	context  int
	selected map[*analysis.Analyzer]*selectFlag
	fs       *flag.FlagSet
}

// newGate returns a gate over analyzers with its flags registered: the
// gate's, the checker's that still apply (-json, -test, -c), the engine's
// and the passes' (-lockstate.<flag>, -<pass>, -<pass>.<flag>, as the
// multichecker names them).
func newGate(progname string, analyzers []*analysis.Analyzer, stdout, stderr io.Writer) *gate {
	g := &gate{
		progname:  progname,
		analyzers: analyzers,
		stdout:    stdout,
		stderr:    stderr,
		selected:  make(map[*analysis.Analyzer]*selectFlag),
		fs:        flag.NewFlagSet(progname, flag.ContinueOnError),
	}
	fs := g.fs
	fs.SetOutput(stderr)
	registerGateFlags(fs, &g.opts)
	fs.BoolVar(&g.json, "json", false, "same as -format=json")
	fs.BoolVar(&g.tests, "test", true, "analyze test files too")
	fs.IntVar(&g.context, "c", -1, "with -format=text, print the offending line with this many lines of context")
	registerEngineFlags(fs)
	for _, a := range analyzers {
		sel := new(selectFlag)
		g.selected[a] = sel
		fs.Var(sel, a.Name, fmt.Sprintf("enable %q analysis", a.Name))
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, a.Name+"."+f.Name, f.Usage)
		})
	}
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: %s -format=text|json|sarif|github [-baseline=FILE | -write-baseline=FILE] [flags] packages\n\nFlags:\n", progname)
		fs.PrintDefaults()
	}
	return g
}

// takesValue reports whether the flag name takes a value, for useGate.
func (g *gate) takesValue(name string) bool {
	if f := g.fs.Lookup(name); f != nil {
		b, ok := f.Value.(interface{ IsBoolFlag() bool })
		return !ok || !b.IsBoolFlag()
	}
	return checkerValueFlags[name]
}

// run runs the gate on the command line args and returns the exit code.
// A panic is an analysis failure, exit 1, not the runtime's exit 2, which
// the gate reserves for bad flags.
func (g *gate) run(args []string) (code int) {
	defer func() {
		if r := recover(); r != nil {
			g.errorf("internal error: %v\n%s", r, debug.Stack())
			code = exitErrors
		}
	}()
	if err := g.fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitClean
		}
		return exitUsage // the flag package printed the error and usage
	}
	format := g.opts.format
	switch {
	case g.json && format != "" && format != "json":
		return g.usage("-json conflicts with -format=%s", format)
	case g.json:
		format = "json"
	case format == "":
		format = "text"
	case !slices.Contains(formats, format):
		return g.usage("-format=%s: want one of %s", format, strings.Join(formats, ", "))
	}
	if g.opts.baseline != "" && g.opts.writeBaseline != "" {
		return g.usage("-baseline and -write-baseline cannot be used together")
	}
	patterns := g.fs.Args()
	if len(patterns) == 0 {
		return g.usage("no packages given")
	}
	var base *baseline.File
	if g.opts.baseline != "" {
		var err error
		if base, err = baseline.Read(g.opts.baseline); err != nil {
			g.errorf("-baseline: %v", err)
			return exitUsage
		}
	}
	root, err := os.Getwd()
	if err != nil {
		g.errorf("%v", err)
		return exitErrors
	}

	graph, errs, err := g.analyze(patterns)
	if err != nil {
		g.errorf("%v", err)
		return exitErrors
	}
	set := findings.Collect(graph, root)
	code = exitClean
	if len(errs) > 0 {
		code = exitErrors
	}

	if g.opts.writeBaseline != "" {
		if err := baseline.New(set.Findings).Write(g.opts.writeBaseline); err != nil {
			g.errorf("-write-baseline: %v", err)
			return exitUsage
		}
		g.errorf("wrote %s to %s", plural(len(set.Findings), "finding"), g.opts.writeBaseline)
		return code
	}

	shown := set.Findings
	if base != nil {
		split := base.Split(set.Findings, func(file string) bool {
			// A file analysed now, or one deleted since.
			_, err := os.Stat(filepath.Join(root, filepath.FromSlash(file)))
			return set.Analysed(file) || errors.Is(err, os.ErrNotExist)
		})
		shown = split.New
		summary := fmt.Sprintf("%s, %d in the baseline, %d new", plural(len(set.Findings), "finding"), split.Known, len(split.New))
		if split.Stale > 0 {
			summary += fmt.Sprintf("; %s no longer found (rewrite the baseline with -write-baseline to drop them)", plural(split.Stale, "baseline entry"))
		}
		defer g.errorf("%s", summary) // after the findings
	}

	if err := g.print(format, graph, set, shown, root, errs); err != nil {
		g.errorf("%v", err)
		return exitErrors
	}
	if code == exitClean && len(shown) > 0 {
		code = exitFindings
	}
	return code
}

// analyze loads the packages as the checker does and runs the selected
// analyzers. It prints to stderr, and returns, the load errors and the
// errors of failed analyses; err is a failure to load at all.
func (g *gate) analyze(patterns []string) (graph *checker.Graph, errs []string, err error) {
	cfg := &packages.Config{
		// The passes need facts from every dependency, hence syntax for all.
		Mode:  packages.LoadAllSyntax | packages.NeedModule,
		Tests: g.tests,
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, nil, err
	}
	if len(pkgs) == 0 {
		return nil, nil, fmt.Errorf("%s matched no packages", strings.Join(patterns, " "))
	}
	report := func(msg string) {
		errs = append(errs, msg)
		fmt.Fprintln(g.stderr, msg)
	}
	// As packages.PrintErrors does.
	badModules := make(map[*packages.Module]bool)
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			report(e.Error())
		}
		if m := p.Module; m != nil && m.Error != nil && !badModules[m] {
			badModules[m] = true
			report(m.Error.Err)
		}
	})
	graph, err = checker.Analyze(g.enabled(), pkgs, nil)
	if err != nil {
		return nil, nil, err
	}
	for act := range graph.All() {
		if act.Err != nil {
			report(fmt.Sprintf("%s: %v", act.Analyzer.Name, act.Err))
		}
	}
	return graph, errs, nil
}

// enabled applies the -<pass> flags as the multichecker does: if any is
// true, run only those; otherwise, if any is false, run all but those.
func (g *gate) enabled() []*analysis.Analyzer {
	var on, off []*analysis.Analyzer
	for _, a := range g.analyzers {
		if sel := g.selected[a]; sel.set {
			if sel.value {
				on = append(on, a)
			} else {
				off = append(off, a)
			}
		}
	}
	switch {
	case len(on) > 0:
		return on
	case len(off) > 0:
		return slices.DeleteFunc(slices.Clone(g.analyzers), func(a *analysis.Analyzer) bool { return slices.Contains(off, a) })
	}
	return g.analyzers
}

func (g *gate) print(format string, graph *checker.Graph, set *findings.Set, shown []*findings.Finding, root string, errs []string) error {
	switch format {
	case "json":
		isShown := make(map[*findings.Finding]bool, len(shown))
		for _, f := range shown {
			isShown[f] = true
		}
		return report.JSON(g.stdout, graph, func(act *checker.Action, d analysis.Diagnostic) bool {
			return isShown[set.Of(act, d)]
		})
	case "sarif":
		return report.SARIF(g.stdout, report.SARIFRun{
			Analyzers: g.enabled(),
			Findings:  shown,
			Root:      root,
			Version:   version(),
			Errors:    errs,
		})
	case "github":
		return report.GitHub(g.stdout, shown)
	default:
		return report.Text(g.stderr, shown, g.context)
	}
}

func (g *gate) usage(format string, args ...any) int {
	g.errorf(format, args...)
	g.fs.Usage()
	return exitUsage
}

func (g *gate) errorf(format string, args ...any) {
	fmt.Fprintf(g.stderr, "%s: %s\n", g.progname, fmt.Sprintf(format, args...))
}

// version is locklint's module version, when the binary was built from a
// module version (go install ...@v1.2.3).
func version() string {
	if info, ok := debug.ReadBuildInfo(); ok && strings.HasPrefix(info.Main.Version, "v") {
		return info.Main.Version
	}
	return ""
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "y") {
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(noun, "y"))
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// selectFlag is a -<pass> flag: a boolean that remembers being set, as
// the multichecker's.
type selectFlag struct{ set, value bool }

func (s *selectFlag) IsBoolFlag() bool { return true }
func (s *selectFlag) String() string {
	if !s.set {
		return "unset"
	}
	return fmt.Sprint(s.value)
}
func (s *selectFlag) Set(v string) error {
	b, err := strconv.ParseBool(v)
	if err != nil {
		return err
	}
	s.set, s.value = true, b
	return nil
}
