package main

import (
	"bytes"
	"flag"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/locklint/locklint/analyzers"
)

// testCommand returns a command over every pass, writing to buffers.
func testCommand() (c *command, stdout, stderr *bytes.Buffer) {
	stdout, stderr = new(bytes.Buffer), new(bytes.Buffer)
	return newCommand("locklint", analyzers.All, stdout, stderr), stdout, stderr
}

// TestIsVetCall checks which command lines go to the vet route.
func TestIsVetCall(t *testing.T) {
	c, _, _ := testCommand()
	takes := func(name string) bool { return takesValue(c.fs, name) }
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"./..."}, false},
		{[]string{"-json", "./..."}, false},
		{[]string{"-V"}, false},
		{[]string{"-V=true"}, false},
		{[]string{"-format=sarif", "./..."}, false},
		{[]string{"help"}, false},
		// go vet's calls.
		{[]string{"-V=full"}, true},
		{[]string{"--V=full"}, true},
		{[]string{"-flags"}, true},
		{[]string{"-json", "-doubleacquire", "/tmp/vet123/vet.cfg"}, true},
		{[]string{"-source", "-lockstate.debug", "vet.cfg"}, true},
		{[]string{"--", "vet.cfg"}, true},
		// The value of a flag is not a flag: "-c 2" then the .cfg.
		{[]string{"-c", "2", "vet.cfg"}, true},
		{[]string{"-tags", "-flags", "./..."}, false},
		// Flags after the first package pattern are package patterns.
		{[]string{"./...", "-flags"}, false},
		{[]string{"./...", "vet.cfg"}, false},
	} {
		assert.Equal(t, tc.want, isVetCall(tc.args, takes), "%q", tc.args)
	}
}

// TestPassFlags checks that the command offers the flags the
// multichecker would for the passes and the engine, sharing their values.
func TestPassFlags(t *testing.T) {
	c, _, _ := testCommand()
	for _, a := range analyzers.All {
		assert.NotNil(t, c.fs.Lookup(a.Name), "-%s", a.Name)
		a.Flags.VisitAll(func(f *flag.Flag) {
			if assert.NotNil(t, c.fs.Lookup(a.Name+"."+f.Name)) {
				assert.Same(t, f.Value, c.fs.Lookup(a.Name+"."+f.Name).Value)
			}
		})
	}
	for _, name := range []string{"format", "baseline", "write-baseline", "json", "test", "c", "fix", "diff", "tags", "V", "lockstate.debug"} {
		assert.NotNil(t, c.fs.Lookup(name), "-%s", name)
	}
	// x/tools' deprecated no-ops are not offered.
	for _, name := range []string{"all", "source", "v", "debug", "trace"} {
		assert.Nil(t, c.fs.Lookup(name), "-%s", name)
	}
	assert.True(t, takesValue(c.fs, "format"))
	assert.True(t, takesValue(c.fs, "c"))
	assert.False(t, takesValue(c.fs, "test"))
	assert.False(t, takesValue(c.fs, "V"))
	assert.False(t, takesValue(c.fs, "doubleacquire"))
	assert.False(t, takesValue(c.fs, "lockstate.debug"))
	assert.False(t, takesValue(c.fs, "no-such-flag"))
}

// TestSelection checks -<pass> as the multichecker reads it.
func TestSelection(t *testing.T) {
	names := func(args ...string) []string {
		c, _, _ := testCommand()
		require.NoError(t, c.fs.Parse(args))
		var out []string
		for _, a := range enabled(c.passes, c.selected) {
			out = append(out, a.Name)
		}
		return out
	}
	assert.Equal(t, []string{"condwait", "doubleacquire", "lockorder", "unreleased"}, names())
	assert.Equal(t, []string{"lockorder"}, names("-lockorder"))
	assert.Equal(t, []string{"condwait", "lockorder", "unreleased"}, names("-doubleacquire=false"))
	assert.Equal(t, []string{"unreleased"}, names("-unreleased", "-condwait=false"))
}

// TestUsageErrors checks the usage errors that need no packages: exit 2,
// one line saying what is wrong, then a hint.
func TestUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, msgNoPackages},
		{[]string{"-test=false"}, msgNoPackages},
		{[]string{"-no-such-flag", "./..."}, "flag provided but not defined: -no-such-flag"},
		{[]string{"-c", "x", "./..."}, `invalid value "x" for flag -c`},
		{[]string{"-V=2"}, `invalid boolean value "2" for -V: want -V or -V=full`},
		{[]string{"-format=xml", "./..."}, "-format=xml: want one of text, json, sarif, github"},
		{[]string{"-format=sarif", "-json", "./..."}, "-json cannot be used with -format=sarif"},
		{[]string{"-baseline=a.json", "-write-baseline=b.json", "./..."}, "-baseline cannot be used with -write-baseline"},
		{[]string{"-fix", "-json", "./..."}, "-fix cannot be used with -json"},
		{[]string{"-diff", "-format=github", "./..."}, "-fix cannot be used with -format"},
		{[]string{"-baseline=testdata/no-such-file.json", "./..."}, "-baseline: open testdata/no-such-file.json"},
		{[]string{"help", "nosuchpass"}, `help: no pass "nosuchpass"; the passes are condwait, doubleacquire, lockorder, unreleased`},
	} {
		c, stdout, stderr := testCommand()
		assert.Equal(t, exitUsage, c.run(tc.args), "%q", tc.args)
		assert.Empty(t, stdout.String(), "%q", tc.args)
		lines := strings.Split(strings.TrimSuffix(stderr.String(), "\n"), "\n")
		if assert.NotEmpty(t, lines) {
			assert.True(t, strings.HasPrefix(lines[0], "locklint: "+tc.want), "%q: %q", tc.args, lines[0])
		}
		if !strings.HasPrefix(tc.want, "-baseline:") {
			assert.Equal(t, []string{"locklint: run 'locklint help' for usage"}, lines[1:], "%q", tc.args)
		}
	}
}

// TestExitStatus checks the table of the package comment.
func TestExitStatus(t *testing.T) {
	assert.Equal(t, exitClean, exitStatus(0, true))
	assert.Equal(t, exitFailed, exitStatus(0, false))
	assert.Equal(t, exitFindings, exitStatus(2, true))
	assert.Equal(t, exitPartial, exitStatus(2, false))
	for i, c := range exitCodes {
		assert.Equal(t, i, c.code, "exitCodes is in order")
	}
}
