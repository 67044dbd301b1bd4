package unreleased

import (
	"cmp"
	_ "embed"
	"fmt"
	"go/token"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/locklint/locklint/internal/docutil"
	"github.com/locklint/locklint/internal/lockstate"
)

//go:embed doc.go
var doc string

// Analyzer reports paths that leave a lock held and releases of locks
// that are not held.
var Analyzer = &analysis.Analyzer{
	Name:     "unreleased",
	Doc:      docutil.MustExtract(doc, "unreleased"),
	URL:      "https://pkg.go.dev/github.com/locklint/locklint/passes/unreleased",
	Requires: []*analysis.Analyzer{lockstate.Analyzer},
	Run:      run,
}

// Message formats. %[1]s is the lock as written.
const (
	msgLeak            = "%[1]s is still locked after this %[2]s, but other paths unlock it: unlock it before the %[2]s, or defer the Unlock right after Lock"
	msgLeakEnd         = "%[1]s is still locked at the end of the function, but other paths unlock it: unlock it on every path, or defer the Unlock right after Lock"
	msgLeakPanic       = "%[1]s is still locked when this panic unwinds and no deferred Unlock releases it: if the panic is recovered (net/http recovers handler panics) the lock stays held forever; defer the Unlock right after Lock"
	msgNeverReleased   = "%[1]s is locked and never unlocked: every later Lock of it blocks forever; unlock it, or defer the Unlock right after Lock"
	msgPanicCall       = "%[1]s is held across %[2]s, which can panic, and is released by a plain Unlock: a recovered panic leaves it locked forever; defer the Unlock right after Lock"
	msgPanicCallMany   = "%[1]s are held across %[2]s, which can panic, and are released by plain Unlocks: a recovered panic leaves them locked forever; defer each Unlock right after its Lock"
	msgDoubleRelease   = "%[1]s is not locked here (it was already unlocked on this path): unlocking it again is a fatal error at run time; remove one of the two unlocks"
	msgDoubleCall      = "%[1]s is not locked here (it was already unlocked on this path), but %[2]s unlocks it: a fatal error at run time; remove the earlier unlock or this call"
	msgDeferredAgain   = "%[1]s is unlocked here and again by the deferred Unlock when the function returns: the second unlock is a fatal error at run time; remove one of them"
	msgReadUnlocked    = "%[1]s is read-locked but released with Unlock: a fatal error at run time, and the read lock is never released; use RUnlock"
	msgWriteRUnlocked  = "%[1]s is write-locked but released with RUnlock: a fatal error at run time; use Unlock"
	relatedAcquired    = "%[1]s locked here"
	relatedReleased    = "%[1]s already unlocked here"
	relatedDeferred    = "deferred unlock of %[1]s"
	fixDeferUnlockText = "Defer the Unlock right after Lock"
)

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[lockstate.Analyzer].(*lockstate.Result)
	res.Prepare(pass)
	for _, f := range res.Funcs() {
		reportLeaks(pass, f.Leaks())
		calls := f.PanicCalls()
		for len(calls) > 0 {
			// One report per call, naming every lock held across it.
			n := 1
			for n < len(calls) && calls[n].Pos == calls[0].Pos {
				n++
			}
			reportPanicCall(pass, calls[:n])
			calls = calls[n:]
		}
		// One report per place and message: paths of one loop reach a
		// bad release with holdings of several iterations.
		seen := make(map[diagKey]bool)
		for _, r := range f.BadReleases() {
			d := releaseDiagnostic(r)
			if k := (diagKey{d.Pos, d.Message}); !seen[k] {
				seen[k] = true
				pass.Report(d)
			}
		}
	}
	return nil, nil
}

// reportPanicCall reports a call that can panic with the locks in cs
// held (all at one position).
func reportPanicCall(pass *analysis.Pass, cs []lockstate.PanicCall) {
	c := cs[0]
	d := analysis.Diagnostic{Pos: c.Pos}
	if len(cs) == 1 {
		d.Message = fmt.Sprintf(msgPanicCall, c.Lock.Name, c.Callee)
		d.SuggestedFixes = deferFix(pass, c.AcqPos, c.Releases)
	} else {
		names := make([]string, len(cs))
		for i, x := range cs {
			names[i] = x.Lock.Name
		}
		d.Message = fmt.Sprintf(msgPanicCallMany, andList(names), c.Callee)
	}
	for _, x := range cs {
		d.Related = append(d.Related, acquired(x.Lock, x.AcqPos)...)
	}
	pass.Report(d)
}

