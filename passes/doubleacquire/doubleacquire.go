package doubleacquire

import (
	_ "embed"
	"fmt"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/locklint/locklint/internal/docutil"
	"github.com/locklint/locklint/internal/lockstate"
)

//go:embed doc.go
var doc string

// Analyzer reports a goroutine acquiring a lock it already holds.
var Analyzer = &analysis.Analyzer{
	Name:     "doubleacquire",
	Doc:      docutil.MustExtract(doc, "doubleacquire"),
	URL:      "https://pkg.go.dev/github.com/locklint/locklint/passes/doubleacquire",
	Requires: []*analysis.Analyzer{lockstate.Analyzer},
	Run:      run,
}

// Message formats. %[1]s is the lock as written; in the ...Call
// formats %[2]s is the call chain that acquires it ("s.Delete locks it",
// "b.flush calls (*Batcher).bump, which locks it"); %[3]s is the
// primitive's type.
const (
	msgRelock            = "%[1]s is already held; this Lock blocks forever (%[3]s is not reentrant): release it first"
	msgRelockCall        = "%[1]s is already held; %[2]s again, so the call blocks forever (%[3]s is not reentrant): release it before the call or call a variant that expects it held"
	msgLoop              = "%[1]s is still held from the previous loop iteration; locking it again blocks forever: unlock it on every path through the loop body"
	msgUpgrade           = "%[1]s is read-locked by this goroutine; Lock waits for every reader, this one included, and blocks forever: RUnlock first (an RWMutex cannot be upgraded)"
	msgUpgradeCall       = "%[1]s is read-locked by this goroutine; %[2]s with Lock, which waits for every reader, this one included, and blocks forever: RUnlock before the call (an RWMutex cannot be upgraded)"
	msgDowngrade         = "%[1]s is write-locked by this goroutine; RLock waits for the writer, this goroutine, and blocks forever: read under the write lock without RLock, or Unlock first"
	msgDowngradeCall     = "%[1]s is write-locked by this goroutine; %[2]s with RLock, which waits for the writer, this goroutine, and blocks forever: call a variant that expects the lock held"
	msgRecursiveRead     = "%[1]s is already read-locked by this goroutine; a second RLock deadlocks as soon as a writer calls Lock between the two: do not read-lock recursively"
	msgRecursiveReadCall = "%[1]s is already read-locked by this goroutine; %[2]s again with RLock, which deadlocks as soon as a writer calls Lock in between: do not read-lock recursively"

	// A function passed to a callee that holds the lock while it calls
	// it: %[4]s is the callee as written ("r.each"), %[2]s the chain
	// from the function passed ("the function literal in F locks it").
	msgCallback          = "%[4]s holds %[1]s while it calls the function passed to it, and %[2]s again, so the call blocks forever (%[3]s is not reentrant): that function runs with %[1]s held; do not lock it there, or act after %[4]s returns"
	msgCallbackUpgrade   = "%[4]s read-locks %[1]s while it calls the function passed to it, and %[2]s with Lock, which waits for every reader and blocks forever: do not lock %[1]s in that function, or act after %[4]s returns"
	msgCallbackDowngrade = "%[4]s write-locks %[1]s while it calls the function passed to it, and %[2]s with RLock, which waits for the writer and blocks forever: that function runs with %[1]s held; do not lock it there"
	msgCallbackRead      = "%[4]s read-locks %[1]s while it calls the function passed to it, and %[2]s again with RLock, which deadlocks as soon as a writer calls Lock in between: do not read-lock %[1]s in that function"
)

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[lockstate.Analyzer].(*lockstate.Result)
	res.Prepare(pass)
	for _, f := range res.Funcs() {
		// One report per call site and lock: a call whose callee takes
		// the held lock twice (Lock in one callee, RLock in another)
		// is one bug; the shortest chain is the one reported.
		type site struct {
			pos   token.Pos
			class lockstate.Class
			name  string // for locks of no class (locals)
		}
		best := make(map[site]int)
		var order []site
		acqs := f.Acquires()
		for i, a := range acqs {
			if len(a.Same) == 0 || a.Lock.Reentrant {
				continue
			}
			if a.Mode == lockstate.Read && allRead(a.Same) && (!res.MayBeWriteLocked(a.Lock.Class, pass.Pkg.Path()) || res.TimingOnly(pass.Fset, a.Pos)) {
				continue // a recursive read lock that no writer can come between, or one in a test
			}
			k := site{a.Pos, a.Lock.Class, a.Lock.Name}
			j, ok := best[k]
			if !ok {
				order = append(order, k)
			}
			if !ok || len(a.Via) < len(acqs[j].Via) {
				best[k] = i
			}
		}
		for _, k := range order {
			report(pass, acqs[best[k]])
		}
	}
	return nil, nil
}

