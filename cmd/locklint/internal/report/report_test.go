package report

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/locklint/locklint/cmd/locklint/internal/findings"
)

// TestGitHubEscaping checks the escapes GitHub's workflow commands
// require: %, CR and LF in the message; also ':' and ',' in properties.
func TestGitHubEscaping(t *testing.T) {
	f := &findings.Finding{
		Pass: "doubleacquire",
		Position: findings.Position{
			Filename: "/r/a,b:c%.go", File: "a,b:c%.go", Line: 3, Column: 7,
		},
		Message: "100% held: a, b\r\nagain",
		Related: []findings.Related{{
			Position: findings.Position{Filename: "/r/x.go", File: "x.go", Line: 1, Column: 2},
			Message:  "acquired here",
		}},
	}
	var buf bytes.Buffer
	require.NoError(t, GitHub(&buf, []*findings.Finding{f, {Pass: "unreleased", Message: "no position"}}))
	assert.Equal(t,
		"::error file=a%2Cb%3Ac%25.go,line=3,col=7,title=locklint doubleacquire::100%25 held: a, b%0D%0Aagain%0Ax.go:1:2: acquired here\n"+
			"::error title=locklint unreleased::no position\n",
		buf.String())
}

func TestText(t *testing.T) {
	f := &findings.Finding{
		Pass:     "doubleacquire",
		Position: findings.Position{Filename: "/r/a.go", File: "a.go", Line: 3, Column: 7},
		Message:  "s.mu is already held",
		Related: []findings.Related{{
			Position: findings.Position{Filename: "/r/a.go", File: "a.go", Line: 1, Column: 2},
			Message:  "acquired here",
		}},
	}
	var buf bytes.Buffer
	require.NoError(t, Text(&buf, []*findings.Finding{f}, -1))
	assert.Equal(t, "/r/a.go:3:7: s.mu is already held (doubleacquire)\n/r/a.go:1:2: \tacquired here\n", buf.String())
}

func TestFileURI(t *testing.T) {
	assert.Equal(t, "file:///tmp/a%20b/", dirURI("/tmp/a b"))
	assert.Equal(t, "file:///tmp/x.go", fileURI("/tmp/x.go"))
}
