package main

// This file declares the standalone command's flags. Each is in one of
// the groups that "locklint help" lists (a test checks that none is
// left out), and only flags that do something are declared: none of the
// x/tools driver's deprecated no-ops.

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// options are the values of the standalone command's flags.
type options struct {
	tests      bool
	tags       string
	json       bool
	context    int
	fix, diff  bool
	version    versionFlag
	flags      bool // go vet's -flags: listed here, handled by the vet route
	cpuprofile string
	memprofile string
	gate       gateOptions
}

// gateOptions are the CI gate's flags.
type gateOptions struct {
	format        string
	baseline      string
	writeBaseline string
}

// formats are the values of -format.
var formats = []string{"text", "json", "sarif", "github"}

// A flagGroup is a heading of "locklint help" and the flags under it.
type flagGroup struct {
	title string
	names []string
}

// flagGroups orders the flags in "locklint help". The -<pass> and
// -<pass>.<flag> flags are listed with the passes, and
// -lockstate.<flag> under "Engine", from the flag set itself.
var flagGroups = []flagGroup{
	{"Analysis", []string{"test", "tags"}},
	{"Output", []string{"json", "c", "fix", "diff"}},
	{"CI gate", []string{"format", "baseline", "write-baseline"}},
	{"Other", []string{"V", "flags", "cpuprofile", "memprofile"}},
}

// registerFlags registers the command's own flags on fs.
func registerFlags(fs *flag.FlagSet, o *options) {
	fs.BoolVar(&o.tests, "test", true, "analyse the packages' test files too")
	fs.StringVar(&o.tags, "tags", "", "a comma-separated `list` of build tags, as for go build")
	fs.BoolVar(&o.json, "json", false, "print the reports as the go/analysis JSON tree to stdout: {package: {pass: [report]}}")
	fs.IntVar(&o.context, "c", -1, "print each reported line with `N` lines of context (text output)")
	fs.BoolVar(&o.fix, "fix", false, "apply the suggested fixes (the first of each report) instead of printing the reports")
	fs.BoolVar(&o.diff, "diff", false, "with -fix (implied), print the fixes as a unified diff instead of applying them")
	registerGateFlags(fs, &o.gate)
	fs.Var(&o.version, "V", "print locklint's version and exit (-V=full: go vet's format)")
	fs.BoolVar(&o.flags, "flags", false, "print the flags as JSON and exit (for go vet)")
	fs.StringVar(&o.cpuprofile, "cpuprofile", "", "write a CPU profile of the run to `file`")
	fs.StringVar(&o.memprofile, "memprofile", "", "write a heap profile at the end of the run to `file`")
}

// registerGateFlags registers the flags that select the CI gate on fs.
func registerGateFlags(fs *flag.FlagSet, o *gateOptions) {
	fs.StringVar(&o.format, "format", "", "output `format`: "+strings.Join(formats, ", ")+" (default text; json and sarif go to stdout)")
	fs.StringVar(&o.baseline, "baseline", "", "report, and fail on, only the findings not in this baseline `file`")
	fs.StringVar(&o.writeBaseline, "write-baseline", "", "write the findings to this baseline `file` instead of reporting them")
}

// registerPassFlags registers, for each pass, its enable flag -<pass> and
// its own flags as -<pass>.<flag>, as the x/tools multichecker names
// them, and the engine's flags as -lockstate.<flag>. It returns the
// enable flags.
func registerPassFlags(fs *flag.FlagSet, passes []*analysis.Analyzer) map[*analysis.Analyzer]*selectFlag {
	selected := make(map[*analysis.Analyzer]*selectFlag)
	for _, a := range passes {
		sel := new(selectFlag)
		selected[a] = sel
		fs.Var(sel, a.Name, fmt.Sprintf("run the %s pass (see the passes above)", a.Name))
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, a.Name+"."+f.Name, f.Usage)
		})
	}
	registerEngineFlags(fs)
	return selected
}

// enabled applies the -<pass> flags as the multichecker does: if any is
// true, the passes set true; otherwise, if any is false, all but those.
func enabled(passes []*analysis.Analyzer, selected map[*analysis.Analyzer]*selectFlag) []*analysis.Analyzer {
	var on, off []*analysis.Analyzer
	for _, a := range passes {
		if sel := selected[a]; sel.set {
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
		return slices.DeleteFunc(slices.Clone(passes), func(a *analysis.Analyzer) bool { return slices.Contains(off, a) })
	}
	return passes
}

// takesValue reports whether the flag name of fs takes a value when
// written without '='. A flag fs does not know (one of go vet's) is
// taken as boolean.
func takesValue(fs *flag.FlagSet, name string) bool {
	if f := fs.Lookup(name); f != nil {
		b, ok := f.Value.(interface{ IsBoolFlag() bool })
		return !ok || !b.IsBoolFlag()
	}
	return false
}

// selectFlag is a -<pass> flag: a boolean that remembers being set, as
// the multichecker's.
type selectFlag struct{ set, value bool }

func (s *selectFlag) IsBoolFlag() bool { return true }
func (s *selectFlag) String() string {
	if s == nil || !s.set {
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

// versionFlag is -V: a boolean here, since -V=full goes to the vet route.
type versionFlag bool

func (v *versionFlag) IsBoolFlag() bool { return true }
func (v *versionFlag) String() string   { return "false" }
func (v *versionFlag) Set(s string) error {
	b, err := strconv.ParseBool(s)
	if err != nil {
		return errors.New("want -V or -V=full")
	}
	*v = versionFlag(b)
	return nil
}

// newFlagSet returns the command's flag set, which reports its errors
// to no one: the command prints them in one line of its own.
func newFlagSet(progname string) *flag.FlagSet {
	fs := flag.NewFlagSet(progname, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}
