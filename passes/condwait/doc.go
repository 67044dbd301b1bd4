// Package condwait defines an Analyzer that reports sync.Cond misuse:
// a Wait that does not re-check its condition, a Wait without the lock,
// a Signal that can come before the Wait, and a Signal that announces
// nothing.
//
// # Analyzer condwait
//
// condwait: report sync.Cond waits outside a predicate loop, without the lock, or racing their signal
//
// sync.Cond.Wait unlocks c.L, sleeps until a Signal or Broadcast, and
// locks c.L again; nothing guarantees that the condition the caller
// waited for holds when it returns ("Because c.L is not locked while
// Wait is waiting, the caller typically cannot assume that the condition
// is true when Wait returns", says the sync documentation). The pass
// reports:
//
//   - a Wait that is not in a loop re-checking the awaited state after
//     waking: `if !ready { c.Wait() }`, a bare `c.Wait()`, or a loop
//     that only counts wake-ups (`for i := 0; i < n; i++ { c.Wait() }`).
//     `for !ready { c.Wait() }` and `for { if ready { break }; c.Wait() }`
//     are correct. A suggested fix turns a plain `if` into `for`;
//   - the same Wait, when the function first starts a goroutine that
//     signals the Cond (in its body or through its calls): if the
//     goroutine signals before the Wait, the Signal finds no waiter and is
//     lost, and the Wait blocks forever (the go statement is attached);
//   - a Wait without holding c.L: Wait unlocks c.L first, a fatal error
//     at run time. The engine learns which lock a Cond is bound to from
//     sync.NewCond(&s.mu) stored in s.cond, across functions and
//     packages. A Wait in a helper whose callers in the package all hold
//     the lock (or whose name ends in "Locked") is fine, and so is one on
//     a Cond whose lock the engine does not know, unless the function
//     released that lock before the Wait;
//   - a Signal or Broadcast in a critical section on c.L that changed no
//     shared state before it (no store, no send, no call that may write):
//     waiters that re-check their condition find it unchanged and sleep
//     again. Changing the state under the lock and signalling after
//     Unlock is correct and stays silent.
//
// WRONG:
//
//	q.mu.Lock()
//	defer q.mu.Unlock()
//	if len(q.jobs) == 0 {
//		q.cond.Wait()
//	}
//	job := q.jobs[0]
//
// reports:
//
//	q.cond.Wait is not in a loop that re-checks the condition: Wait can return before the condition holds (a Broadcast, another waiter taking the change first), and a Signal sent before the Wait is lost; wait in a loop: for !condition { q.cond.Wait() }
//
// RIGHT:
//
//	for len(q.jobs) == 0 {
//		q.cond.Wait()
//	}
//
// The runtime package's Cond.WaitFor(pred) and Event need no loop.
//
// To silence a report that is not a bug, add
// `//locklint:ignore condwait <reason>` on its line, alone on the line above
// it, or in the function's doc comment; a directive without a reason is
// reported and takes no effect.
package condwait
