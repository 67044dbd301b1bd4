// Package lockstate is locklint's lock-state engine: for every function
// of a package it computes which locks the goroutine holds at each
// instruction, and what the function does to locks as seen by its
// callers. The passes (doubleacquire, unreleased, lockorder and
// condwait) require its Analyzer and read its *Result; they word
// messages and report, nothing more.
//
// # What a lock is
//
// Lock operations come from one table (primitives.go): sync.Mutex,
// sync.RWMutex (with RLocker), sync.Cond, and calls through any
// interface whose method set has Lock and Unlock (sync.Locker). A new
// lock type is one line per method there.
//
// A lock has two identities (identity.go). Inside a function it is a
// path: a root (parameter or receiver, free variable, package variable,
// or a local value such as an allocation or a call result) and steps
// (field, load, element). Paths are structural, so the two loads of
// o.pay in o.pay.mu.Lock() and o.pay.mu.Unlock() name one lock, and a
// parameter captured by a closure (which go/ssa moves to the heap)
// keeps its parameter path. Across functions and packages a lock is a
// Class, like a lockdep class: the named struct type declaring the field
// plus the field path (Store.mu), or the package variable (settingsMu).
//
// # The dataflow
//
// A forward dataflow over the SSA control-flow graph (flow.go) tracks a
// set of states per block. A state is the lock facts of a group of paths
// (locks held with mode and acquisition site, locks released here,
// pending defers) plus the branch outcomes those paths assumed. The
// merge rule (lattice.go) is ESP's property simulation: states with
// equal lock facts merge, keeping only the outcomes all of them assumed;
// states with different lock facts stay apart. A branch on a condition a
// state has already decided follows only the agreeing edge, so
// `if x { mu.Lock() } ... if x { mu.Unlock() }` and
// `if c { mu.Lock(); defer mu.Unlock() }` are precise. Conditions are
// the same SSA value, the same comparison of the same operands, or loads
// of the same path (forgotten on a store to it, or decided by the store
// of a constant: held = true ... defer func() { if held { ... } }()).
// An outcome no instruction ahead can consult any more (the usual `if
// err != nil { return err }`) is dropped when a state enters a block
// (liveness.go), and the worklist takes blocks in reverse postorder
// (worklist.go): both only save work; what is reported stays the same,
// budgets aside.
//
// Loop conditions are not evaluated, as in any dataflow that does not
// count iterations: a loop may run zero times or stop after any
// iteration (for i := 0; i < 2; i++ too, although it always runs
// twice), since i < 2 is a new condition each time round. A loop over
// a slice, a map or up to n really may run zero times, so those paths
// are real for most loops; for a counted one they can add a leak at
// the exit after the loop, or a double unlock, on a path that skips it
// or leaves it early (the oracle's opaque-loops). A loop whose body
// never goes round (it returns, panics or breaks) tests only 0 < 2,
// two constants, which is decided.
//
// Transfer (transfer.go): TryLock and TryRLock split the path at the
// call: one path holds the lock, its result assumed true, the other does
// not (a branch on the result, at once or later, follows its outcome).
// defer registers the call; RunDefers and
// every explicit panic run the pending defers last-in first-out, so a
// deferred Unlock or a deferred closure that unlocks releases at every
// exit. A go statement starts its function with nothing held; the locks
// that function releases without acquiring are handed over (Go lets
// another goroutine unlock a mutex), and so are those that a closure
// passed to a call as a callback releases without acquiring. A closure called in place runs in
// the caller's state through its summary, its free variables bound to
// the caller's values. A value redefined by re-entering its block (a
// loop) or a store to the memory a path reads through makes holdings
// under that path stale: they still count as held, but no longer equal
// the current instance, so locking each element of a slice in a loop is
// not a double acquire.
//
// # Summaries
//
// Each function gets a Summary (summary.go) in terms of its parameters,
// free variables and package variables: the locks it acquires (blocking,
// and not after releasing them first) with the call chain; the locks it
// holds at every return (acquire helpers such as lockAll); the locks it
// releases at every return without acquiring them (release helpers); the
// ones only some returns release (applied only when the call is deferred
// or starts a goroutine); what calling its returned function value
// releases (`release := s.begin(); defer release()`); under which
// conditions it may panic explicitly (panics.go: a panic of the source
// in a live block, or a callee that may, unless it recovers). Effects
// and panics carry guards on parameters (a boolean's value, or whether
// a pointer is nil), so that a caller passing a contradicting constant,
// a fresh value or an already decided condition does not get them
// (`lookup(key, locked bool)`, `mustValid(err)` after `if err != nil
// { return }`).
//
// A call that can panic while a lock is held (released by a plain
// Unlock) is reported only in a function that runs under recovery: an
// HTTP handler, a function that defers a recover, or one all of whose
// callers in the package do. Elsewhere the panic ends the process, and
// the lock with it. Summaries are computed bottom-up
// over the strongly connected components of the static call graph
// (components.go), solving a recursive component to a fixpoint with a
// worklist (bounded), and exported as FuncFact on the function objects,
// so go vet's package-at-a-time mode sees what a whole-program run sees.
// In a large package, components that do not call each other are
// analysed in parallel (parallel.go), with the outcome of analysing them
// one after the other.
//
// # Calls the static call graph does not show
//
// resolve.go follows what a call runs besides its static callee, and
// applies the acquisitions that all its possible callees make (the same
// lock in the same mode, in the caller's terms), at the call:
//
//   - a call through an interface or a function value, to what the value
//     may be: a concrete value converted in the function, a field or
//     package variable whose every store the package makes is known
//     (flows.go: p.health = p makes p.health.Healthy() a call on p;
//     c.onEvict = c.countEviction), or, for an interface method nothing
//     pins, every implementation among the named types of the package and
//     its dependencies (cha.go);
//   - a function passed to a callee whose summary says it calls that
//     parameter, with the locks it holds there (Summary.Calls: "calls p1
//     holding r.mu"); the report goes on the call that passes it;
//   - a function passed to a callee of the syncCallees table
//     (sync.Once.Do, sort.Slice, slices.SortFunc, ...), with the caller's
//     locks; the body of a range-over-func loop likewise (rangefunc.go);
//   - the String, Error, Format or GoString method fmt, log and testing's
//     formatting functions call on an operand whose type is known there
//     (implicit.go).
//
// Lock aliases: a field the package only sets to a lock of its owner
// (t.rl = t.mu.RLocker(), s.locker = &s.mu) names that lock, in read
// mode for an RLocker; a Cond built on an RLocker() binds to its RWMutex
// in read mode.
//
// # Channels and WaitGroups
//
// A lock held across a blocking channel or WaitGroup operation (a send,
// a receive, a select without a default case, wg.Wait) closes a cycle
// when every goroutine that can complete the operation must take that
// lock first (channels.go). The final sweep records the blocking
// operations made with locks held, directly, deferred or in a callee of
// the package (Summary.blocks, never in facts: they name the package's
// SSA). Each channel or WaitGroup is named by where it is made and
// followed through the package's containers (fields, package and local
// variables), closures, phis and calls to every operation on it; where
// it may leave the code the engine sees, it escapes, in the directions
// its type there allows (chanflow.go; code whose SSA was not built is
// read as syntax, chansyntax.go). Must-analyses find the locks each
// counterpart acquires on every path to its operation: from its
// function's entry, from its previous execution (a loop), or at every
// call of its function (changates.go). Declarations that block, or call
// what does, are built when a relevant one mentions them (build.go).
// The result is Result.BlockedOps.
//
// # Which object a lock belongs to
//
// Each holding and acquisition keeps the object its lock belongs to: its
// path up to the last load or element step (objects.go). Package
// origins, a field-based points-to analysis of the package's built code
// (allocation sites flowing through calls, fields, containers and
// closures, objects of one type told apart by an immutable kind field
// that a dominating branch tests), says whether two can be the same
// object; Result.MayMeet asks it for two consecutive edges of a lock
// order cycle, so that a leaf connection's c.mu and the gateway
// connections locked elsewhere do not close a cycle. By default it reads
// the code outside test files, as the order graph does.
//
// # Where a leak is reported
//
// A leak is reported at the exit that leaves the lock held: the return,
// the panic or the closing brace; or at the break, continue or goto by
// which the path left, with the lock held, the loop (switch, select)
// that took it, when there is one: walking back from the exit over the
// edges that paths holding the lock take, the first such statement met
// (exits.go), and the exit too when some path reaches it through none.
// go/ssa gives jumps no position, so these statements are found in the
// syntax, best-effort (positions.go): from the statement holding the
// jumping block's last positioned instruction, or from the body an if's
// edge selects, over statements without instructions and out of the end
// of if bodies. An if on a parameter, a local or a constant has no
// position in its condition and is matched by the name, which fails
// when several ifs test it and its block has no instruction of its own;
// a loop whose body starts with a break may have no test left to match.
// A branch not found moves the report to the exit, or to an earlier
// branch (the oracle's unfound-branches).
//
// # Deliberately unsound (for precision)
//
//   - A call through an interface or a function value contributes only
//     the acquisitions every possible callee makes; no release, holding
//     or panic. A function value the package does not store in a known
//     place (a parameter, a call result, an exported field, a field also
//     set from an argument) has no effect, and an interface whose
//     implementations are too many (more than maxImpls), or may include an
//     instance of a generic type, none. Types of importing packages
//     (a test fake elsewhere), types declared in functions of
//     dependencies, and unnamed structs embedding an implementation are
//     not seen as implementations. A struct type copied by value loses
//     the identities of its fields (p.health = p is not followed).
//   - A callback's own arguments are unknown (its locks reached through
//     them are other instances). A function passed to a callee that
//     stores it, or starts it in a goroutine, runs without the caller's
//     locks (as analysed on its own). A function whose only link to a lock
//     is a call through an interface implemented in another package, or
//     a function that calls its parameter but touches no lock itself, gets
//     no SSA and no summary (build.go). The standard library's callees
//     that run a function argument are known by the table only, and its
//     own dynamic and implicit calls are not followed, nor are its String
//     and Error methods from fmt: what they add is its internal once-locks
//     (resolve.go, stdReach).
//   - fmt's methods are followed for operands whose dynamic type is known
//     at the call and for constant formats without explicit argument
//     indexes; not for the elements of structs, slices and maps.
//   - Explicit panics in the standard library are assertions of correct
//     use and are not propagated as "may panic"; neither are implicit
//     run-time panics (nil dereference, index out of range).
//   - A defer inside a loop is registered once; running it releases the
//     holdings of every iteration.
//   - An RLock in a loop whose cycle does not release it (the release is
//     only on a path leaving the loop, or the RLock is reached again
//     while read-held) counts as read-locked an unknown number of times:
//     its releases leave it maybe held, and no leak is reported for it
//     (lattice.go, manyReads). Counting the iterations is out of reach,
//     and a count that merely grows would report every such loop.
//   - A field written by a callee between two tests of it is still
//     taken to hold its first value.
//   - Different paths are different locks: aliasing (a == b at run time)
//     is not tracked, so a double acquire through two names is missed.
//   - A leak at a return that a releasing path also reaches is dropped
//     when the engine may have lost the lock's identity or the lock's
//     class is released by another function that never acquired it (a
//     hold recorded in a flag and released elsewhere). A function whose
//     result says whether it returns holding the lock (true/false,
//     nil/error) is a conditional acquire helper, not a leak.
//   - A call of a function that cannot return (log.Fatal, os.Exit) ends
//     the path: holding a lock there is not a leak.
//   - A deferred conditional release (defer s.unlockIf(p), defer
//     func() { if held { mu.Unlock() } }()) whose condition the path does
//     not decide is made only if the lock is held when it runs: an
//     explicit release before it, with the condition true at run time,
//     is a double unlock that is not reported (the oracle's may-releases
//     finding); reporting it would flag every correct flag-guarded defer.
//   - A receive under a lock from a buffered channel whose senders send
//     (and close) holding that lock is taken to be ordered after the send
//     by state the lock protects (net/http's wantConn.cancel).
//   - A send on a buffered channel is taken to find room, and
//     WaitGroup.Add with a delta that is not a negative constant to add:
//     counting the values sent, or the deltas, is out of reach.
//   - A counterpart of a blocked channel operation needs the lock only
//     when it acquires it on every path to its operation (a may-lock
//     counterpart, a lock taken by an unknown caller, or one in another
//     package, counts as not needing it); a channel made or used in
//     another package, or passed to one, is never reported on.
//   - A lock an acquire helper returns holding, along with a value (a
//     handle: txn := s.Write()), is taken to be released by any call
//     through an interface or function value made on the handle
//     (txn.End()), by a release of the same class through it, and by a
//     call of a method that releases the class on some of its returns
//     made on it (txn.Abort(), a no-op once the transaction is over):
//     the engine cannot tell which call releases it, and reports
//     nothing either way.
//   - Telling the objects of a cycle's locks apart (origins) ignores
//     reflection and unsafe, and the writes to a map or slice made
//     through a local alias after it was stored in a field; by default
//     it ignores test code. lockorder's cycle search reaches each class
//     through the first edge that gets there: a cycle that only a second
//     edge into that class (another object) continues is missed.
//
// # Budgets
//
// Every phase is bounded. A function with more than maxBlocks blocks,
// whose fixpoint takes more than stepsPerBlock visits per block, or whose
// lock paths take more than maxPathSteps values to resolve is given up:
// it reports nothing and has an empty summary. Where more than maxStates
// distinct lock facts reach one block, the paths over the budget are
// dropped and the function is truncated (from then on a block keeps at
// most truncatedStates): it reports what it finds on the paths followed,
// and its summary keeps only the acquisitions. A summary keeps at most
// maxPerClass acquisitions of one class in one mode (the unconditional
// and shortest paths): a function walking a recursive structure reaches
// one class through ever longer paths, which no caller can name. A
// recursive component is solved with a worklist (components.go), each
// member analysed at most maxRounds+1 times; one that has not converged
// then keeps each member's last summary. lockorder's cycle searches
// stop after maxCycleSteps edges per package, and a question about
// objects that explores more than origins' maxNodes nodes is answered
// "may be the same". An internal error in one
// function is recovered like a budget. The counts, each function given
// up or truncated, and the slowest functions of each package are printed
// by the -lockstate.debug flag; -lockstate.facts prints every exported
// summary.
package lockstate
