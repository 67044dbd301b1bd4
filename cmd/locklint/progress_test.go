package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestProgress(t *testing.T) {
	var b bytes.Buffer
	p := newProgress(&b)
	p.update(1, 3, "example.com/a")
	p.update(2, 3, "example.com/b") // within progressEvery: not drawn
	p.update(3, 3, strings.Repeat("x", 80))
	p.clear()
	assert.Equal(t, "\r[1/3] analysing example.com/a\x1b[K"+
		"\r[3/3] analysing ..."+strings.Repeat("x", progressWidth-3)+"\x1b[K"+
		"\r\x1b[K", b.String())

	b.Reset()
	newProgress(&b).clear()
	assert.Empty(t, b.String(), "nothing drawn, nothing to clear")
}

// TestProgressNotOnFiles checks that progress is drawn only on a
// terminal: not on a file or a pipe, as in CI logs and tests.
func TestProgressNotOnFiles(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "log"))
	require.NoError(t, err)
	defer f.Close()
	assert.False(t, isTerminal(f))
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	defer w.Close()
	assert.False(t, isTerminal(w))
}
