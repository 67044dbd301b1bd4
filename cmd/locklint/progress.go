package main

// This file shows the run's progress on a terminal.

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// progressFormat is the progress line: packages done, packages in all,
// and the last one done. It starts with a carriage return and ends by
// clearing the rest of the line, so that each update overwrites the
// last.
const progressFormat = "\r[%d/%d] analysing %s\x1b[K"

// progressEvery is the least time between two updates: drawing every
// package of std would cost more than it shows.
const progressEvery = 100 * time.Millisecond

// progressWidth bounds the package name shown, so that the line does not
// wrap on a narrow terminal (the width is unknown without a terminal
// library).
const progressWidth = 50

// isTerminal reports whether f is a terminal (a character device), on
// which progress is drawn; never when TERM is "dumb" (no cursor control).
func isTerminal(f *os.File) bool {
	if os.Getenv("TERM") == "dumb" {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// A progress draws the progress line.
type progress struct {
	w     io.Writer
	mu    sync.Mutex
	last  time.Time
	drawn bool
}

func newProgress(w io.Writer) *progress { return &progress{w: w} }

// update is driver.Config.Progress.
func (p *progress) update(done, total int, pkg string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if now := time.Now(); now.Sub(p.last) >= progressEvery || done == total {
		p.last = now
		if len(pkg) > progressWidth {
			pkg = "..." + pkg[len(pkg)-progressWidth+3:]
		}
		fmt.Fprintf(p.w, progressFormat, done, total, pkg)
		p.drawn = true
	}
}

// clear erases the progress line, if one was drawn.
func (p *progress) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		io.WriteString(p.w, "\r\x1b[K")
		p.drawn = false
	}
}
