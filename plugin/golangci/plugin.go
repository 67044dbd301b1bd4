// Package golangciplugin is locklint's golangci-lint v2 module plugin: it
// registers locklint's passes (analyzers.All) as one golangci-lint linter
// named "locklint", so that a custom golangci-lint binary built with this
// package (`golangci-lint custom`, see docs/golangci-lint.md) runs them
// like any other linter.
//
// golangci-lint reports each issue under the linter name and prefixes its
// text with the pass that found it ("doubleacquire: s.mu is already
// held; ..."). It has no per-pass rule metadata, related positions or
// engine flags: the standalone locklint (and its SARIF and JSON output)
// remains the richer interface.
//
// The one setting, passes, selects passes by name:
//
//	linters:
//	  settings:
//	    custom:
//	      locklint:
//	        type: module
//	        settings:
//	          passes: [doubleacquire, unreleased]
//
// Without it every pass runs. An unknown name, an empty list or an unknown
// key is an error, so that a typo does not silently disable a check.
package golangciplugin

import (
	"fmt"
	"slices"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/locklint/locklint/analyzers"
)

// Name is the linter's name in golangci-lint: the key under
// linters.settings.custom, the name in linters.enable, and the linter
// every issue is reported under.
const Name = "locklint"

// The registration is an init function, against the house style's rule
// against init() registration, because golangci-lint's module plugin
// system offers no other way in: the generated binary blank-imports this
// package and looks the plugin up by name in register's table.
func init() {
	register.Plugin(Name, New)
}

// Settings is the plugin's configuration, the value of
// linters.settings.custom.locklint.settings in .golangci.yml.
type Settings struct {
	// Passes names the passes to run, among those of analyzers.All.
	// Absent (or null), every pass runs.
	Passes []string `json:"passes"`
}

// New decodes and checks the settings and returns the plugin.
// golangci-lint calls it once per run with the raw settings.
func New(settings any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](settings)
	if err != nil {
		return nil, fmt.Errorf("%s settings: %w", Name, err)
	}
	selected, err := s.analyzers()
	if err != nil {
		return nil, fmt.Errorf("%s settings: %w", Name, err)
	}
	return &plugin{analyzers: selected}, nil
}

// analyzers returns the passes the settings select, in analyzers.All's
// order, each once.
func (s Settings) analyzers() ([]*analysis.Analyzer, error) {
	if s.Passes == nil {
		return slices.Clone(analyzers.All), nil
	}
	if len(s.Passes) == 0 {
		return nil, fmt.Errorf("passes is empty: list at least one of %s, or remove the setting to run them all", passNames())
	}
	want := make(map[string]bool, len(s.Passes))
	for _, name := range s.Passes {
		if !slices.ContainsFunc(analyzers.All, func(a *analysis.Analyzer) bool { return a.Name == name }) {
			return nil, fmt.Errorf("unknown pass %q in passes: the passes are %s", name, passNames())
		}
		want[name] = true
	}
	var selected []*analysis.Analyzer
	for _, a := range analyzers.All {
		if want[a.Name] {
			selected = append(selected, a)
		}
	}
	return selected, nil
}

func passNames() string {
	names := make([]string, len(analyzers.All))
	for i, a := range analyzers.All {
		names[i] = a.Name
	}
	return strings.Join(names, ", ")
}

// plugin implements register.LinterPlugin.
type plugin struct {
	analyzers []*analysis.Analyzer
}

// BuildAnalyzers returns the selected passes. Their requirements (the
// lock-state engine, ctrlflow) are run by golangci-lint but not reported.
func (p *plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return p.analyzers, nil
}

// GetLoadMode asks for type information: every pass works on SSA, built
// from typed syntax, and exchanges facts with the passes of imported
// packages.
func (p *plugin) GetLoadMode() string {
	return register.LoadModeTypesInfo
}
