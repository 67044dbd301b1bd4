// Command locklint reports lock misuse in Go code: a mutex acquired while
// it is already held, a lock left held on some path or released when it
// is not held, locks taken in inconsistent orders, and sync.Cond misuse.
//
//	locklint [flags] packages
//	locklint -format=text|json|sarif|github [-baseline=FILE | -write-baseline=FILE] [flags] packages
//	locklint help [pass]
//	go vet -vettool=$(which locklint) [flags] packages
//
// Standalone, locklint runs its own driver (internal/driver): it loads
// the packages' metadata, then parses, type-checks and analyses them in
// dependency order, in parallel, keeping only each package's types,
// facts and reports once it is done, so that whole repositories with
// their tests fit in memory. Each report is printed to stderr as
//
//	file:line:col: message (pass)
//
// followed by its related positions; the pass's name is what a
// //locklint:ignore <pass> <reason> directive names. -json prints the
// go/analysis JSON tree to stdout instead, -fix applies the suggested
// fixes and -fix -diff prints them. "locklint help" lists every flag.
//
// Under go vet (the calls with -V=full, -flags or a *.cfg file), locklint
// is the x/tools multichecker, which speaks go vet's protocol: go vet
// runs it on every package with its dependencies' facts and caches the
// results.
//
// # CI gate
//
// -format selects the output: text (the default, to stderr), json (the
// -json tree, to stdout), sarif (a SARIF 2.1.0 log to stdout: one rule
// per pass, paths relative to the current directory under %SRCROOT%) or
// github (GitHub Actions ::error commands to stdout, which annotate the
// pull request).
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
// # Exit status
//
// The same in every output format, -json included:
//
//	0  nothing reported, and every package was loaded, type-checked and analysed
//	1  nothing reported, but some packages could not be loaded, type-checked
//	   or analysed (the errors are on stderr)
//	2  bad flags or arguments; with -baseline, a missing or invalid baseline
//	   file; with -write-baseline, an unwritable one
//	3  findings reported (with -baseline, findings not in the baseline), and
//	   every package was analysed
//	4  findings reported, but some packages could not be loaded, type-checked
//	   or analysed (the errors are on stderr)
//
// A CI job can so tell findings (3) from a tool failure (1, 2) from
// findings with partial coverage (4). -write-baseline and -fix report
// nothing: they exit 0, or 1 when a package was not analysed (or, for
// -fix, a file could not be fixed). Under go vet the status is go vet's
// own: non-zero when anything was reported or failed.
package main

import (
	"os"
	"path/filepath"

	"github.com/locklint/locklint/analyzers"
)

func main() {
	progname := filepath.Base(os.Args[0])
	args := os.Args[1:]
	c := newCommand(progname, analyzers.All, os.Stdout, os.Stderr)
	if isVetCall(args, func(name string) bool { return takesValue(c.fs, name) }) {
		runVet() // does not return
	}
	tuneStandaloneGC(os.Getenv)
	c.progress = isTerminal(os.Stderr)
	os.Exit(c.run(args))
}
