package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/locklint/locklint/analyzers"
	"github.com/locklint/locklint/cmd/locklint/internal/baseline"
)

// schemaFile is the SARIF 2.1.0 JSON schema (OASIS, errata 01), as
// github.com/owenrumney/go-sarif/v3@v3.3.1 embeds it in
// pkg/report/v210/sarif/schema.go; testdata/README.md says how it was
// extracted.
const schemaFile = "testdata/sarif-schema-2.1.0.json"

// newBug is a second double acquire, added to the copy of vetmod after
// its baseline was written: the only finding a -baseline run may report.
const newBug = `package loader

import "example.com/vetmod/registry"

// LoadTwice registers name twice, holding the lock over the second call:
// the bug added after the baseline.
func LoadTwice(name string) {
	registry.Register(name)
	registry.Mu.Lock()
	registry.Register(name)
	registry.Mu.Unlock()
}
`

// TestGate builds locklint and runs its CI gate (-format, -baseline,
// -write-baseline) on copies of testdata/vetmod, whose two findings are
// described at TestVettool: it checks each output format, the exit
// codes, and that a baseline keeps an old finding baselined after lines
// are inserted above it while a new bug fails the gate.
func TestGate(t *testing.T) {
	if testing.Short() {
		t.Skip("builds locklint and analyses a module: skipped with -short")
	}
	bin := buildLocklint(t)
	mod := copyVetmod(t)
	run := func(t *testing.T, args ...string) (stdout, stderr string, code int) {
		t.Helper()
		return runIn(t, mod, bin, args...)
	}
	loaderSrc, err := os.ReadFile(filepath.Join(mod, "loader", "loader.go"))
	require.NoError(t, err)
	line := lineOf(t, loaderSrc, "registry.Register(n)")
	col := columnOf(t, loaderSrc, "registry.Register(n)")
	bothSrc, err := os.ReadFile(filepath.Join(mod, "both", "both.go"))
	require.NoError(t, err)
	cycleLine := lineOf(t, bothSrc, `"example.com/vetmod/left"`)
	schema := compileSARIFSchema(t)

	t.Run("sarif", func(t *testing.T) {
		stdout, _, code := run(t, "-format=sarif", "./...")
		assert.Equal(t, exitFindings, code)
		require.NoError(t, validate(schema, stdout), "SARIF output does not validate against the 2.1.0 schema")
		log := parseSARIF(t, stdout)
		assert.Equal(t, "2.1.0", log.Version)
		require.Len(t, log.Runs, 1)
		r := log.Runs[0]
		assert.Equal(t, "locklint", r.Tool.Driver.Name)
		assert.True(t, strings.HasPrefix(r.OriginalURIBaseIDs["%SRCROOT%"].URI, "file:///"), "%%SRCROOT%% is a file URI")
		if assert.Len(t, r.Tool.Driver.Rules, len(analyzers.All), "one rule per pass") {
			for i, a := range analyzers.All {
				rule := r.Tool.Driver.Rules[i]
				assert.Equal(t, a.Name, rule.ID)
				assert.Equal(t, firstLine(a.Doc), rule.ShortDescription.Text, "%s: shortDescription", a.Name)
				assert.Equal(t, a.Doc, rule.FullDescription.Text, "%s: fullDescription", a.Name)
				assert.Equal(t, a.Doc, rule.Help.Text, "%s: help", a.Name)
				assert.Equal(t, a.URL, rule.HelpURI, "%s: helpUri", a.Name)
			}
		}
		require.Len(t, r.Results, 2)
		byRule := map[string]sarifResult{}
		for _, res := range r.Results {
			assert.Equal(t, "error", res.Level)
			assert.NotEmpty(t, res.PartialFingerprints, "%s: partialFingerprints", res.RuleID)
			byRule[res.RuleID] = res
		}
		double := byRule["doubleacquire"]
		assert.True(t, strings.HasPrefix(double.Message.Text, wantMessage), "message %q", double.Message.Text)
		if assert.Len(t, double.Locations, 1) {
			p := double.Locations[0].PhysicalLocation
			assert.Equal(t, "loader/loader.go", p.ArtifactLocation.URI)
			assert.Equal(t, "%SRCROOT%", p.ArtifactLocation.URIBaseID)
			assert.Equal(t, line, p.Region.StartLine)
			assert.Equal(t, col, p.Region.StartColumn)
		}
		assert.NotEmpty(t, double.RelatedLocations, "Diagnostic.Related becomes relatedLocations")
		for _, rel := range double.RelatedLocations {
			assert.NotEmpty(t, rel.Message.Text)
			assert.Equal(t, "%SRCROOT%", rel.PhysicalLocation.ArtifactLocation.URIBaseID)
			assert.Positive(t, rel.PhysicalLocation.Region.StartLine)
		}
		cycle := byRule["lockorder"]
		assert.Equal(t, wantCycle, cycle.Message.Text)
		if assert.Len(t, cycle.Locations, 1) {
			assert.Equal(t, "both/both.go", cycle.Locations[0].PhysicalLocation.ArtifactLocation.URI)
			assert.Equal(t, cycleLine, cycle.Locations[0].PhysicalLocation.Region.StartLine)
		}
		if assert.Len(t, r.Invocations, 1) {
			assert.True(t, r.Invocations[0].ExecutionSuccessful)
		}
	})

	t.Run("schema rejects", func(t *testing.T) {
		// The validator is not vacuous: a result level SARIF does not
		// know fails.
		stdout, _, _ := run(t, "-format=sarif", "./loader")
		bad := strings.Replace(stdout, `"level": "error"`, `"level": "fatal"`, 1)
		require.NotEqual(t, stdout, bad)
		assert.Error(t, validate(schema, bad))
	})

	t.Run("github", func(t *testing.T) {
		stdout, _, code := run(t, "-format=github", "./...")
		assert.Equal(t, exitFindings, code)
		lines := strings.Split(strings.TrimSpace(stdout), "\n")
		require.Len(t, lines, 2, "one ::error line a finding")
		assert.Equal(t, fmt.Sprintf("::error file=both/both.go,line=%d,col=2,title=locklint lockorder::%s", cycleLine, wantCycle), lines[0])
		prefix := fmt.Sprintf("::error file=loader/loader.go,line=%d,col=%d,title=locklint doubleacquire::%s", line, col, wantMessage)
		assert.True(t, strings.HasPrefix(lines[1], prefix), "%q does not start %q", lines[1], prefix)
		assert.Contains(t, lines[1], "%0Aloader/loader.go:", "related positions follow on escaped new lines")
	})

	t.Run("json", func(t *testing.T) {
		stdout, _, code := run(t, "-format=json", "./...")
		assert.Equal(t, exitFindings, code, "-format=json exits 3 on findings, as -json does")
		var tree map[string]map[string][]struct{ Posn, Message string }
		require.NoError(t, json.Unmarshal([]byte(stdout), &tree))
		if diags := tree["example.com/vetmod/loader"]["doubleacquire"]; assert.Len(t, diags, 1) {
			assert.Contains(t, diags[0].Posn, fmt.Sprintf("loader.go:%d:", line))
		}
		if diags := tree["example.com/vetmod/both"]["lockorder"]; assert.Len(t, diags, 1) {
			assert.Equal(t, wantCycle, diags[0].Message)
		}
	})

	t.Run("text", func(t *testing.T) {
		stdout, stderr, code := run(t, "-format=text", "./...")
		assert.Equal(t, exitFindings, code)
		assert.Empty(t, stdout)
		reports := primaryReports(stderr)
		assert.Len(t, reports, 2)
		assert.Contains(t, stderr, fmt.Sprintf("loader.go:%d:%d: %s", line, col, wantMessage))
	})

	t.Run("clean", func(t *testing.T) {
		stdout, _, code := run(t, "-format=sarif", "./clean")
		assert.Equal(t, exitClean, code)
		require.NoError(t, validate(schema, stdout))
		assert.Empty(t, parseSARIF(t, stdout).Runs[0].Results)
	})

	t.Run("pass selection", func(t *testing.T) {
		stdout, _, code := run(t, "-format=github", "-lockorder", "./...")
		assert.Equal(t, exitFindings, code)
		assert.Equal(t, 1, strings.Count(stdout, "::error "))
		assert.Contains(t, stdout, "title=locklint lockorder::")
	})

	t.Run("engine flags", func(t *testing.T) {
		_, stderr, code := run(t, "-format=github", "-lockstate.facts", "./loader")
		assert.Equal(t, exitFindings, code)
		assert.Regexp(t, `(?m)^lockstate: .*registry\.go:\d+:\d+: example\.com/vetmod/registry\.Register `, stderr)
	})

	t.Run("bad flag", func(t *testing.T) {
		_, stderr, code := run(t, "-format=sarif", "-no-such-flag", "./...")
		assert.Equal(t, exitUsage, code)
		assert.Contains(t, stderr, "no-such-flag")
	})

	t.Run("bad format", func(t *testing.T) {
		_, stderr, code := run(t, "-format=xml", "./...")
		assert.Equal(t, exitUsage, code)
		assert.Contains(t, stderr, "-format=xml")
	})

	t.Run("missing baseline", func(t *testing.T) {
		_, stderr, code := run(t, "-baseline=no-such-baseline.json", "./...")
		assert.Equal(t, exitUsage, code)
		assert.Contains(t, stderr, "no-such-baseline.json")
	})

	t.Run("corrupt baseline", func(t *testing.T) {
		name := filepath.Join(t.TempDir(), "baseline.json")
		require.NoError(t, os.WriteFile(name, []byte(`{"version": 99, "findings": []}`), 0o644))
		_, stderr, code := run(t, "-baseline="+name, "./...")
		assert.Equal(t, exitUsage, code)
		assert.Contains(t, stderr, "version 99")
	})

	t.Run("load error", func(t *testing.T) {
		stdout, stderr, code := run(t, "-format=sarif", "./does/not/exist")
		assert.Equal(t, exitFailed, code)
		assert.NotEmpty(t, stderr)
		require.NoError(t, validate(schema, stdout))
		if r := parseSARIF(t, stdout).Runs[0]; assert.Len(t, r.Invocations, 1) {
			assert.False(t, r.Invocations[0].ExecutionSuccessful)
		}
	})

	t.Run("vet protocol untouched", func(t *testing.T) {
		// go vet learns the tool's flags from -flags: the gate's are not
		// among them, so go vet rejects them instead of ignoring them.
		stdout, _, code := run(t, "-flags")
		assert.Equal(t, 0, code)
		assert.NotContains(t, stdout, `"format"`)
		// help lists them with the core flags.
		stdout, _, code = run(t, "help")
		assert.Equal(t, 0, code)
		for _, f := range []string{"-format", "-baseline", "-write-baseline"} {
			assert.Contains(t, stdout, "  "+f+" ")
		}
	})

	t.Run("baseline", func(t *testing.T) {
		mod := copyVetmod(t) // this subtest edits the module
		run := func(t *testing.T, args ...string) (stdout, stderr string, code int) {
			t.Helper()
			return runIn(t, mod, bin, args...)
		}
		stdout, _, code := run(t, "-write-baseline=locklint-baseline.json", "./...")
		assert.Equal(t, exitClean, code, "-write-baseline exits 0")
		assert.Empty(t, stdout)
		data, err := os.ReadFile(filepath.Join(mod, "locklint-baseline.json"))
		require.NoError(t, err)
		b, err := baseline.Parse(data)
		require.NoError(t, err)
		if assert.Len(t, b.Findings, 2) {
			assert.Equal(t, baseline.Entry{Pass: "lockorder", File: "both/both.go", Message: wantCycle, Fingerprint: b.Findings[0].Fingerprint}, b.Findings[0])
			assert.Equal(t, "doubleacquire", b.Findings[1].Pass)
			assert.Equal(t, "loader/loader.go", b.Findings[1].File)
		}

		_, stderr, code := run(t, "-baseline=locklint-baseline.json", "./...")
		assert.Equal(t, exitClean, code, "every finding is in the baseline")
		assert.Empty(t, primaryReports(stderr))
		assert.Contains(t, stderr, "locklint: 2 findings, 2 in the baseline, 0 new")

		// Shift the old finding down and add a new bug.
		loader := filepath.Join(mod, "loader", "loader.go")
		src, err := os.ReadFile(loader)
		require.NoError(t, err)
		src = bytes.Replace(src, []byte("// LoadAll registers"), []byte("\n\n\n// LoadAll registers"), 1)
		require.NoError(t, os.WriteFile(loader, src, 0o644))
		require.Equal(t, line+3, lineOf(t, src, "registry.Register(n)"), "the old finding moved")
		require.NoError(t, os.WriteFile(filepath.Join(mod, "loader", "more.go"), []byte(newBug), 0o644))
		newLine := lineOf(t, []byte(newBug), "registry.Register(name)\n\tregistry.Mu.Unlock()")

		_, stderr, code = run(t, "-baseline=locklint-baseline.json", "./...")
		assert.Equal(t, exitFindings, code, "a new finding fails the gate")
		if reports := primaryReports(stderr); assert.Len(t, reports, 1, "only the new finding") {
			assert.Contains(t, reports[0], fmt.Sprintf("more.go:%d:", newLine))
		}
		assert.NotContains(t, stderr, "loader.go:", "the old finding is still baselined")
		assert.Contains(t, stderr, "locklint: 3 findings, 2 in the baseline, 1 new")

		// Only package loader: the baseline's entry for both is not stale.
		_, stderr, code = run(t, "-baseline=locklint-baseline.json", "./loader")
		assert.Equal(t, exitFindings, code)
		assert.Contains(t, stderr, "locklint: 2 findings, 1 in the baseline, 1 new\n")

		stdout, _, code = run(t, "-baseline=locklint-baseline.json", "-format=github", "./...")
		assert.Equal(t, exitFindings, code)
		if assert.Equal(t, 1, strings.Count(stdout, "::error ")) {
			assert.True(t, strings.HasPrefix(stdout, fmt.Sprintf("::error file=loader/more.go,line=%d,", newLine)), stdout)
		}

		stdout, _, code = run(t, "-baseline=locklint-baseline.json", "-format=sarif", "./...")
		assert.Equal(t, exitFindings, code)
		require.NoError(t, validate(schema, stdout))
		if results := parseSARIF(t, stdout).Runs[0].Results; assert.Len(t, results, 1) {
			assert.Equal(t, "loader/more.go", results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI)
		}

		// An entry that matches nothing in an analysed file is stale.
		b.Findings = append(b.Findings, baseline.Entry{Pass: "doubleacquire", File: "loader/loader.go", Message: "fixed", Fingerprint: "00000000"})
		require.NoError(t, b.Write(filepath.Join(mod, "stale.json")))
		_, stderr, code = run(t, "-baseline=stale.json", "./loader")
		assert.Equal(t, exitFindings, code)
		assert.Contains(t, stderr, "locklint: 2 findings, 1 in the baseline, 1 new; 1 baseline entry no longer found")

		stdout, _, code = run(t, "-baseline=locklint-baseline.json", "-json", "./...")
		assert.Equal(t, exitFindings, code, "-json with a gate flag is -format=json")
		var tree map[string]map[string][]struct{ Posn string }
		require.NoError(t, json.Unmarshal([]byte(stdout), &tree))
		if assert.Len(t, tree, 1, "only the new finding") && assert.Len(t, tree["example.com/vetmod/loader"]["doubleacquire"], 1) {
			assert.Contains(t, tree["example.com/vetmod/loader"]["doubleacquire"][0].Posn, fmt.Sprintf("more.go:%d:", newLine))
		}
	})
}

