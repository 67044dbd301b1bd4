// Package lockrttest connects the reports of lockrt's checking to tests.
//
//	import (
//		lockrt "github.com/locklint/locklint/runtime"
//		"github.com/locklint/locklint/runtime/lockrttest"
//	)
//
//	func TestStore(t *testing.T) {
//		lockrttest.FailOnReport(t)
//		...
//	}
//
// Reports exist only when tests are built with -tags lockcheck; otherwise
// these helpers install a handler that is never called. The handler is
// global to the process, so tests using these helpers must not run in
// parallel with each other.
package lockrttest

import (
	"sync"
	"testing"
	"time"

	lockrt "github.com/locklint/locklint/runtime"
)

// FailOnReport makes every report fail t, with the report as the message,
// until t ends; then the previous handler is restored. A report from a
// goroutine that then blocks (a double lock) still leaves it blocked.
func FailOnReport(t testing.TB) {
	t.Helper()
	prev := lockrt.SetHandler(func(r lockrt.Report) { t.Errorf("%s", r) })
	t.Cleanup(func() { lockrt.SetHandler(prev) })
}

// A Recorder collects reports for a test to inspect.
type Recorder struct {
	mu      sync.Mutex
	reports []lockrt.Report
	changed chan struct{} // closed and replaced at each report
}

// Record installs a Recorder as the handler until t ends.
func Record(t testing.TB) *Recorder {
	t.Helper()
	r := &Recorder{changed: make(chan struct{})}
	prev := lockrt.SetHandler(r.add)
	t.Cleanup(func() { lockrt.SetHandler(prev) })
	return r
}

func (r *Recorder) add(rep lockrt.Report) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reports = append(r.reports, rep)
	close(r.changed)
	r.changed = make(chan struct{})
}

// Reports returns the reports so far, in the order they were made.
func (r *Recorder) Reports() []lockrt.Report {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]lockrt.Report(nil), r.reports...)
}

// Kinds returns the kinds of the reports so far.
func (r *Recorder) Kinds() []lockrt.Kind {
	var ks []lockrt.Kind
	for _, rep := range r.Reports() {
		ks = append(ks, rep.Kind)
	}
	return ks
}

// Reset forgets the reports so far.
func (r *Recorder) Reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reports = nil
}

// Await waits at most d for a report of kind k (made before or during the
// call) and returns the first one.
func (r *Recorder) Await(k lockrt.Kind, d time.Duration) (lockrt.Report, bool) {
	t := time.NewTimer(d)
	defer t.Stop()
	for {
		r.mu.Lock()
		for _, rep := range r.reports {
			if rep.Kind == k {
				r.mu.Unlock()
				return rep, true
			}
		}
		changed := r.changed
		r.mu.Unlock()
		select {
		case <-changed:
		case <-t.C:
			return lockrt.Report{}, false
		}
	}
}