// andList joins names as prose: "a", "a and b", "a, b and c".
func andList(names []string) string {
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// reportLeaks reports the leaks of one function: one report per exit
// and message, naming every acquisition that reaches the exit held (a
// lock taken in either branch of an if and left held at one return is
// one mistake).
func reportLeaks(pass *analysis.Pass, leaks []lockstate.Leak) {
	var order []*analysis.Diagnostic
	index := make(map[diagKey]*analysis.Diagnostic)
	for _, l := range leaks {
		d := leakDiagnostic(pass, l)
		k := diagKey{d.Pos, d.Message}
		prev, ok := index[k]
		if !ok {
			index[k] = &d
			order = append(order, &d)
			continue
		}
		for _, r := range d.Related {
			if !slices.Contains(prev.Related, r) {
				prev.Related = append(prev.Related, r)
			}
		}
		prev.SuggestedFixes = nil // no longer one Lock to defer the Unlock after
	}
	for _, d := range order {
		slices.SortFunc(d.Related, func(a, b analysis.RelatedInformation) int { return cmp.Compare(a.Pos, b.Pos) })
		pass.Report(*d)
	}
}

func leakDiagnostic(pass *analysis.Pass, l lockstate.Leak) analysis.Diagnostic {
	var msg string
	switch {
	case l.NeverReleased:
		msg = fmt.Sprintf(msgNeverReleased, l.Lock.Name)
	case l.Kind == lockstate.ExitPanic:
		msg = fmt.Sprintf(msgLeakPanic, l.Lock.Name)
	case l.Kind == lockstate.ExitEnd:
		msg = fmt.Sprintf(msgLeakEnd, l.Lock.Name)
	default:
		msg = fmt.Sprintf(msgLeak, l.Lock.Name, l.Kind)
	}
	d := analysis.Diagnostic{Pos: l.Pos, Message: msg, Related: acquired(l.Lock, l.AcqPos)}
	if l.Kind == lockstate.ExitPanic {
		d.SuggestedFixes = deferFix(pass, l.AcqPos, l.Releases)
	}
	return d
}

// diagKey is a report's place and message: one report per key.
type diagKey struct {
	pos token.Pos
	msg string
}

func releaseDiagnostic(r lockstate.BadRelease) analysis.Diagnostic {
	var msg string
	var related []analysis.RelatedInformation
	switch r.Problem {
	case lockstate.DoubleRelease:
		msg = fmt.Sprintf(msgDoubleRelease, r.Lock.Name)
		if r.Via != "" {
			msg = fmt.Sprintf(msgDoubleCall, r.Lock.Name, r.Via)
		}
		if r.Prev.IsValid() {
			related = append(related, analysis.RelatedInformation{Pos: r.Prev, Message: fmt.Sprintf(relatedReleased, r.Lock.Name)})
		}
	case lockstate.DeferredAgain:
		msg = fmt.Sprintf(msgDeferredAgain, r.Lock.Name)
		if r.Prev.IsValid() {
			related = append(related, analysis.RelatedInformation{Pos: r.Prev, Message: fmt.Sprintf(relatedDeferred, r.Lock.Name)})
		}
	case lockstate.WrongMode:
		if r.HeldMode == lockstate.Read {
			msg = fmt.Sprintf(msgReadUnlocked, r.Lock.Name)
		} else {
			msg = fmt.Sprintf(msgWriteRUnlocked, r.Lock.Name)
		}
	}
	return analysis.Diagnostic{Pos: r.Pos, Message: msg, Related: related}
}

func acquired(l lockstate.LockRef, pos token.Pos) []analysis.RelatedInformation {
	if !pos.IsValid() {
		return nil
	}
	return []analysis.RelatedInformation{{Pos: pos, Message: fmt.Sprintf(relatedAcquired, l.Name)}}
}
