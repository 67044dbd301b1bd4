package passtest

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// recorder is a testing.TB that records failures instead of failing;
// Fatal and Fatalf end the goroutine, as they do for a real test.
type recorder struct {
	testing.TB
	errs  []string
	fatal bool
}

func (r *recorder) Helper() {}

func (r *recorder) Error(args ...any) { r.errs = append(r.errs, fmt.Sprint(args...)) }

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatal(args ...any) {
	r.Error(args...)
	r.fatal = true
	runtime.Goexit()
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	r.fatal = true
	runtime.Goexit()
}

// record runs f with a recorder on a goroutine of its own, so that a
// Fatal ends only f.
func record(t *testing.T, f func(tb testing.TB)) *recorder {
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(r)
	}()
	<-done
	return r
}

// mkdirs makes the slash-separated directories below root, and an empty
// file x.go in each.
func mkdirs(t *testing.T, root string, dirs ...string) {
	t.Helper()
	for _, d := range dirs {
		dir := filepath.Join(root, filepath.FromSlash(d))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "x.go"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestLine(t *testing.T) {
	dir := t.TempDir()
	mkdirs(t, filepath.Join(dir, "src"), "pass/crosspkg/c")
	src := "package c\n\nfunc f() {\n\tmu.Lock() // want `held`\n\tmu.Unlock()\n\tmu.Unlock()\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "src", "pass", "crosspkg", "c", "c.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		text, want string
		fatal      string // the failure, if any
	}{
		{text: "package c", want: "c.go:1"},
		{text: "mu.Lock() // want", want: "c.go:4"},
		{text: "}\n", want: "c.go:7"},
		{text: "mu.Unlock()", fatal: `c.go: 2 lines contain "mu.Unlock()", want 1`},
		{text: "mu.RLock()", fatal: `c.go: 0 lines contain "mu.RLock()", want 1`},
	} {
		var got string
		r := record(t, func(tb testing.TB) { got = line(tb, dir, "pass/crosspkg", "c", tc.text) })
		switch {
		case tc.fatal == "" && (r.fatal || len(r.errs) > 0):
			t.Errorf("line(%q) failed: %v", tc.text, r.errs)
		case tc.fatal == "" && got != tc.want:
			t.Errorf("line(%q) = %q, want %q", tc.text, got, tc.want)
		case tc.fatal != "" && (!r.fatal || !slices.Equal(r.errs, []string{tc.fatal})):
			t.Errorf("line(%q): fatal %v with %q, want fatal with %q", tc.text, r.fatal, r.errs, tc.fatal)
		}
	}
	// A case with no file of its name is fatal.
	if r := record(t, func(tb testing.TB) { line(tb, dir, "pass", "missing", "package") }); !r.fatal {
		t.Errorf("line of a missing case: fatal %v, want fatal", r.fatal)
	}
}

// TestLineTestdata checks Line against the real tree: Dir, from this
// directory as from passes/<pass>, is the repository's testdata.
func TestLineTestdata(t *testing.T) {
	if got, want := Line(t, "condwait", "lost_wakeup", "package lost_wakeup"), "lost_wakeup.go:"; !strings.HasPrefix(got, want) {
		t.Errorf("Line = %q, want prefix %q", got, want)
	}
	if dir := Dir(t); !filepath.IsAbs(dir) {
		t.Errorf("Dir = %q, want an absolute path", dir)
	}
}

func TestEveryCaseRuns(t *testing.T) {
	root := t.TempDir()
	// crosspkg and fix are special: neither they nor what is below them
	// are cases. A directory below a case is a case of its own.
	mkdirs(t, root, "b", "a", "a/nested", "crosspkg/x", "crosspkg/y", "fix", "fix/sub")
	special := []string{"crosspkg", "fix"}
	if got, want := must(caseDirs(root, special)), []string{"a", "a/nested", "b"}; !slices.Equal(got, want) {
		t.Errorf("caseDirs = %v, want %v", got, want)
	}
	if got, want := must(caseDirs(filepath.Join(root, "crosspkg"), nil)), []string{"x", "y"}; !slices.Equal(got, want) {
		t.Errorf("caseDirs of crosspkg = %v, want %v", got, want)
	}
	for _, tc := range []struct {
		name    string
		cases   []string
		special []string
		errs    int
	}{
		{"in step", []string{"a", "a/nested", "b"}, special, 0},
		{"case missing", []string{"a", "b"}, special, 1},
		{"no such dir", []string{"a", "a/nested", "b", "c"}, special, 1},
		{"out of order", []string{"b", "a", "a/nested"}, special, 1},
		{"special not excluded", []string{"a", "a/nested", "b"}, []string{"fix"}, 1},
		{"special missing", []string{"a", "a/nested", "b"}, append(slices.Clone(special), "gone"), 1},
	} {
		r := record(t, func(tb testing.TB) { everyCaseRuns(tb, root, "pass", tc.cases, tc.special) })
		if r.fatal || len(r.errs) != tc.errs {
			t.Errorf("%s: fatal %v, errors %q; want %d errors", tc.name, r.fatal, r.errs, tc.errs)
		}
	}
	if r := record(t, func(tb testing.TB) {
		everyCaseRuns(tb, filepath.Join(root, "gone"), "gone", nil, nil)
	}); !r.fatal {
		t.Errorf("a missing pass directory: fatal %v, want fatal", r.fatal)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestSetFlag: the flag has the value during the test and its old value
// after it; an unknown flag fails the test.
func TestSetFlag(t *testing.T) {
	a := &analysis.Analyzer{Name: "fake"}
	on := a.Flags.Bool("on", false, "")
	t.Run("set", func(t *testing.T) {
		SetFlag(t, a, "on", "true")
		if !*on {
			t.Error("flag not set during the test")
		}
	})
	if *on {
		t.Error("flag not restored after the test")
	}
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		SetFlag(r, a, "missing", "true")
	}()
	<-done
	if !r.fatal || len(r.errs) != 1 || !strings.Contains(r.errs[0], `no flag "missing"`) {
		t.Errorf("unknown flag: fatal %v, errors %q", r.fatal, r.errs)
	}
}
