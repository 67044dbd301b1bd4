package oracle

// A Finding is a known way locklint departs from the oracle on generated
// programs: an engine bug, or an approximation doc.go documents. Each is
// an Explanation (or a Match) of the same name, and has a regression
// case: the program it was found on, shrunk, under
// testdata/src/oracle/<name with _ for ->/ (see TestRegressions).
//
// While a finding is open (Fixed unset), its case is expected to
// disagree and is skipped, naming the finding; when the engine is fixed,
// the case agrees, and TestRegressions fails until Fixed is set, so that
// the case becomes an ordinary regression test and the explanation can
// be removed.
type Finding struct {
	Name string
	// Documented names the part of internal/lockstate/doc.go that
	// describes the approximation, or is empty for a bug.
	Documented string
	// Summary says what the engine does, in one or two sentences.
	Summary string
	Fixed   bool
}

// Findings lists every finding, in the order of Explanations and
// Matches.
var Findings = []Finding{
	{
		Name:    "opaque-loops",
		Summary: "The engine does not evaluate a loop's condition: for i := 0; i < 2; i++ may run zero times or once for it, so it reports leaks and double unlocks on paths that skip or cut short a loop that always runs twice.",
	},
	{
		Name:       "guarded-holds",
		Documented: "Summaries: a summary keeps the locks held at every return and released at every return; those only some returns release apply only when the call is deferred",
		Summary:    "A call of a helper that locks under a boolean parameter (s.lockIf(true)) is checked as an acquisition but leaves nothing held, so a second Lock after it is not reported; a call (not deferred) of one that unlocks under a parameter (s.unlockIf(true)) releases nothing, so a leak is reported after it.",
	},
	{
		Name:    "may-releases",
		Summary: "A deferred release that only some returns of the deferred function make (defer func() { if held { mu.Unlock() } }(), defer s.unlockIf(c)) is applied only if the lock is held when it runs, whatever the condition: an Unlock before it, with the condition true, is a double unlock that is not reported.",
	},
	{
		Name:       "stores-forget",
		Documented: "The dataflow: conditions are loads of the same path, forgotten on a store to it",
		Summary:    "A store of a constant to a field (s.f = false), or to a flag a deferred function literal captures, is not carried to a later test of it: the test is taken as unknown, and the branch the constant excludes is followed.",
	},
	{
		Name:    "trylock-flag",
		Summary: "A TryLock whose result is stored (ok := mu.TryLock()) and not tested at once holds the lock for the engine only from a later branch on it: a path that locks again, or returns, before that branch is not seen holding it.",
	},
	{
		Name:    "trylock-edges-join",
		Summary: "An if on TryLock whose two branches reach the same block without an instruction (an empty body, or a break on both sides) loses the success: go/ssa threads the jumps, both edges of the If go to one block, and the lock is taken as not held after it.",
	},
	{
		Name:    "branch-any-loop",
		Summary: "A leak is reported at a break or continue out of a loop entered with the lock already held (ordinary control flow: the path goes on to the real exit), instead of at the exit that leaves the lock held.",
	},
	{
		Name:    "unfound-branches",
		Summary: "A break or continue is found in the syntax from the statement before it (go/ssa jumps have no position): after an if, a loop or an assignment to a local (h = true), or first in a loop body or in an if on a parameter or a flag, it is not found, and the leak is reported at the exit or an earlier branch instead.",
	},
	{
		Name:    "branch-hides-exit",
		Summary: "When some path to an exit leaves a loop through a break or continue with the lock held, the leak is reported there only: another path reaching the same exit with the lock held, through no branch, gets no report.",
	},
	{
		Name:    "read-loops-accumulate",
		Summary: "An RLock in a loop with no RUnlock primitive in the loop is taken as read-locked an unknown number of times, even when a release helper called in the loop unlocks it each time: the next iteration's RLock is reported as recursive, and a Lock after the loop as an upgrade.",
	},
	{
		Name:    "loop-entry-correlated",
		Summary: "Combined with opaque-loops: the outcome of the first test of an inner loop's condition is kept across the iterations of the outer loop, so a path that released the lock after skipping the inner loop never reaches a return in it, and a leak there that such a path would share (and drop) is reported.",
	},
	{
		Name:    "negated-flag-arg",
		Summary: "The argument of a guarded helper that negates a local holding a constant at that point (h = true; s.lockIf(!h)) is not evaluated: the helper's acquisition is taken to happen, and a double acquire is reported.",
	},
}

// finding returns the finding of the given name.
func finding(name string) (Finding, bool) {
	for _, f := range Findings {
		if f.Name == name {
			return f, true
		}
	}
	return Finding{}, false
}
