package main

import (
	"flag"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/locklint/locklint/analyzers"
)

// TestUseGate checks which command lines the gate takes and which go to
// the multichecker unchanged.
func TestUseGate(t *testing.T) {
	g := newGate("locklint", analyzers.All, io.Discard, io.Discard)
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"./..."}, false},
		{[]string{"-json", "./..."}, false},
		{[]string{"-fix", "-diff", "./..."}, false},
		{[]string{"-format=sarif", "./..."}, true},
		{[]string{"--format", "github", "./..."}, true},
		{[]string{"-baseline", "b.json", "./..."}, true},
		{[]string{"-write-baseline=b.json", "./..."}, true},
		{[]string{"-json", "-baseline=b.json", "./..."}, true},
		{[]string{"-lockstate.debug", "-format=text", "./..."}, true},
		// The value of a flag is not a flag: "-c 2" then "-format".
		{[]string{"-c", "2", "-format=text", "./..."}, true},
		{[]string{"-test=false", "-format=text", "./..."}, true},
		// Flags after the first package pattern are package patterns.
		{[]string{"./...", "-format=sarif"}, false},
		{[]string{"--", "-format=sarif"}, false},
		// go vet's calls and help.
		{[]string{"-V=full"}, false},
		{[]string{"-flags"}, false},
		{[]string{"-format=sarif", "-V=full"}, false},
		{[]string{"-json", "-doubleacquire", "/tmp/vet123/vet.cfg"}, false},
		{[]string{"-format=sarif", "vet.cfg"}, false},
		{[]string{"help"}, false},
		{[]string{"-format=sarif", "help"}, false},
	} {
		assert.Equal(t, tc.want, useGate(tc.args, g.takesValue), "%q", tc.args)
	}
}

// TestGateFlags checks that the gate offers the flags the multichecker
// would for the passes and the engine, sharing their values.
func TestGateFlags(t *testing.T) {
	g := newGate("locklint", analyzers.All, io.Discard, io.Discard)
	for _, a := range analyzers.All {
		assert.NotNil(t, g.fs.Lookup(a.Name), "-%s", a.Name)
		a.Flags.VisitAll(func(f *flag.Flag) {
			if assert.NotNil(t, g.fs.Lookup(a.Name+"."+f.Name)) {
				assert.Same(t, f.Value, g.fs.Lookup(a.Name+"."+f.Name).Value)
			}
		})
	}
	for _, name := range []string{"format", "baseline", "write-baseline", "json", "test", "c", "lockstate.debug"} {
		assert.NotNil(t, g.fs.Lookup(name), "-%s", name)
	}
	assert.True(t, g.takesValue("format"))
	assert.True(t, g.takesValue("c"))
	assert.True(t, g.takesValue("cpuprofile"), "a multichecker flag the gate does not take")
	assert.False(t, g.takesValue("test"))
	assert.False(t, g.takesValue("doubleacquire"))
	assert.False(t, g.takesValue("lockstate.debug"))
}

// TestGateSelection checks -<pass> as the multichecker reads it.
func TestGateSelection(t *testing.T) {
	names := func(args ...string) []string {
		g := newGate("locklint", analyzers.All, io.Discard, io.Discard)
		assert.NoError(t, g.fs.Parse(args))
		var out []string
		for _, a := range g.enabled() {
			out = append(out, a.Name)
		}
		return out
	}
	assert.Equal(t, []string{"condwait", "doubleacquire", "lockorder", "unreleased"}, names())
	assert.Equal(t, []string{"lockorder"}, names("-lockorder"))
	assert.Equal(t, []string{"condwait", "lockorder", "unreleased"}, names("-doubleacquire=false"))
	assert.Equal(t, []string{"unreleased"}, names("-unreleased", "-condwait=false"))
}

// TestGateUsageErrors checks the usage errors that need no packages.
func TestGateUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"-format=xml", "./..."},
		{"-format=sarif", "-json", "./..."},
		{"-baseline=a.json", "-write-baseline=b.json", "./..."},
		{"-format=text"},
		{"-format=text", "-no-such-flag", "./..."},
		{"-format=text", "-baseline=testdata/no-such-file.json", "./..."},
	} {
		g := newGate("locklint", analyzers.All, io.Discard, io.Discard)
		assert.Equal(t, exitUsage, g.run(args), "%q", args)
	}
}
