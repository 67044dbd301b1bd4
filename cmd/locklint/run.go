package main

// This file is the standalone command: it parses the command line, runs
// locklint's driver (internal/driver) and hands the result to the output
// (output.go), then maps the outcome to an exit status.

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/locklint/locklint/cmd/locklint/internal/baseline"
	"github.com/locklint/locklint/internal/driver"
)

// The exit statuses of the standalone command.
const (
	exitClean    = 0 // nothing reported, every package analysed
	exitFailed   = 1 // some packages not analysed, nothing reported
	exitUsage    = 2 // bad command line (or baseline file)
	exitFindings = 3 // findings reported, every package analysed
	exitPartial  = 4 // findings reported, some packages not analysed
)

// exitCodes document the exit statuses, in "locklint help" and (a test
// checks) in the README.
var exitCodes = []struct {
	code    int
	meaning string
}{
	{exitClean, "nothing reported, and every package was loaded, type-checked and analysed"},
	{exitFailed, "nothing reported, but some packages could not be loaded, type-checked or analysed (the errors are on stderr)"},
	{exitUsage, "bad flags or arguments; with -baseline, a missing or invalid baseline file; with -write-baseline, an unwritable one"},
	{exitFindings, "findings reported (with -baseline, findings not in the baseline), and every package was analysed"},
	{exitPartial, "findings reported, but some packages could not be loaded, type-checked or analysed (the errors are on stderr)"},
}

// exitStatus is the status of a run that reported findings findings and
// analysed everything or not.
func exitStatus(findings int, complete bool) int {
	switch {
	case findings > 0 && complete:
		return exitFindings
	case findings > 0:
		return exitPartial
	case !complete:
		return exitFailed
	}
	return exitClean
}

// Messages of the command.
const (
	msgHint         = "run '%s help' for usage"
	msgNoPackages   = "no packages given"
	msgUnknownTopic = "help: no pass %q; the passes are %s"
	msgConflict     = "%s cannot be used with %s"
	msgBadFormat    = "-format=%s: want one of %s"
	msgInternal     = "internal error: %v\n%s"
	msgWrote        = "wrote %s to %s"
	msgFixed        = "applied %s to %s"
)

// A command is one run of the standalone command.
type command struct {
	progname       string
	passes         []*analysis.Analyzer
	stdout, stderr io.Writer
	// progress reports progress to stderr, when it is a terminal.
	progress bool

	opts     options
	selected map[*analysis.Analyzer]*selectFlag
	fs       *flag.FlagSet
}

// newCommand returns a command over passes with its flags registered.
func newCommand(progname string, passes []*analysis.Analyzer, stdout, stderr io.Writer) *command {
	c := &command{
		progname: progname,
		passes:   passes,
		stdout:   stdout,
		stderr:   stderr,
		fs:       newFlagSet(progname),
	}
	registerFlags(c.fs, &c.opts)
	c.selected = registerPassFlags(c.fs, passes)
	return c
}

// run runs the command on args (without the program name) and returns
// its exit status. A panic is a failure (exit 1), not the runtime's exit
// 2, which means bad usage here.
func (c *command) run(args []string) (code int) {
	defer func() {
		if r := recover(); r != nil {
			c.errorf(msgInternal, r, debug.Stack())
			code = exitFailed
		}
	}()
	if err := c.fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printHelp(c.stdout, c.progname, c.fs, c.passes)
			return exitClean
		}
		return c.usage("%v", err)
	}
	args = c.fs.Args()
	switch {
	case bool(c.opts.version):
		fmt.Fprintf(c.stdout, "%s %s\n", c.progname, moduleVersion())
		return exitClean
	case len(args) > 0 && args[0] == "help":
		return c.help(args[1:])
	case len(args) == 0:
		return c.usage(msgNoPackages)
	}
	format, err := c.checkOptions()
	if err != nil {
		return c.usage("%v", err)
	}
	var base *baseline.File
	if c.opts.gate.baseline != "" {
		if base, err = baseline.Read(c.opts.gate.baseline); err != nil {
			c.errorf("-baseline: %v", err)
			return exitUsage
		}
	}
	root, err := os.Getwd()
	if err != nil {
		c.errorf("%v", err)
		return exitFailed
	}
	stop, err := startProfiles(c.opts.cpuprofile, c.opts.memprofile)
	if err != nil {
		c.errorf("%v", err)
		return exitFailed
	}
	defer stop()

	res, err := c.analyse(args)
	if err != nil {
		c.errorf("%v", err)
		return exitFailed
	}
	errs := res.Errors()
	for _, e := range errs {
		fmt.Fprintln(c.stderr, e)
	}
	return c.output(format, res, base, root, errs)
}

// checkOptions checks the flags that go together and returns the output
// format.
func (c *command) checkOptions() (format string, err error) {
	o := &c.opts
	format = o.gate.format
	if o.diff {
		o.fix = true
	}
	switch {
	case o.json && format != "" && format != "json":
		return "", fmt.Errorf(msgConflict, "-json", "-format="+format)
	case o.json:
		format = "json"
	case format == "":
		format = "text"
	case !slices.Contains(formats, format):
		return "", fmt.Errorf(msgBadFormat, format, strings.Join(formats, ", "))
	}
	if o.gate.baseline != "" && o.gate.writeBaseline != "" {
		return "", fmt.Errorf(msgConflict, "-baseline", "-write-baseline")
	}
	if o.fix {
		for _, other := range []struct {
			name string
			set  bool
		}{
			{"-json", o.json}, {"-format", o.gate.format != ""}, {"-baseline", o.gate.baseline != ""}, {"-write-baseline", o.gate.writeBaseline != ""},
		} {
			if other.set {
				return "", fmt.Errorf(msgConflict, "-fix", other.name)
			}
		}
	}
	return format, nil
}

// analyse runs the driver on the patterns with the selected passes.
func (c *command) analyse(patterns []string) (*driver.Result, error) {
	cfg := driver.Config{Tests: c.opts.tests}
	if c.opts.tags != "" {
		cfg.BuildFlags = []string{"-tags=" + c.opts.tags}
	}
	if c.progress {
		p := newProgress(c.stderr)
		defer p.clear()
		cfg.Progress = p.update
	}
	return driver.Run(cfg, enabled(c.passes, c.selected), patterns...)
}

// help runs "locklint help [topic]".
func (c *command) help(topics []string) int {
	if len(topics) == 0 {
		printHelp(c.stdout, c.progname, c.fs, c.passes)
		return exitClean
	}
	for _, t := range topics {
		a := helpTopic(t, c.passes)
		if a == nil {
			var names []string
			for _, p := range c.passes {
				names = append(names, p.Name)
			}
			return c.usage(msgUnknownTopic, t, strings.Join(names, ", "))
		}
		printPassHelp(c.stdout, c.fs, a)
	}
	return exitClean
}

// usage reports a usage error in one line, with a hint, and returns
// exitUsage.
func (c *command) usage(format string, args ...any) int {
	c.errorf(format, args...)
	c.errorf(msgHint, c.progname)
	return exitUsage
}

func (c *command) errorf(format string, args ...any) {
	fmt.Fprintf(c.stderr, "%s: %s\n", c.progname, fmt.Sprintf(format, args...))
}

// plural returns "n noun(s)".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	switch {
	case strings.HasSuffix(noun, "y"):
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(noun, "y"))
	case strings.HasSuffix(noun, "x"):
		return fmt.Sprintf("%d %ses", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
