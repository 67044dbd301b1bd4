// Package report prints the findings of locklint's CI gate in its output
// formats: text and JSON as the x/tools checker prints them (so that a
// gate run reads like a plain run), SARIF 2.1.0 for code-scanning
// services, and GitHub Actions workflow commands for annotations on a
// pull request.
package report

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/locklint/locklint/cmd/locklint/internal/findings"
)

// Text prints fs as the checker does: "file:line:col: message", then each
// related position as "file:line:col: \tmessage". With contextLines >= 0
// it also prints the reported lines and that many lines around them.
func Text(w io.Writer, fs []*findings.Finding, contextLines int) error {
	var b strings.Builder
	print := func(p findings.Position, message string) {
		fmt.Fprintf(&b, "%s: %s\n", p, message)
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
		print(f.Position, f.Message)
		for _, r := range f.Related {
			print(r.Position, "\t"+r.Message)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
