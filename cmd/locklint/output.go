package main

// This file turns a driver.Result into output: the findings in one of
// the four formats, filtered by a baseline (the CI gate), or written to
// a baseline, or their fixes applied.

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/locklint/locklint/cmd/locklint/internal/baseline"
	"github.com/locklint/locklint/cmd/locklint/internal/findings"
	"github.com/locklint/locklint/cmd/locklint/internal/fix"
	"github.com/locklint/locklint/cmd/locklint/internal/report"
	"github.com/locklint/locklint/internal/driver"
)

// Messages of the baseline summary.
const (
	msgBaselineSummary = "%s, %d in the baseline, %d new"
	msgBaselineStale   = "; %s no longer found (rewrite the baseline with -write-baseline to drop them)"
)

// output prints what res found in format, or applies its fixes, or
// writes it to a baseline, and returns the exit status. errs are the
// run's errors, already printed. Paths in the output are relative to
// root, the current directory.
func (c *command) output(format string, res *driver.Result, base *baseline.File, root string, errs []string) int {
	set := findings.Collect(res, root)
	complete := res.Complete()
	switch {
	case c.opts.fix:
		return c.fix(res, set, complete)
	case c.opts.gate.writeBaseline != "":
		if err := baseline.New(set.Findings).Write(c.opts.gate.writeBaseline); err != nil {
			c.errorf("-write-baseline: %v", err)
			return exitUsage
		}
		c.errorf(msgWrote, plural(len(set.Findings), "finding"), c.opts.gate.writeBaseline)
		return exitStatus(0, complete)
	}

	shown := set.Findings
	if base != nil {
		split := base.Split(set.Findings, func(file string) bool {
			// A file analysed now, or one deleted since.
			_, err := os.Stat(filepath.Join(root, filepath.FromSlash(file)))
			return set.Analysed(file) || errors.Is(err, os.ErrNotExist)
		})
		shown = split.New
		summary := fmt.Sprintf(msgBaselineSummary, plural(len(set.Findings), "finding"), split.Known, len(split.New))
		if split.Stale > 0 {
			summary += fmt.Sprintf(msgBaselineStale, plural(split.Stale, "baseline entry"))
		}
		defer c.errorf("%s", summary) // after the findings
	}
	if err := c.print(format, res, set, shown, root, errs); err != nil {
		c.errorf("%v", err)
		return exitFailed
	}
	return exitStatus(len(shown), complete)
}

// print prints the findings shown, of set, in format.
func (c *command) print(format string, res *driver.Result, set *findings.Set, shown []*findings.Finding, root string, errs []string) error {
	switch format {
	case "json":
		isShown := make(map[*findings.Finding]bool, len(shown))
		for _, f := range shown {
			isShown[f] = true
		}
		return report.JSON(c.stdout, res, func(a *driver.Action, d *driver.Diagnostic) bool {
			return isShown[set.Of(a, d)]
		})
	case "sarif":
		return report.SARIF(c.stdout, report.SARIFRun{
			Analyzers: enabled(c.passes, c.selected),
			Findings:  shown,
			Root:      root,
			Version:   releaseVersion(),
			Errors:    errs,
		})
	case "github":
		return report.GitHub(c.stdout, shown)
	default:
		return report.Text(c.stderr, shown, c.opts.context)
	}
}

// fix applies the fixes of set's findings, or prints them with -diff.
func (c *command) fix(res *driver.Result, set *findings.Set, complete bool) int {
	files := make(map[string]driver.File)
	for _, p := range res.Roots() {
		for _, f := range p.Files {
			files[f.Name] = f
		}
	}
	opts := fix.Options{}
	if c.opts.diff {
		opts.Diff = c.stdout
	}
	out, err := fix.Apply(set.Findings, files, opts)
	for _, w := range out.Warnings {
		c.errorf("%s", w)
	}
	if err != nil {
		c.errorf("%v", err)
		return exitFailed
	}
	if !c.opts.diff && out.Applied > 0 {
		c.errorf(msgFixed, plural(out.Applied, "fix"), plural(len(out.Files), "file"))
	}
	return exitStatus(0, complete)
}

// moduleVersion is locklint's module version from the build info:
// v1.2.3 when installed from a version (go install ...@v1.2.3), a
// pseudo-version when built in a git checkout, "(devel)" otherwise.
func moduleVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}

// releaseVersion is locklint's module version when the binary was built
// from one (go install ...@v1.2.3), for SARIF's tool version; else "".
func releaseVersion() string {
	if v := moduleVersion(); strings.HasPrefix(v, "v") {
		return v
	}
	return ""
}
