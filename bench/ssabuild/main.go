// Command ssabuild is a baseline for scripts/bench.sh: it loads the
// standard library the way locklint's standalone driver does (syntax and
// types, no test variants) and builds SSA for every package, then prints
// the package count. locklint's own cost is whatever it takes beyond this.
package main

import (
	"fmt"
	"os"

	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

func main() {
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
			packages.NeedImports | packages.NeedDeps | packages.NeedTypes |
			packages.NeedTypesSizes | packages.NeedSyntax | packages.NeedTypesInfo,
		Tests: false,
	}
	initial, err := packages.Load(cfg, "std")
	if err != nil {
		fmt.Fprintln(os.Stderr, "ssabuild:", err)
		os.Exit(1)
	}
	if packages.PrintErrors(initial) > 0 {
		os.Exit(1)
	}
	// Mode 0 is what the buildssa analyzer uses.
	prog, pkgs := ssautil.AllPackages(initial, ssa.BuilderMode(0))
	prog.Build()
	fmt.Printf("ssabuild: loaded %d packages, built SSA for %d\n", len(initial), len(pkgs))
}
