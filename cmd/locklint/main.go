// Command locklint reports lock misuse in Go code: locks acquired twice,
// locks left held, and (as the passes land) lock-order cycles and
// sync.Cond misuse.
//
//	locklint [flags] packages
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
package main

import (
	"flag"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/locklint/locklint/analyzers"
	"github.com/locklint/locklint/internal/lockstate"
)

func main() {
	registerEngineFlags(flag.CommandLine)
	multichecker.Main(analyzers.All...)
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
