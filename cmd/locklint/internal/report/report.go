// Package report prints locklint's findings in its output formats: text
// for people, the x/tools JSON tree for tools, SARIF 2.1.0 for
// code-scanning services, and GitHub Actions workflow commands for
// annotations on a pull request.
package report

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/locklint/locklint/cmd/locklint/internal/findings"
)

// textFormat is a finding's line in text: its position, its message and,
// last, the pass that reported it, which is what a
// //locklint:ignore <pass> <reason> directive names.
const textFormat = "%s: %s (%s)\n"

// relatedFormat is a related position's line in text: the message is
// indented by a tab, as the x/tools checker prints it.
const relatedFormat = "%s: \t%s\n"

// Text prints fs as "file:line:col: message (pass)", each followed by its
// related positions as "file:line:col: \tmessage". With contextLines >= 0
// it also prints the reported lines and that many lines around them.
func Text(w io.Writer, fs []*findings.Finding, contextLines int) error {
	var b strings.Builder
	context := func(p findings.Position) {
		if contextLines < 0 || !p.IsValid() {
			return
		}
		data, _ := os.ReadFile(p.Filename)
		lines := strings.Split(string(data), "\n")
		for i := p.Line - contextLines; i <= p.EndLine+contextLines; i++ {
			if 1 <= i && i <= len(lines) {
				fmt.Fprintf(&b, "%d\t%s\n", i, lines[i-1])
			}
		}
	}
	for _, f := range fs {
		fmt.Fprintf(&b, textFormat, f.Position, f.Message, f.Pass)
		context(f.Position)
		for _, r := range f.Related {
			fmt.Fprintf(&b, relatedFormat, r.Position, r.Message)
			context(r.Position)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
