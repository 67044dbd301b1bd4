// Package unreleased defines an Analyzer that reports paths leaving a
// function with a lock held, and releases of locks that are not held.
//
// # Analyzer unreleased
//
// unreleased: report a lock left held on some path, or released when not held
//
// A lock that one path forgets to release stays locked for good: every
// later Lock waits forever. The pass follows the locks a function holds
// over every path of its control-flow graph, defers and calls included,
// and reports:
//
//   - a return, break, continue or goto that leaves a lock held while
//     other paths release it (a break or continue out of a loop entered
//     with the lock already held is not one: the exit after the loop
//     is). A break or continue is found in the syntax, best-effort: when
//     it is not, the report goes to the exit after it;
//   - a panic(...) of the function itself with a lock held that only a
//     plain, not deferred, Unlock releases: servers that recover panics
//     (net/http recovers handler panics) then keep the lock held forever.
//     This is the Go form of "acquire without a context manager"; a
//     suggested fix defers the Unlock right after the Lock where that
//     edit is mechanical;
//   - a call that can panic (a panic of the source below it, for the
//     arguments given) with such a lock held, where a recover catches the
//     panic and the program goes on: in an HTTP handler (a ServeHTTP or
//     HandlerFunc), in a function that defers a recover, or in one that
//     only such functions call in the package. Elsewhere a panic below
//     is an assertion that ends the process, and the held lock with it;
//     so is one under a handler that panics again with every value but
//     one (`if x != errExiting { panic(x) }` recovers only the package's
//     own shutdown panic). One report per call names every lock held
//     across it;
//   - a local lock that is locked and never released;
//   - an Unlock of a lock that is not held (a double Unlock, or an Unlock
//     and a deferred Unlock of the same lock), and a release in the wrong
//     mode (RLock ... Unlock, Lock ... RUnlock). Both are fatal errors at
//     run time.
//
// It stays silent for defer and deferred closures, an Unlock on every
// branch, correlated conditions (if x { Lock } ... if x { Unlock }),
// TryLock, acquire helpers (functions that return holding a lock, such as
// lockAll) and release helpers and their callers that pair them, a lock
// handed to another goroutine to release or returned to the caller
// (lockRow returning the row it locked), flag variables recording
// whether the lock was taken (held := false; if !ok { mu.Lock(); held =
// true } ... if held { mu.Unlock() }), helpers that release the caller's
// lock (resetAndUnlock), and calls that end the process (log.Fatal,
// os.Exit). Generated files are not reported on (see
// -lockstate.generated).
//
// WRONG:
//
//	a.mu.Lock()
//	w, ok := a.byID[id]
//	if !ok {
//		return ErrNoAccount
//	}
//	w.Balance -= amount
//	a.mu.Unlock()
//
// reports at the early return:
//
//	a.mu is still locked after this return, but other paths unlock it: unlock it before the return, or defer the Unlock right after Lock
//
// RIGHT:
//
//	a.mu.Lock()
//	defer a.mu.Unlock()
//
// WRONG:
//
//	c.mu.RLock()
//	p := c.products[sku]
//	c.mu.Unlock()
//
// reports:
//
//	c.mu is read-locked but released with Unlock: a fatal error at run time, and the read lock is never released; use RUnlock
//
// The acquisition is attached to each report as a related position.
//
// To silence a report that is not a bug, add
// `//locklint:ignore unreleased <reason>` on its line, alone on the line above
// it, or in the function's doc comment; a directive without a reason is
// reported and takes no effect.
package unreleased
