package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/locklint/locklint/cmd/locklint/internal/findings"
)

// GitHub prints fs as GitHub Actions workflow commands, one a finding:
//
//	::error file=F,line=L,col=C,title=locklint PASS::MESSAGE
//
// F is relative to the root, which in a workflow is the checkout. The
// related positions follow the message on lines of their own. GitHub
// shows each command as an annotation on the file and line.
func GitHub(w io.Writer, fs []*findings.Finding) error {
	var b strings.Builder
	for _, f := range fs {
		var props []string
		if f.IsValid() {
			props = append(props,
				"file="+escapeProperty(f.File),
				fmt.Sprintf("line=%d", f.Line),
				fmt.Sprintf("col=%d", f.Column))
		}
		props = append(props, "title="+escapeProperty("locklint "+f.Pass))
		msg := f.Message
		for _, r := range f.Related {
			where := "-"
			if r.IsValid() {
				where = fmt.Sprintf("%s:%d:%d", r.File, r.Line, r.Column)
			}
			msg += fmt.Sprintf("\n%s: %s", where, r.Message)
		}
		fmt.Fprintf(&b, "::error %s::%s\n", strings.Join(props, ","), escapeData(msg))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// dataEscaper escapes a command's message as the Actions toolkit does
// (its escapeData): %, CR and LF.
var dataEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")

// propertyEscaper escapes a command's property value as the toolkit
// does (its escapeProperty): also ':' and ',', which would end the value.
var propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")

func escapeData(s string) string     { return dataEscaper.Replace(s) }
func escapeProperty(s string) string { return propertyEscaper.Replace(s) }
