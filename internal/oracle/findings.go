package oracle

// A Finding is a known way locklint departs from the oracle on generated
// programs: an engine bug, or an approximation doc.go documents. Each
// open one is an Explanation (or a Match) of the same name; each has a regression
// case: the program it was found on, shrunk, under
// testdata/src/oracle/<name with _ for ->/ (see TestRegressions).
//
// While a finding is open (Fixed unset), its case is expected to
// disagree and is skipped, naming the finding; when the engine is fixed,
// the case agrees, and TestRegressions fails until Fixed is set, so that
// the case becomes an ordinary regression test and the explanation can
// be removed once no run needs it (a finding found after its fix, such
// as guarded-helper-blocks, never had one).
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
		Name:       "opaque-loops",
		Documented: "The dataflow: loop conditions are not evaluated (a loop may run zero times or stop after any iteration)",
		Summary:    "The engine does not evaluate a loop's condition: for i := 0; i < 2; i++ may run zero times or once for it, so it reports leaks and double unlocks on paths that skip or cut short a loop that always runs twice. (A loop whose body never goes round is entered as written since the loop-entry-correlated fix.)",
	},
	{
		Name:       "guarded-holds",
		Documented: "Summaries: a summary keeps the locks held at every return and released at every return; those only some returns release apply only when the call is deferred",
		Summary:    "A call of a helper that locks under a boolean parameter (s.lockIf(true)) is checked as an acquisition but leaves nothing held, so a second Lock after it is not reported; a call (not deferred) of one that unlocks under a parameter (s.unlockIf(true)) releases nothing, so a leak is reported after it. Fixed on main (558542a, e13ea8b): conditional acquire and release helpers split their callers' paths.",
		Fixed:      true,
	},
	{
		Name:       "may-releases",
		Documented: "Deliberately unsound: a deferred conditional release whose condition the path does not decide is made only if the lock is held when it runs",
		Summary:    "A deferred release that only some returns of the deferred function make (defer s.unlockIf(c)), under a condition the path does not decide, is applied only if the lock is held when it runs: an Unlock before it, on a path where the condition is true, is a double unlock that is not reported. (A condition on a captured flag the path stored a constant to is decided since the stores-forget fix.)",
	},
	{
		Name:       "stores-forget",
		Documented: "The dataflow: conditions are loads of the same path, forgotten on a store to it",
		Summary:    "A store of a constant to a field (s.f = false), or to a flag a deferred function literal captures, is not carried to a later test of it: the test is taken as unknown, and the branch the constant excludes is followed. Fixed: a store of a constant decides later loads of the path (lockstate store, knownLoad).",
		Fixed:      true,
	},
	{
		Name:    "trylock-flag",
		Summary: "A TryLock whose result is stored (ok := mu.TryLock()) and not tested at once holds the lock for the engine only from a later branch on it: a path that locks again, or returns, before that branch is not seen holding it. Fixed: a TryLock splits the paths at the call (lockstate.tryAcquire).",
		Fixed:   true,
	},
	{
		Name:    "trylock-captured-flag",
		Summary: "A TryLock result stored in a flag that a deferred function literal captures (h0 = s.mu.TryLock(), the flag on the heap) was not linked to the TryLock: a later if h0 followed both edges, and a lock taken where the flag is false was reported as a double acquire on the path where the TryLock had succeeded. Fixed: a store of a condition the path has decided decides later loads of the path, as a constant's does (lockstate store).",
		Fixed:   true,
	},
	{
		Name:    "defer-arg-snapshot",
		Summary: "A deferred call's argument that loads a flag a closure captures (so go/ssa keeps it on the heap and loads it at the defer) was evaluated at the exit, after a later store had decided the flag: defer s.unlockMu0If(h0) with h0 false at the defer, then h0 = true, gave a false double unlock. Fixed: a load used only as deferred arguments is keyed as a value, decided at the defer (lockstate snapshotDeferArgs).",
		Fixed:   true,
	},
	{
		Name:    "trylock-edges-join",
		Summary: "An if on TryLock whose two branches reach the same block without an instruction (an empty body, or a break on both sides) loses the success: go/ssa threads the jumps, both edges of the If go to one block, and the lock is taken as not held after it. Fixed with trylock-flag: the success path holds the lock from the call on.",
		Fixed:   true,
	},
	{
		Name:    "branch-any-loop",
		Summary: "A leak is reported at a break or continue out of a loop entered with the lock already held (ordinary control flow: the path goes on to the real exit), instead of at the exit that leaves the lock held. Fixed: the walk back from the exit (leavingBranches) stops only at a break or continue out of a loop, switch or select that holds the acquisition (lockstate leavesAround); others are walked through.",
		Fixed:   true,
	},
	{
		Name:       "unfound-branches",
		Documented: "Where a leak is reported: a break or continue is found in the syntax, best-effort",
		Summary:    "A break or continue is found in the syntax (go/ssa jumps have no position); when it is not, the leak is reported at the exit or an earlier branch instead. It was found only right after a statement with instructions or first in an if on a field or a TryLock; now also after assignments to locals (h = true), after an if or a loop, first in an if on a parameter, a local or a constant, and under !, && and || (lockstate positions.go). Still not found: an if on a name in a block with no instruction of its own, when several ifs test the name (this case), and a break first in a loop body (the loop's test folds away); the oracle takes a branch after an if or a loop, or first in a loop body or in an if on a name, as possibly not found (findableAfter).",
	},
	{
		Name:    "branch-hides-exit",
		Summary: "When some path to an exit leaves a loop through a break or continue with the lock held, the leak is reported there only: another path reaching the same exit with the lock held, through no branch, gets no report. Fixed: the exit is reported too when the walk back from it reaches the acquisition through no such break or continue (leavingBranches' direct); the walk does not go back through a block whose last operation on the lock releases it (the holding there is an earlier iteration's, or another read count: lockstate lastOpIn), and visits each edge, not each block, once.",
		Fixed:   true,
	},
	{
		Name:       "read-loops-accumulate",
		Documented: "Deliberately unsound: an RLock in a loop whose cycle does not release it counts as read-locked an unknown number of times",
		Summary:    "An RLock in a loop with no RUnlock primitive in the loop is taken as read-locked an unknown number of times, even when a release helper called in the loop unlocks it each time: the next iteration's RLock is reported as recursive (if the package write-locks the lock), and a Lock after the loop as an upgrade. Fixed: a call whose summary releases the lock is a release in the loop (lockstate.accumulates, callReleases). The explanation stays for what remains the engine's convention (lattice.go, manyReads): an RLock in a loop that does not release it on the loop's cycle (only on a path leaving the loop, say before a panic), or reached again while read-held, counts as taken many times, and no leak is reported for it (seed 1001860).",
		Fixed:      true,
	},
	{
		Name:    "loop-entry-correlated",
		Summary: "Combined with opaque-loops: the outcome of the first test of an inner loop's condition is kept across the iterations of the outer loop, so a path that released the lock after skipping the inner loop never reaches a return in it, and a leak there that such a path would share (and drop) is reported. Fixed: an inner loop whose body never goes round (it returns or breaks) has no phi for its counter, and its first test is a comparison of two constants (0 < 2), which go/ssa does not fold and which the engine took as an unknown condition; it now decides it (lockstate constCond), so such a loop is always entered (and the disagreements of opaque-loops on 10,000 programs fell from 543 to 103).",
		Fixed:   true,
	},
	{
		Name:    "shadow-releases-share",
		Summary: "After a double acquire (reported), the engine goes on with two holdings; a release that ends one of them marks the lock released although the other is still held, so that path, which really never gets past the deadlock, counts as reaching the exit having released the lock, and a real leak on another path to that exit is dropped as shared (when a release helper or a deferred function literal releases the lock elsewhere). Fixed on main (558542a): the exits of a path that went on past a deadlock are not the function's.",
		Fixed:   true,
	},
	{
		Name:    "loops-forget-fields",
		Summary: "Loads of a field in a loop are not correlated across iterations (contrary to doc.go: loads of the same path, with no store between, are the same condition): a branch on s.f taken one way in the first iteration can be taken the other way in the next. Fixed: the loads were correlated; the walk back from a leaking exit to the break or continue it leaves through (leavingBranches) went through any block that ends holding the lock on some path, so a break that only paths not holding it take (s.f true, in the first iteration) was blamed. Holdings are now recorded per edge (lockstate recorder.out, holdsOn). The last run this explanation labelled is the ESP merge at a loop's head (loops-forget-all), which now labels it.",
		Fixed:   true,
	},
	{
		Name:       "loops-forget-all",
		Documented: "The dataflow: states with equal lock facts merge, keeping only the outcomes all of them assumed (ESP)",
		Summary:    "At a loop's head, the states of paths with equal lock facts merge and keep only the branch outcomes they share: a parameter or flag tested one way in an iteration can be taken the other way in the next one.",
	},
	{
		Name:    "helper-reacquire-loop",
		Summary: "A function called with a lock held that releases it and takes it back through helpers in a loop (for ... { s.unlockMu(); s.lockMu() }) is reported as leaving the lock held at its end; with Unlock and Lock written in the loop, or with the helpers outside a loop, it is (rightly) not. Fixed: a lock taken back through an acquire helper after the function released it unheld (the caller's) is the caller's again, as after a direct Lock (lockstate.holdVia sets reacq).",
		Fixed:   true,
	},
	{
		Name:    "negated-flag-arg",
		Summary: "The argument of a guarded helper that negates a local holding a constant at that point (h = true; s.lockIf(!h)) is not evaluated: the helper's acquisition is taken to happen, and a double acquire is reported (or, for a release helper, its release is taken as undecided). Fixed: a guard's argument that is a negated constant is evaluated (lockstate.boolValue).",
		Fixed:   true,
	},
	{
		Name:    "guarded-helper-blocks",
		Summary: "A call of a conditional lock helper (s.lockIf(s.f)) whose condition the call does not decide, made with the lock held, is reported as a double acquire and then blocks the path whatever the condition: the path where it is false, which does not lock, is lost, and a leak after the call is not reported. Fixed: that path forks and goes on (lockstate.forkBlockingGuard).",
		Fixed:   true,
	},
	{
		Name:       "engine-budget",
		Documented: "Budgets: where more than maxStates distinct lock facts reach one block, the paths over the budget are dropped and the function is truncated",
		Summary:    "The engine gave up on F (too many states) and reported nothing, although F is a dozen lines with two locks: read locks taken in nested loops make the read counts, part of the lock facts, grow until the state budget is hit. Fixed on main (3eab895): F is truncated (the paths over the budget are dropped) and reports what the paths followed show, which here is all the oracle wants; a run on a truncated function is still explained by this finding.",
		Fixed:      true,
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
