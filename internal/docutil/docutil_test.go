package docutil

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExtract(t *testing.T) {
	src := "// Package foo defines an analyzer.\n//\n// foo: report foos\n//\n// More text.\npackage foo\n"
	doc, err := Extract(src, "foo")
	require.NoError(t, err)
	assert.Equal(t, "report foos\n\nMore text.", doc)
}

// TestExtractHeading is the layout of the passes' doc.go files: a package
// sentence over two lines, then a "# Analyzer NAME" heading.
func TestExtractHeading(t *testing.T) {
	src := "// Package foo defines an Analyzer that reports\n// foos.\n//\n// # Analyzer foo\n//\n// foo: report foos\n//\n// More text.\npackage foo\n"
	doc, err := Extract(src, "foo")
	require.NoError(t, err)
	assert.Equal(t, "report foos\n\nMore text.", doc)
}

func TestExtractErrors(t *testing.T) {
	_, err := Extract("package foo\n", "foo")
	assert.ErrorContains(t, err, "no package comment")
	_, err = Extract("// Package foo is something.\n//\n// bar: wrong name\npackage foo\n", "foo")
	assert.ErrorContains(t, err, `no line starting "foo: "`)
	assert.Panics(t, func() { MustExtract("package foo\n", "foo") })
}
