package condwait

import (
	_ "embed"
	"fmt"
	"go/token"

	"golang.org/x/tools/go/analysis"

	"github.com/locklint/locklint/internal/docutil"
	"github.com/locklint/locklint/internal/lockstate"
)

//go:embed doc.go
var doc string

// Analyzer reports sync.Cond misuse.
var Analyzer = &analysis.Analyzer{
	Name:     "condwait",
	Doc:      docutil.MustExtract(doc, "condwait"),
	URL:      "https://pkg.go.dev/github.com/locklint/locklint/passes/condwait",
	Requires: []*analysis.Analyzer{lockstate.Analyzer},
	Run:      run,
}

// Message formats. %[1]s is the Cond as written.
const (
	msgNotInLoop   = "%[1]s.Wait is not in a loop that re-checks the condition: Wait can return before the condition holds (a Broadcast, another waiter taking the change first), and a Signal sent before the Wait is lost; wait in a loop: for !condition { %[1]s.Wait() }"
	msgLostWakeup  = "%[1]s.Wait can miss the Signal of the goroutine started before it: if the goroutine signals first, the Signal finds no waiter and is lost, and Wait blocks forever; wait for the state the goroutine sets, in a loop: for !done { %[1]s.Wait() }"
	msgNoLock      = "%[1]s.Wait is called without holding %[2]s: Wait unlocks it first, a fatal error at run time (sync: unlock of unlocked mutex); lock %[2]s before waiting, and re-check the condition in a loop"
	msgNaked       = "%[1]s.%[2]s with nothing changed under %[3]s since it was locked: waiters re-check their condition, find it unchanged and sleep again; change the shared state under the lock before signalling"
	relatedGo      = "this goroutine signals %s"
	relatedLocked  = "%s locked here"
	fixIfToFor     = "Re-check the condition in a loop (if -> for)"
	lockOfUnknownL = "%s.L"
)

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[lockstate.Analyzer].(*lockstate.Result)
	res.Prepare(pass)
	for _, f := range res.Funcs() {
		for _, w := range f.CondWaits() {
			checkWait(pass, w)
		}
		for _, s := range f.CondSignals() {
			if !s.Naked {
				continue
			}
			method := "Signal"
			if s.Broadcast {
				method = "Broadcast"
			}
			d := analysis.Diagnostic{Pos: s.Pos, Message: fmt.Sprintf(msgNaked, s.Cond, method, s.Lock)}
			if s.AcqPos.IsValid() {
				d.Related = []analysis.RelatedInformation{{Pos: s.AcqPos, Message: fmt.Sprintf(relatedLocked, s.Lock)}}
			}
			pass.Report(d)
		}
	}
	return nil, nil
}

func checkWait(pass *analysis.Pass, w lockstate.CondWait) {
	if w.Status == lockstate.LockNotHeld || (w.Status == lockstate.LockUnknown && w.LockKnown && !w.CallersHold) {
		lock := w.Lock
		if lock == "" {
			lock = fmt.Sprintf(lockOfUnknownL, w.Cond)
		}
		pass.Report(analysis.Diagnostic{Pos: w.Pos, Message: fmt.Sprintf(msgNoLock, w.Cond, lock)})
		return
	}
	if w.InLoop {
		return
	}
	d := analysis.Diagnostic{Pos: w.Pos, Message: fmt.Sprintf(msgNotInLoop, w.Cond)}
	if len(w.GoSignals) > 0 {
		d.Message = fmt.Sprintf(msgLostWakeup, w.Cond)
		for _, g := range w.GoSignals {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: g, Message: fmt.Sprintf(relatedGo, w.Cond)})
		}
	}
	if w.If.IsValid() {
		d.SuggestedFixes = []analysis.SuggestedFix{{
			Message:   fixIfToFor,
			TextEdits: []analysis.TextEdit{{Pos: w.If, End: w.If + token.Pos(len("if")), NewText: []byte("for")}},
		}}
	}
	pass.Report(d)
}
