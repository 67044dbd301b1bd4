// Package runtime provides synchronisation primitives with the method names
// of package sync, variants that give up after a timeout or when a context is
// done, the primitives of Python's threading module that sync lacks, and
// optional run-time checking of how they are used. It is locklint's
// companion: the locklint passes treat its locks like sync's.
//
// Its name shadows the standard runtime package, so import it under the
// alias lockrt, as all its documentation does:
//
//	import lockrt "github.com/locklint/locklint/runtime"
//
// # Primitives
//
//   - Mutex (threading.Lock): Lock, Unlock, TryLock, LockTimeout,
//     LockContext. Not reentrant.
//   - RWMutex: Lock, Unlock, RLock, RUnlock, TryLock, TryRLock, RLocker,
//     LockTimeout, LockContext, RLockTimeout, RLockContext.
//   - ReentrantMutex (threading.RLock): the holder may lock it again, and
//     must unlock it as many times; Unlock by another goroutine panics.
//   - Cond (threading.Condition): Wait, WaitTimeout, WaitContext, WaitFor
//     (Python's wait_for), WaitForTimeout, WaitForContext, Signal,
//     Broadcast.
//   - Semaphore and BoundedSemaphore: Acquire, TryAcquire, AcquireTimeout,
//     AcquireContext, Release; a BoundedSemaphore panics when released more
//     than acquired.
//   - Event: Set, Clear, IsSet, Wait, WaitTimeout, WaitContext.
//   - Barrier: Wait (returning the arrival index), WaitTimeout, WaitContext,
//     Abort, Reset, Broken, Parties, NWaiting; giving up breaks it
//     (ErrBrokenBarrier).
//
// The zero values of Mutex, RWMutex, ReentrantMutex and Event are ready to
// use, as sync's are; Cond needs its L (NewCond), the semaphores and Barrier
// their constructors. Every blocking method has a variant that gives up: a
// ...Timeout(d) variant, where d <= 0 means "try once", and a ...Context(ctx)
// variant, which fails at once if ctx is already done and otherwise returns
// ctx.Err() when it gives up.
//
// # Costs
//
// Mutex and RWMutex wrap sync's locks: without checking, Lock, Unlock and
// the Try methods cost the same. A timed or context acquisition that cannot
// succeed after a few tries starts one goroutine that waits on the sync lock
// and hands it over; if the caller gives up first, that goroutine releases
// the lock as soon as it gets it (so a writer that gave up on an RWMutex
// still holds back new readers until then, as any waiting writer does).
//
// ReentrantMutex needs the identity of the calling goroutine. On amd64 and
// arm64 it is the address of the runtime's goroutine descriptor, read in
// assembly (about 2 ns). The runtime reuses descriptors, so, like Python's
// thread identifiers, an identity can come back after its goroutine exits:
// a goroutine that exits while holding a ReentrantMutex leaves it to
// whichever later goroutine reuses the descriptor. On other architectures
// the identity is the goroutine number parsed from runtime.Stack, which
// costs microseconds.
//
// Cond and the semaphores queue waiters on channels (an allocation per wait
// that blocks), which is what lets them give up.
//
// See BENCHMARKS.md at the repository root for measurements.
//
// # Checking
//
// Building with the lockcheck tag turns on checking:
//
//	go test -tags lockcheck ./...
//
// Without the tag a constant turns every check into dead code, and the locks
// carry no extra fields. With it, each goroutine's held locks are tracked and
// these misuses are reported (see Kind):
//
//   - DoubleLock, RecursiveRLock: a goroutine acquires again a lock it
//     holds, with Lock, RLock or their timed and context variants (TryLock
//     cannot block and is not reported). The report comes before the
//     goroutine blocks, with the stacks of both acquisitions; then the
//     goroutine blocks as it would have with sync, so the program behaves as
//     without checking (a handler can end the goroutine instead, see
//     SetHandler).
//   - LockOrder: a cycle in the lock-order graph, in the manner of Linux's
//     lockdep. A lock class is the call site of a lock's first acquisition,
//     or a name given with SetName (use it for locks first taken in a shared
//     helper, which would otherwise share one class). Each edge A→B (a lock
//     of class B acquired while one of class A is held) is recorded with the
//     stack of its first occurrence; a new edge that closes a cycle of any
//     length is reported with every edge's stack, even if the program did
//     not deadlock. Edges between locks of one class are ignored, and TryLock
//     adds no edges since it cannot block.
//   - UnlockUnlocked: Unlock or RUnlock of a lock not held in that mode. sync
//     would end the program with an unrecoverable fatal error; with checking
//     the report is made and the Unlock does nothing.
//   - UnlockNotOwner: Unlock of a ReentrantMutex by a goroutine that does not
//     hold it (it panics too, with or without checking). A Mutex or RWMutex
//     may be unlocked by another goroutine, as in sync; that is not reported.
//   - LostWakeup: a Cond Signal or Broadcast that found no waiter, followed
//     by a Wait without a predicate (Wait, WaitTimeout, WaitContext): the
//     race of Python's tutorials, where the notifier runs first and the
//     waiter waits forever. The WaitFor methods check their predicate before
//     waiting and are never reported. A Wait in a loop that rechecks the
//     state, `for !cond { c.Wait() }`, may be reported too, since the checker
//     cannot see the loop: write it as c.WaitFor(func() bool { return cond }).
//   - WaitNotHeld: a Cond Wait without holding L, when L is one of this
//     package's locks (other Lockers are not checked). The report is followed
//     by a panic, where sync.Cond would crash in L.Unlock.
//   - OverRelease: a BoundedSemaphore released beyond its initial count (it
//     panics too, with or without checking).
//
// Reports go to the function given to SetHandler; by default they are
// written to standard error. The lockrttest package has a handler that fails
// a test.
//
// Checking costs a few tens of nanoseconds per Lock and Unlock: stacks are
// captured by walking frame pointers on amd64 (runtime.Callers elsewhere,
// about ten times slower), symbolised only when reported or when a lock is
// first acquired (to find its class), and the lock-order graph is consulted
// without locking unless an edge is new. Semaphores and Events are not part
// of the lock-order graph.
//
// Checking has known limits:
//
//   - a goroutine identity reused after its goroutine exited while holding a
//     lock inherits that lock until someone unlocks it;
//   - when an RLock is released by a goroutine other than the reader, the
//     reader is taken to hold it until all readers are gone;
//   - classes by call site merge the locks a shared helper takes first (name
//     them with SetName) and split a lock's class by where it was first
//     taken; two locks first taken on the same line, such as the elements of
//     a slice, are one class, and the order between them is not checked.
package runtime
