package main

// This file is "locklint help" (also -h and -help) and
// "locklint help <pass>". The pass summaries and documentation are the
// analyzers' Doc, from each pass's doc.go; the flags come from the flag
// set; only the prose is here.

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/locklint/locklint/internal/lockstate"
)

// helpIntro opens "locklint help"; %[1]s is the program name.
const helpIntro = `%[1]s reports lock misuse in Go code: a mutex acquired while it is already
held (also through calls and across packages), a lock left held on some
path or released when it is not held, locks taken in inconsistent orders,
and sync.Cond misuse.

Usage:

  %[1]s [flags] packages      analyse the packages (and their tests)
  %[1]s help [pass]           this text, or a pass's documentation and flags
  go vet -vettool=$(which %[1]s) [flags] packages

Packages are go list patterns: ./..., net/http, example.com/m/.... Each
report is printed as file:line:col: message (pass).
`

// helpPasses heads the list of passes.
const helpPasses = `
Passes (all run by default; -<pass> runs only the passes named, and
-<pass>=false all but those):

`

// helpDirectives documents the comments the passes read.
const helpDirectives = `
Directives (comments in the source, honoured under go vet and
golangci-lint too):

  //locklint:ignore <pass>[,<pass>...] <reason>
      silence the named passes' reports on this line, on the next line
      when the comment stands alone, or in a whole function when it is in
      the function's doc comment; the reason is required
  //locklint:order A.mu < B.mu
      declare that A.mu is taken before B.mu (lockorder)
  //locklint:nested <reason>
      mark a deliberate nesting of two locks of one class (lockorder)
`

// helpOutro closes "locklint help"; %[1]s is the program name.
const helpOutro = `
Run '%[1]s help <pass>' for a pass's documentation and flags.
`

// printHelp prints "locklint help" to w.
func printHelp(w io.Writer, progname string, fs *flag.FlagSet, passes []*analysis.Analyzer) {
	var b strings.Builder
	fmt.Fprintf(&b, helpIntro, progname)
	b.WriteString(helpPasses)
	for _, a := range passes {
		fmt.Fprintf(&b, "  %-14s %s\n", a.Name, wrap(summary(a), helpWidth-17, strings.Repeat(" ", 17)))
	}
	for _, g := range flagGroups {
		fmt.Fprintf(&b, "\n%s flags:\n\n", g.title)
		for _, name := range g.names {
			writeFlag(&b, fs.Lookup(name))
		}
	}
	b.WriteString("\nEngine flags (for every pass):\n\n")
	fs.VisitAll(func(f *flag.Flag) {
		if strings.HasPrefix(f.Name, lockstate.Analyzer.Name+".") {
			writeFlag(&b, f)
		}
	})
	b.WriteString(helpDirectives)
	b.WriteString("\nExit status:\n\n")
	for _, c := range exitCodes {
		fmt.Fprintf(&b, "  %d  %s\n", c.code, wrap(c.meaning, helpWidth-5, "     "))
	}
	fmt.Fprintf(&b, helpOutro, progname)
	io.WriteString(w, b.String())
}

// printPassHelp prints "locklint help <name>" to w: the pass's (or the
// engine's) whole Doc and its flags as the command names them.
func printPassHelp(w io.Writer, fs *flag.FlagSet, a *analysis.Analyzer) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n", a.Name, strings.TrimSpace(a.Doc))
	var flags []*flag.Flag
	fs.VisitAll(func(f *flag.Flag) {
		if f.Name == a.Name || strings.HasPrefix(f.Name, a.Name+".") {
			flags = append(flags, f)
		}
	})
	if len(flags) > 0 {
		b.WriteString("\nFlags:\n\n")
		for _, f := range flags {
			writeFlag(&b, f)
		}
	}
	io.WriteString(w, b.String())
}

// helpTopic returns the analyzer "locklint help <name>" documents: a
// pass, or the engine.
func helpTopic(name string, passes []*analysis.Analyzer) *analysis.Analyzer {
	all := append(slices.Clone(passes), lockstate.Analyzer)
	if i := slices.IndexFunc(all, func(a *analysis.Analyzer) bool { return a.Name == name }); i >= 0 {
		return all[i]
	}
	return nil
}

// summary is the first line of a's Doc.
func summary(a *analysis.Analyzer) string {
	first, _, _ := strings.Cut(strings.TrimSpace(a.Doc), "\n")
	return strings.TrimPrefix(first, a.Name+": ")
}

// writeFlag writes f as flag.PrintDefaults does: the flag and its value's
// name on one line, its usage indented below, and its default when it is
// a boolean that defaults to true.
func writeFlag(b *strings.Builder, f *flag.Flag) {
	name, usage := flag.UnquoteUsage(f)
	fmt.Fprintf(b, "  -%s", f.Name)
	if name != "" {
		fmt.Fprintf(b, " %s", name)
	}
	if f.DefValue == "true" {
		usage += " (default true)"
	}
	fmt.Fprintf(b, "\n    \t%s\n", wrap(usage, helpWidth-12, "    \t"))
}

// helpWidth is the width help text is wrapped to.
const helpWidth = 80

// wrap breaks text into lines of at most width bytes (a longer word
// stays whole), joined by a newline and indent.
func wrap(text string, width int, indent string) string {
	var b strings.Builder
	n := 0
	for i, word := range strings.Fields(text) {
		switch {
		case i == 0:
		case n+1+len(word) > width:
			b.WriteString("\n" + indent)
			n = 0
		default:
			b.WriteByte(' ')
			n++
		}
		b.WriteString(word)
		n += len(word)
	}
	return b.String()
}
