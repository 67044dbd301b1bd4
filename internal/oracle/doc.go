// Package oracle tests locklint's lock-state engine against a brute-force
// oracle (issue 13): it generates small Go programs from a seed, runs
// locklint's doubleacquire and unreleased passes on them in process, and
// compares their reports, line by line, with what an exhaustive
// enumeration of the program's paths says they must report.
//
// # The generator (gen.go)
//
// A program (prog.go) is one package, deterministic from a seed (a
// failing seed prints it, numbered), with:
//
//   - a struct S with one to three locks (sync.Mutex, sync.RWMutex) and
//     up to two boolean fields, and a method F(p0, ... bool) under test,
//     with up to three boolean parameters and up to three boolean locals
//     (flags h0..h2, false at first);
//   - Lock, Unlock, RLock, RUnlock; TryLock and TryRLock as the
//     condition of an if (possibly negated: if !s.mu.TryLock() { return })
//     or stored in a flag;
//   - if (with or without else) on a parameter, a field, a flag or a
//     constant, possibly negated; flags set in branches and tested later
//     (held := false; if c { mu.Lock(); held = true } ... if held {
//     mu.Unlock() }); fields stored to;
//   - early return, explicit panic("oracle");
//   - bounded loops, for i := 0; i < 2; i++, and loops on a parameter,
//     for i := 0; i < n; i++ (n int), nested up to two deep, with break
//     and continue;
//   - defer s.mu.Unlock(), defer of a helper, and
//     defer func() { ...; s.mu.Unlock() }() (on one line), whose body may
//     store to a field and test a flag;
//   - helper methods of *S: lock helpers (lockMu0: returns holding the
//     lock), release helpers (unlockMu0: releases the lock its caller
//     holds), and both guarded by a boolean parameter (lockMu0If(c bool)
//     { if c { s.mu0.Lock() } }), called or deferred with a parameter, a
//     field, a flag or a constant as argument.
//
// One statement is printed per line, so that a line names one report
// position. Features switches each construct off, for runs that look
// past a known disagreement.
//
// The generator produces only programs the oracle models exactly: it
// draws programs from the seed's stream until the oracle accepts one.
// It rejects (Expectation.Rejected) a program in which some path
//
//   - releases a lock F has not acquired on that path (F would then be a
//     release helper, whose caller holds the lock: what the engine
//     assumes of the caller is not the oracle's to decide), or
//   - calls TryLock on a lock the goroutine holds (it fails at run time;
//     the engine takes both outcomes);
//
// nor a program with a continue that ends its loop's body, code that
// cannot run after it aside (it jumps where the body falls through
// anyway: whether a leak through it belongs to it or to the exit is not
// decided, and the engine cannot tell the two edges apart).
//
// And it never produces what doc.go lists as deliberately unsound: no
// defer in a loop (registered once by the engine), no call through an
// interface or a function value, no goroutine, no aliasing (one
// receiver), no helper that writes a field.
//
// # The oracle (eval.go)
//
// Expect runs F on every assignment of its inputs (parameters and the
// fields' initial values), every outcome of every TryLock on a free lock,
// loops bounded as written (two iterations), helpers and deferred calls
// inlined, deferred calls run last-in first-out at every return, at the
// end of F and at a panic. Bounds: at most 3 boolean parameters, 2
// fields, 3 flags, 3 locks, 3 helpers; loops nested 2 deep, of 2
// iterations, or of n for n from 0 to MaxN (3): 2^5 x 4 inputs times the
// TryLock outcomes. A path with n > 3 is not seen (the lock states of
// these bodies repeat within three iterations).
//
// The ground truth, with the positions of ../shared/acceptance/README.md
// ("Where a report belongs") and of the passes' doc.go:
//
//   - doubleacquire, at the Lock (or the call of the helper that locks):
//     a blocking acquisition of a lock this goroutine holds, write/write,
//     read then write, write then read, and a recursive read lock of a
//     lock the package write-locks: some path of F runs a blocking write
//     acquisition of it (Lock, or a lock helper; a TryLock never queues),
//     or some helper write-locks it (the engine's convention, after
//     passes/doubleacquire: with no writer, two read locks cannot
//     deadlock);
//   - unreleased, at the release (or the call of the helper): an unlock
//     of a lock released on this path (a double unlock), a release in the
//     wrong mode (RLock ... Unlock); a plain Unlock that a pending
//     deferred unlock repeats is reported at the plain one;
//   - unreleased, at the exit: a path leaving F (return, end of F, or
//     panic, after its deferred calls) with a lock held whose
//     acquisition is released on some other path. A lock F never
//     releases after that acquisition, on any path, is an acquire
//     helper's: its callers are checked, not F. The report is at the
//     panic for a panic; otherwise at the last break or continue run on
//     the path with the lock held out of a loop in which it was taken,
//     if any, else at the return or at F's closing brace. The
//     acquisition, any other break or continue run with the lock held,
//     and an exit reached through a leaking break are Maybe.
//
// Conventions taken from the engine's documentation (doc.go) and
// modelled: a leak at a return (not through a break or continue) is
// dropped when another path reaches the same return having released the
// lock and a function of the package other than F (a release helper, or
// a deferred function literal, which the engine analyses as a function
// of its own) releases the lock without acquiring it ("Deliberately
// unsound", a hold recorded in a flag and released elsewhere). A path
// that blocks on a double acquire, or dies of a fatal unlock, is a
// shadow path: it goes on with the engine's convention (the releases
// after a double Lock pair as written), and its reports are allowed
// (Maybe), not required, including those of the deferred releases it
// runs at its exit (which holding a release ends on such a path is the
// engine's choice, so what a deferred one finds there is too). After a recursive read lock, how the engine
// counts read holdings is its own convention: later verdicts on that
// lock on the path are Maybe.
//
// # The comparison (compare.go, check.go)
//
// Check parses and type-checks the program and runs the passes in
// process (go/analysis semantics, the package's own facts; the test
// TestDriverAgrees checks that locklint's driver reports the same);
// Compare matches their reports (pass, line) with the oracle's Want and
// Maybe. Every disagreement is then explained (Classify) by a known
// departure of the engine from the oracle, alone or with up to two
// others: a relaxed semantics of the oracle that mimics an
// approximation of the engine (Options: loops whose condition is not
// evaluated, loop-head merges, read counts...), a
// spelling of the same program, statement for statement on the same
// lines, under which the engine agrees (Style), or a construct
// (Matches); when the engine gave up on F (a budget), every disagreement
// is explained by that. A relaxed semantics too costly to enumerate
// (over the oracle's budget of statements: nested opaque loops forking at
// each TryLock) explains only an extra report, and only when a path it
// followed makes that report. Findings (findings.go) lists each explanation,
// says whether internal/lockstate/doc.go documents it or it is an engine
// bug, and has its program shrunk to a regression case under
// testdata/src/oracle/<finding>, kept by TestRegressions as a known
// failure that names the finding. A disagreement nothing explains fails
// TestOracle with the seed, the program and its shrunk form: a new
// engine bug (or an oracle bug) to look at, then to add as a finding.
//
// # Running it
//
//	go test ./internal/oracle                          # 600 seeds, a few seconds
//	go test ./internal/oracle -run TestOracle -oracle.seeds=50000 -oracle.start=1000000
//	go test ./internal/oracle -run TestOracle -oracle.features=Loops,GuardedHelpers
//	go test ./internal/oracle -run '^$' -fuzz FuzzOracle
//	go test ./internal/oracle -run TestRecord -oracle.record=<finding>
//
// -oracle.features turns constructs off, to look past the findings they
// cause; TestRecord writes the regression case of a finding from the
// first seed that shows it alone, shrunk.
package oracle
