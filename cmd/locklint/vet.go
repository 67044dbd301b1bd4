package main

// This file is the go vet route. go vet runs the tool three ways: with
// -V=full (its version, which keys go vet's cache), with -flags (its flags
// as JSON, which go vet accepts and passes on), and once per package with
// the flags and a *.cfg file (the unitchecker protocol). Those calls go
// to the x/tools multichecker, unchanged, since go vet depends on its
// formats; every other call is locklint's own driver (run.go).

import (
	"flag"
	"os"
	"runtime/debug"
	"strings"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/locklint/locklint/analyzers"
	"github.com/locklint/locklint/internal/lockstate"
)

// isVetCall reports whether the command line args (without the program
// name) is one of go vet's calls: -V=full or -flags among the flags, or
// a *.cfg file as the first argument after them. takesValue tells the
// flags that take a value when written without '=', so that "-c 3" is
// skipped whole.
func isVetCall(args []string, takesValue func(name string) bool) bool {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return i+1 < len(args) && strings.HasSuffix(args[i+1], ".cfg")
		}
		if a == "-" || !strings.HasPrefix(a, "-") {
			return strings.HasSuffix(a, ".cfg")
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		switch {
		case name == "flags":
			return true
		case name == "V" && hasValue && value == "full":
			return true
		}
		if !hasValue && takesValue(name) {
			i++ // skip the value
		}
	}
	return false
}

// runVet runs the multichecker on the process's command line, with the
// engine's flags registered; it does not return.
func runVet() {
	// Each process analyses one package and exits: its heap stays small
	// (under 200 MiB on std), and collecting it as often as a long-lived
	// program would costs more than the memory saved. The user's GOGC
	// wins.
	tuneVetGC(os.Getenv)
	registerEngineFlags(flag.CommandLine)
	multichecker.Main(analyzers.All...)
}

// vetGCPercent is the GC target of a go vet process (see runVet).
const vetGCPercent = 400

// tuneVetGC sets the GC target of a go vet process unless GOGC is set.
func tuneVetGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(vetGCPercent)
	}
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
