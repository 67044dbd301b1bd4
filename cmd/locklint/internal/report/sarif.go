package report

import (
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
	"golang.org/x/tools/go/analysis"

	"github.com/locklint/locklint/cmd/locklint/internal/findings"
)

// SrcRoot is the uriBaseId of every location inside the root: consumers
// resolve it to their checkout (GitHub code scanning does), and the run's
// originalUriBaseIds says where it was on the machine that ran locklint.
const SrcRoot = "%SRCROOT%"

// FingerprintKey names locklint's fingerprint in each result's
// partialFingerprints, so that code-scanning services track a finding
// across line drift the same way the baseline does.
const FingerprintKey = "locklintFingerprint/v1"

// A SARIFRun is what one SARIF log describes.
type SARIFRun struct {
	// Analyzers are the passes that ran: one rule each.
	Analyzers []*analysis.Analyzer
	// Findings become the results.
	Findings []*findings.Finding
	// Root is the absolute directory the findings' paths are relative to.
	Root string
	// Version is locklint's version, if known.
	Version string
	// Errors are the load and analysis errors: the run then did not
	// succeed, and each becomes a tool execution notification.
	Errors []string
}

// SARIF prints r as a SARIF 2.1.0 log with one run.
func SARIF(w io.Writer, r SARIFRun) error {
	run := sarif.NewRunWithInformationURI("locklint", "https://pkg.go.dev/github.com/locklint/locklint/cmd/locklint")
	if r.Version != "" {
		run.Tool.Driver.WithVersion(r.Version)
	}
	run.WithColumnKind("utf16CodeUnits")
	run.WithOriginalUriBaseIds(map[string]sarif.ArtifactLocation{
		SrcRoot: *sarif.NewArtifactLocation().WithURI(dirURI(r.Root)),
	})
	for _, a := range r.Analyzers {
		title, _, _ := strings.Cut(a.Doc, "\n")
		rule := run.AddRule(a.Name).
			WithShortDescription(sarif.NewMultiformatMessageString().WithText(title)).
			WithFullDescription(sarif.NewMultiformatMessageString().WithText(a.Doc)).
			WithHelp(sarif.NewMultiformatMessageString().WithText(a.Doc)).
			WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel("error"))
		if a.URL != "" {
			rule.WithHelpURI(a.URL)
		}
	}
	for _, f := range r.Findings {
		res := run.CreateResultForRule(f.Pass).
			WithLevel("error").
			WithMessage(sarif.NewTextMessage(f.Message)).
			WithPartialFingerprints(map[string]string{FingerprintKey: f.Fingerprint})
		if f.IsValid() {
			res.AddLocation(sarif.NewLocationWithPhysicalLocation(physical(f.Position)))
		}
		for i, rel := range f.Related {
			loc := sarif.NewLocation().WithID(i).WithMessage(sarif.NewTextMessage(rel.Message))
			if rel.IsValid() {
				loc.WithPhysicalLocation(physical(rel.Position))
			}
			res.AddRelatedLocation(loc)
		}
	}
	inv := sarif.NewInvocation().WithExecutionSuccessful(len(r.Errors) == 0)
	for _, e := range r.Errors {
		inv.AddToolExecutionNotification(sarif.NewNotification().WithLevel("error").WithMessage(sarif.NewTextMessage(e)))
	}
	run.AddInvocation(inv)

	log := sarif.NewReport()
	log.AddRun(run)
	if err := log.PrettyWrite(w); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// physical returns the SARIF location of p: relative to SrcRoot inside
// the root, an absolute file URI outside it.
func physical(p findings.Position) *sarif.PhysicalLocation {
	art := sarif.NewArtifactLocation()
	if p.InRoot() {
		art.WithURI((&url.URL{Path: p.File}).String()).WithURIBaseID(SrcRoot)
	} else {
		art.WithURI(fileURI(p.Filename))
	}
	region := sarif.NewRegion().
		WithStartLine(p.Line).
		WithStartColumn(p.UTF16Column)
	if p.EndLine > p.Line || p.UTF16EndColumn > p.UTF16Column {
		region.WithEndLine(p.EndLine).WithEndColumn(p.UTF16EndColumn)
	}
	return sarif.NewPhysicalLocation().WithArtifactLocation(art).WithRegion(region)
}

func fileURI(name string) string {
	path := filepath.ToSlash(name)
	if !strings.HasPrefix(path, "/") {
		path = "/" + path // a Windows volume: file:///C:/...
	}
	return (&url.URL{Scheme: "file", Path: path}).String()
}

// dirURI is the file URI of a directory, which SARIF wants to end in '/'.
func dirURI(dir string) string {
	u := fileURI(dir)
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u
}
