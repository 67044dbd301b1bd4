package baseline

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/locklint/locklint/cmd/locklint/internal/findings"
)

func find(pass, file, message, fp string) *findings.Finding {
	return &findings.Finding{Pass: pass, Position: findings.Position{File: file}, Message: message, Fingerprint: fp}
}

// TestRoundTrip checks that a baseline encodes sorted and
// deterministically, and decodes to itself.
func TestRoundTrip(t *testing.T) {
	fs := []*findings.Finding{
		find("unreleased", "z.go", "m1", "f1"),
		find("doubleacquire", "a.go", "m2", "f2"),
		find("condwait", "a.go", "m3", "f3"),
	}
	b := New(fs)
	assert.Equal(t, []string{"f3", "f2", "f1"}, []string{b.Findings[0].Fingerprint, b.Findings[1].Fingerprint, b.Findings[2].Fingerprint})
	data := b.Marshal()
	assert.Equal(t, data, New([]*findings.Finding{fs[2], fs[0], fs[1]}).Marshal(), "order of findings does not matter")
	got, err := Parse(data)
	require.NoError(t, err)
	assert.Equal(t, b, got)
	assert.Contains(t, string(New(nil).Marshal()), `"findings": []`)
}

func TestParseRejects(t *testing.T) {
	for _, bad := range []string{
		``,
		`[]`,
		`{"version": 2, "findings": []}`,
		`{"findings": []}`,
		`{"version": 1, "findings": [{"pass": "p", "file": "f", "message": "m"}]}`,
		`{"version": 1, "findings": [], "extra": true}`,
	} {
		_, err := Parse([]byte(bad))
		assert.Error(t, err, "%s", bad)
	}
}

// TestSplit checks matching by fingerprint, one entry a finding.
func TestSplit(t *testing.T) {
	b := New([]*findings.Finding{
		find("p", "a.go", "m", "f1"),
		find("p", "a.go", "m", "f2"),
		find("p", "b.go", "gone", "f9"),
	})
	now := []*findings.Finding{
		find("p", "a.go", "m", "f1"),
		find("p", "a.go", "m", "f2"),
		find("p", "a.go", "m", "f3"),
		find("p", "c.go", "new", "f4"),
	}
	s := b.Split(now, nil)
	assert.Equal(t, 2, s.Known)
	assert.Equal(t, 1, s.Stale)
	assert.Equal(t, now[2:], s.New)

	// A run that did not analyse b.go does not call its entry stale.
	s = b.Split(now, func(file string) bool { return file != "b.go" })
	assert.Equal(t, 2, s.Known)
	assert.Zero(t, s.Stale)
}