// The parts of a SARIF log the tests look at.
type sarifLog struct {
	Version string
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name  string
				Rules []struct {
					ID                                string
					ShortDescription, FullDescription sarifMessage
					Help                              sarifMessage
					HelpURI                           string
				}
			}
		}
		OriginalURIBaseIDs map[string]struct{ URI string }
		Results            []sarifResult
		Invocations        []struct{ ExecutionSuccessful bool }
	}
}

type sarifMessage struct{ Text string }

type sarifResult struct {
	RuleID              string
	Level               string
	Message             sarifMessage
	Locations           []sarifLocation
	RelatedLocations    []sarifLocation
	PartialFingerprints map[string]string
}

type sarifLocation struct {
	Message          sarifMessage
	PhysicalLocation struct {
		ArtifactLocation struct{ URI, URIBaseID string }
		Region           struct{ StartLine, StartColumn int }
	}
}

func parseSARIF(t *testing.T, s string) *sarifLog {
	t.Helper()
	var log sarifLog
	require.NoError(t, json.Unmarshal([]byte(s), &log))
	return &log
}

func compileSARIFSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(schemaFile)
	require.NoError(t, err)
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	require.NoError(t, c.AddResource(schemaFile, doc))
	schema, err := c.Compile(schemaFile)
	require.NoError(t, err)
	return schema
}

func validate(schema *jsonschema.Schema, s string) error {
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(s))
	if err != nil {
		return err
	}
	return schema.Validate(v)
}

// columnOf returns the 1-based byte column of the only occurrence of s in
// src.
func columnOf(t *testing.T, src []byte, s string) int {
	t.Helper()
	require.Equal(t, 1, bytes.Count(src, []byte(s)), "want exactly one %q", s)
	i := bytes.Index(src, []byte(s))
	return i - bytes.LastIndexByte(src[:i], '\n')
}
