// Command locklint reports lock misuse in Go code: locks acquired twice,
// locks left held, and (as the passes land) lock-order cycles and
// sync.Cond misuse.
//
//	locklint [flags] packages
//	locklint -format=text|json|sarif|github [-baseline=FILE | -write-baseline=FILE] [flags] packages
//	go vet -vettool=$(which locklint) packages
//	locklint help [pass]
//
// It is a golang.org/x/tools multichecker, so it also accepts -json, -fix,
// -diff, -flags and -V=full, and speaks the unitchecker protocol that go
// vet uses. Besides each pass's own flags (-<pass>.<flag>), the flags of
// the lock-state engine that every pass requires are offered as
// -lockstate.<flag>; -lockstate.debug prints to stderr the functions the
// engine skipped because a budget was hit.
//
// Exit status, standalone (these are the x/tools checker's codes):
//
//	0  no findings; also always with -json, and after -fix applied its edits
//	1  packages failed to load or type-check, or an analysis failed
//	3  findings were reported (and nothing failed)
//
// Bad flags exit 2. Under go vet -vettool the status is the vet command's
// own: non-zero when anything was reported or failed.
//
// # CI gate
//
// Any of -format, -baseline or -write-baseline turns the standalone
// driver into a CI gate (go vet's calls, -flags, -V and help are never
// affected). It analyses the packages as the plain run does (the same
// -test, -c, -<pass> and -<pass>.<flag>, -lockstate.<flag>; not -fix or
// -diff) and prints its findings in one of four formats:
//
//	-format=text    as the plain run, to stderr (the default)
//	-format=json    the -json tree, to stdout (also -json with a gate flag)
//	-format=sarif   a SARIF 2.1.0 log to stdout: one rule per pass, paths
//	                relative to the current directory under %SRCROOT%
//	-format=github  GitHub Actions ::error commands to stdout, which
//	                annotate the pull request
//
// -write-baseline=FILE writes the findings to FILE instead of printing
// them. -baseline=FILE then reports, and fails on, only the findings
// that FILE does not list, and prints to stderr a summary such as
// "locklint: 3 findings, 2 in the baseline, 1 new". A finding is matched
// by a fingerprint of its pass, file, message and the text of its line,
// not by line number, so edits above it keep it in the baseline. Paths
// are relative to the current directory: write and use a baseline from
// the same directory, the repository root.
//
// Exit status of the gate:
//
//	0  no findings outside the baseline (and nothing failed); always after
//	   -write-baseline wrote the file, unless a package failed
//	1  packages failed to load or type-check, or an analysis failed
//	2  bad flags or arguments; the -baseline file is missing or not a
//	   baseline; the -write-baseline file cannot be written
//	3  findings outside the baseline
package main

import (
	"flag"
	"os"
	"path/filepath"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/locklint/locklint/analyzers"
	"github.com/locklint/locklint/internal/lockstate"
)

func main() {
	progname := filepath.Base(os.Args[0])
	g := newGate(progname, analyzers.All, os.Stdout, os.Stderr)
	if useGate(os.Args[1:], g.takesValue) {
		os.Exit(g.run(os.Args[1:]))
	}
	registerEngineFlags(flag.CommandLine)
	if isHelp(os.Args[1:]) {
		// List the gate's flags among the core flags of "locklint help".
		// Only there: go vet learns the tool's flags from -flags, and
		// the gate's have no meaning under go vet.
		registerGateFlags(flag.CommandLine, new(gateOptions))
	}
	multichecker.Main(analyzers.All...)
}

// isHelp reports whether args is "help" with no flags before it.
func isHelp(args []string) bool {
	return len(args) > 0 && args[0] == "help"
}

// registerEngineFlags offers the engine's flags on fs as
// -lockstate.<name>. The multichecker registers flags only for the
// analyzers it is given (as -<analyzer>.<name>), and the engine is not one
// of them: it runs because every pass requires it. Registering it here,
// with the same naming, makes its flags reachable from the command line
// and from go vet, which learns the tool's flags from -flags.
func registerEngineFlags(fs *flag.FlagSet) {
	lockstate.Analyzer.Flags.VisitAll(func(f *flag.Flag) {
		fs.Var(f.Value, "lockstate."+f.Name, f.Usage)
	})
}
