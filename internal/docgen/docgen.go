// Package docgen renders the Markdown page of a locklint pass,
// docs/passes/<name>.md, from its Analyzer.Doc, which comes from the
// pass's doc.go (see internal/docutil). The pages are written by
//
//	go test ./internal/docgen -update
//
// and the same test, without -update, fails when a page differs from
// Render, so the pages cannot drift from doc.go.
package docgen

import (
	"fmt"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Render returns the Markdown page of a: a title, the summary line, the
// rest of the Doc (Go doc code blocks, the tab-indented lines, become
// fenced blocks; WRONG: and RIGHT: become bold labels), a section on
// silencing reports, and a link back to the doc.go it comes from.
func Render(a *analysis.Analyzer) string {
	var b strings.Builder
	summary, body, _ := strings.Cut(strings.TrimSpace(a.Doc), "\n\n")
	fmt.Fprintf(&b, "# %s\n\n%s.\n\n", a.Name, capitalize(strings.TrimSpace(summary)))
	if body != "" {
		b.WriteString(renderBody(body))
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, silencing, a.Name)
	fmt.Fprintf(&b, "\n---\n\nGenerated from [passes/%[1]s/doc.go](../../passes/%[1]s/doc.go), the pass's package comment and the text of `locklint help %[1]s`, by `go test ./internal/docgen -update`. Edit doc.go, not this page.\n", a.Name)
	return b.String()
}

const silencing = `## Silencing

To silence a report that is not a bug, add a directive naming the pass and
saying why:

` + "```go" + `
//locklint:ignore %[1]s <reason>
` + "```" + `

It applies

- to its own line, when it ends the reported line;
- to the next line, when it stands alone on its line;
- to the whole function, when it is in the function's doc comment.

The reason is required: a directive without one, or naming no locklint
pass, takes no effect and is itself reported. One directive can name
several passes, separated by commas. The pass applies the directive itself, so it works the same under ` + "`locklint`" + `,
` + "`go vet -vettool`" + ` and golangci-lint (where ` + "`//nolint:locklint`" + ` works too).
`

// renderBody converts the Go doc text of a Doc body to Markdown.
func renderBody(body string) string {
	lines := strings.Split(body, "\n")
	var b strings.Builder
	prevProse := "" // the last prose paragraph before a code block
	para := ""      // the prose paragraph being read
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		switch {
		case strings.HasPrefix(l, "\t"):
			// A code block: tab-indented lines, blank lines between
			// them included.
			var code []string
			for ; i < len(lines); i++ {
				if strings.HasPrefix(lines[i], "\t") {
					code = append(code, strings.TrimPrefix(lines[i], "\t"))
				} else if lines[i] == "" && i+1 < len(lines) && strings.HasPrefix(lines[i+1], "\t") {
					code = append(code, "")
				} else {
					break
				}
			}
			i--
			lang := "go"
			if isReportIntro(prevProse) {
				lang = "text" // a report's message, not Go
			}
			fmt.Fprintf(&b, "```%s\n%s\n```\n", lang, strings.Join(code, "\n"))
		case strings.HasPrefix(l, "  - "):
			b.WriteString("- " + strings.TrimPrefix(l, "  - ") + "\n")
			para += l + "\n"
		case strings.HasPrefix(l, "    "):
			b.WriteString("  " + strings.TrimLeft(l, " ") + "\n")
			para += l + "\n"
		case l == "":
			if para != "" {
				prevProse = para
			}
			para = ""
			b.WriteString("\n")
		default:
			if para == "" {
				for _, label := range []string{"WRONG:", "RIGHT:"} {
					if strings.HasPrefix(l, label) {
						l = "**" + label + "**" + strings.TrimPrefix(l, label)
					}
				}
			}
			para += l + "\n"
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}

// isReportIntro reports whether the prose paragraph p introduces the
// message of a report ("reports:", "reports at the call:").
func isReportIntro(p string) bool {
	p = strings.TrimSpace(p)
	return strings.HasPrefix(p, "reports") && strings.HasSuffix(p, ":")
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
