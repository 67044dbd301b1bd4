package fix

import (
	"fmt"
	"slices"
	"strings"
)

// contextLines is the number of unchanged lines a hunk shows around a
// change, as diff -u.
const contextLines = 3

// noNewline marks a last line that has no newline, as diff -u does.
const noNewline = "\\ No newline at end of file\n"

// Unified returns the unified diff (diff -u) from old to new, with the
// header lines "--- oldName" and "+++ newName"; "" when they are equal.
func Unified(oldName, newName, old, new string) string {
	if old == new {
		return ""
	}
	ops := lineDiff(splitLines(old), splitLines(new))
	var b strings.Builder
	fmt.Fprintf(&b, "--- %s\n+++ %s\n", oldName, newName)
	for _, h := range hunks(ops) {
		writeHunk(&b, ops[h.start:h.end])
	}
	return b.String()
}

// splitLines splits s after each newline; the last line may lack one.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// An op is a line of the diff: kept (' '), deleted ('-') or inserted
// ('+'), with its 1-based line numbers in old and new (the next line's,
// for a line absent from one side).
type op struct {
	kind       byte
	line       string
	oldN, newN int
}

// lineDiff returns a shortest edit script from a to b: Myers' O(ND)
// algorithm on the lines between the common prefix and suffix, which is
// all a suggested fix changes.
func lineDiff(a, b []string) []op {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var ops []op
	for i := range pre {
		ops = append(ops, op{kind: ' ', line: a[i]})
	}
	ops = append(ops, myers(a[pre:len(a)-suf], b[pre:len(b)-suf])...)
	for i := len(a) - suf; i < len(a); i++ {
		ops = append(ops, op{kind: ' ', line: a[i]})
	}
	oldN, newN := 1, 1
	for i := range ops {
		ops[i].oldN, ops[i].newN = oldN, newN
		if ops[i].kind != '+' {
			oldN++
		}
		if ops[i].kind != '-' {
			newN++
		}
	}
	return ops
}

// myers returns the edit script from a to b, deletions before insertions
// where both are possible.
func myers(a, b []string) []op {
	n, m := len(a), len(b)
	limit := n + m
	off := limit + 1
	v := make([]int, 2*limit+3)
	var trace [][]int
	found := false
	for d := 0; d <= limit && !found; d++ {
		trace = append(trace, slices.Clone(v))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1] // down: an insertion
			} else {
				x = v[off+k-1] + 1 // right: a deletion
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				found = true
				break
			}
		}
	}
	var ops []op
	x, y := n, m
	for d := len(trace) - 1; d > 0; d-- {
		v := trace[d]
		k := x - y
		prevK := k - 1
		if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
			prevK = k + 1
		}
		prevX := v[off+prevK]
		prevY := prevX - prevK
		for x > prevX && y > prevY {
			x, y = x-1, y-1
			ops = append(ops, op{kind: ' ', line: a[x]})
		}
		if x == prevX {
			y--
			ops = append(ops, op{kind: '+', line: b[y]})
		} else {
			x--
			ops = append(ops, op{kind: '-', line: a[x]})
		}
	}
	for x > 0 && y > 0 {
		x, y = x-1, y-1
		ops = append(ops, op{kind: ' ', line: a[x]})
	}
	slices.Reverse(ops)
	return ops
}

// A span is a hunk: ops[start:end].
type span struct{ start, end int }

// hunks groups the changes of ops with contextLines of context around
// each, merging groups whose context would touch.
func hunks(ops []op) []span {
	var out []span
	for i := 0; i < len(ops); i++ {
		if ops[i].kind == ' ' {
			continue
		}
		start := max(i-contextLines, 0)
		if len(out) > 0 && start <= out[len(out)-1].end {
			start = out[len(out)-1].start
			out = out[:len(out)-1]
		}
		end := i
		for end < len(ops) && ops[end].kind != ' ' {
			end++
		}
		i = end - 1
		out = append(out, span{start, min(end+contextLines, len(ops))})
	}
	return out
}

// writeHunk writes one hunk: its header and lines.
func writeHunk(b *strings.Builder, ops []op) {
	oldCount, newCount := 0, 0
	for _, o := range ops {
		if o.kind != '+' {
			oldCount++
		}
		if o.kind != '-' {
			newCount++
		}
	}
	fmt.Fprintf(b, "@@ -%s +%s @@\n", hunkRange(ops[0].oldN, oldCount), hunkRange(ops[0].newN, newCount))
	for _, o := range ops {
		b.WriteByte(o.kind)
		b.WriteString(o.line)
		if !strings.HasSuffix(o.line, "\n") {
			b.WriteString("\n" + noNewline)
		}
	}
}

// hunkRange formats a hunk's range as diff -u: "start,count", "start"
// when count is 1, and the line before for an empty range.
func hunkRange(start, count int) string {
	switch count {
	case 0:
		return fmt.Sprintf("%d,0", start-1)
	case 1:
		return fmt.Sprint(start)
	}
	return fmt.Sprintf("%d,%d", start, count)
}
