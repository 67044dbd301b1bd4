// Package doubleacquire defines an Analyzer that reports a goroutine
// acquiring a lock it already holds.
//
// # Analyzer doubleacquire
//
// doubleacquire: report a lock acquired while already held
//
// sync.Mutex and sync.RWMutex are not reentrant: a goroutine that locks a
// mutex it already holds waits for itself and never wakes up. The pass
// follows the locks a goroutine holds through the control-flow graph and
// through calls, in this package and (through facts) in the packages it
// imports, and reports:
//
//   - a Lock of a mutex that is already held on some path, in the same
//     function or in a loop iteration after one that did not unlock;
//   - a call made while holding a mutex to a function that locks it
//     again, at any depth of calls, naming the chain; also when the
//     function is reached through an interface or a func-valued field
//     the package sets (p.health.Healthy() with p.health = p), a
//     sync.Once.Do or sort.Slice function, or a String or Error method
//     that fmt, log or testing call on an operand ("fmt.Errorf calls
//     (*RowErrors).Error, which locks it again"), provided every function
//     the call may run locks it;
//   - a function passed to a helper that calls it while holding the
//     mutex, when that function locks it: reported on the call that
//     passes it ("r.each holds r.mu while it calls the function passed
//     to it, and the function literal in (*Registry).PruneStale locks it
//     again");
//   - RWMutex misuse: Lock while holding RLock (an RWMutex cannot be
//     upgraded), RLock while holding Lock, and a recursive RLock, which
//     deadlocks as soon as a writer waits between the two RLocks (not
//     reported for a lock of this package that nothing write-locks, nor
//     in test files: a test that read-locks a structure to peek at it
//     through an accessor that read-locks it again hangs only if a
//     writer queues at that moment; -lockstate.testhazards reports
//     them).
//
// It stays silent for distinct instances of a type, a lock released
// before it is taken again, locks taken in a new goroutine, TryLock, and
// reentrant locks such as the runtime package's ReentrantMutex.
//
// WRONG:
//
//	func (s *SessionStore) Expire(now time.Time) {
//		s.mu.Lock()
//		defer s.mu.Unlock()
//		for id, sess := range s.sessions {
//			if sess.Expires.Before(now) {
//				s.Delete(id) // Delete locks s.mu
//			}
//		}
//	}
//
// reports at the call:
//
//	s.mu is already held; s.Delete locks it again, so the call blocks forever (sync.Mutex is not reentrant): release it before the call or call a variant that expects it held
//
// RIGHT: delete under the lock already held (delete(s.sessions, id)), or
// move the shared work into a deleteLocked helper that does not lock.
//
// WRONG:
//
//	c.mu.RLock()
//	defer c.mu.RUnlock()
//	...
//	c.mu.Lock() // insert into the cache
//
// reports:
//
//	c.mu is read-locked by this goroutine; Lock waits for every reader, this one included, and blocks forever: RUnlock first (an RWMutex cannot be upgraded)
//
// RIGHT: RUnlock, then Lock and check the state again before changing it.
//
// The first acquisition is attached to each report as a related
// position. To silence a report that is not a bug, add
// `//locklint:ignore doubleacquire <reason>` on its line, alone on the
// line above it, or in the function's doc comment.
package doubleacquire