// message words the report for acquisition a of a lock already held.
func message(a lockstate.Acquire) string {
	held := a.Same[0].Mode
	if !allRead(a.Same) {
		held = lockstate.Write // a write holding on some path decides
	}
	if callee := a.Same[0].Callee; callee != "" && len(a.Via) > 1 {
		return callbackMessage(a, callee)
	}
	call := len(a.Via) > 0
	pick := func(direct, viaCall string) string {
		if call {
			return viaCall
		}
		return direct
	}
	var format string
	switch {
	case held == lockstate.Write && a.Mode == lockstate.Write:
		format = pick(msgRelock, msgRelockCall)
		if a.SameIteration && !call {
			format = msgLoop
		}
	case held == lockstate.Read && a.Mode == lockstate.Write:
		format = pick(msgUpgrade, msgUpgradeCall)
	case held == lockstate.Write && a.Mode == lockstate.Read:
		format = pick(msgDowngrade, msgDowngradeCall)
	default:
		format = pick(msgRecursiveRead, msgRecursiveReadCall)
	}
	typ := a.Lock.Type
	if t := a.Same[0].Lock.Type; t != "" && t != "sync.Locker" {
		typ = t // the lock's own type, when this acquisition goes through a Locker
	}
	return fmt.Sprintf(format, a.Lock.Name, chain(a.Via), typ)
}

// callbackMessage words the report for a function passed to callee,
// which holds the lock while it calls it.
func callbackMessage(a lockstate.Acquire, callee string) string {
	var format string
	switch held := a.Same[0].Mode; {
	case held == lockstate.Write && a.Mode == lockstate.Write:
		format = msgCallback
	case held == lockstate.Read && a.Mode == lockstate.Write:
		format = msgCallbackUpgrade
	case held == lockstate.Write && a.Mode == lockstate.Read:
		format = msgCallbackDowngrade
	default:
		format = msgCallbackRead
	}
	return fmt.Sprintf(format, a.Lock.Name, chain(a.Via[1:]), a.Lock.Type, callee)
}

func report(pass *analysis.Pass, a lockstate.Acquire) {
	d := analysis.Diagnostic{Pos: a.Pos, Message: message(a)}
	for _, h := range a.Same {
		if h.Pos.IsValid() {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: h.Pos, Message: a.Lock.Name + " acquired here"})
		}
	}
	if a.LockPos.IsValid() && a.LockPos != a.Pos {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: a.LockPos, Message: "and locked again here"})
	}
	pass.Report(d)
}

// chain words a call chain: "s.Delete locks it", or "s.flush calls
// (*S).write, which locks it".
func chain(via []string) string {
	if len(via) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(via[0])
	for _, f := range via[1:] {
		b.WriteString(" calls ")
		b.WriteString(f)
		b.WriteString(", which")
	}
	b.WriteString(" locks it")
	return b.String()
}

// allRead reports whether every holding is a read lock.
func allRead(hs []lockstate.Held) bool {
	for _, h := range hs {
		if h.Mode != lockstate.Read {
			return false
		}
	}
	return true
}
