package runtime

import (
	"fmt"
	"slices"
	"sync/atomic"
)

// The checks on locks. This file compiles in both builds, but every call
// into it sits under `if checking`, so without the lockcheck tag the
// compiler removes the calls and the linker the code.
//
// An acquisition is checked in two steps around the real lock operation:
// beforeAcquire (double lock and order edges, reported before the goroutine
// blocks) and commit (push on the goroutine's held stack once the lock is
// taken). A release is checked by release before the real unlock.

type lockKind uint8

const (
	kindMutex lockKind = iota + 1
	kindRWMutex
	kindReentrant
)

func (k lockKind) String() string {
	switch k {
	case kindMutex:
		return "Mutex"
	case kindRWMutex:
		return "RWMutex"
	case kindReentrant:
		return "ReentrantMutex"
	}
	return "lock"
}

// mode is the mode a lock is held in.
type mode uint8

const (
	modeWrite mode = iota // exclusive: Mutex, ReentrantMutex, RWMutex.Lock
	modeRead              // shared: RWMutex.RLock
)

// how says whether an acquisition can block.
type how uint8

const (
	blocking how = iota // Lock, LockTimeout, LockContext
	trying              // TryLock: cannot deadlock, so adds no edges
)

// lockState is the checking state of one lock.
type lockState struct {
	kind  lockKind
	class atomic.Pointer[lockClass]

	// seq counts exclusive acquisitions; only the holder touches it.
	seq uint64
	// tok is seq of the current exclusive holder, 0 when not held so.
	tok atomic.Uint64

	// rd packs the number of read holders (low 32 bits) and a generation
	// (high 32 bits) that changes when the number drops to 0, so that one
	// atomic operation updates both. A read entry is live while the
	// generation it saw is current and there are readers.
	rd atomic.Uint64
}

const (
	rdOne     = 1
	rdGenOne  = 1 << 32
	rdCount   = rdGenOne - 1
	rdGenMask = ^uint64(rdCount)
)

// readers returns the number of read holders.
func (st *lockState) readers() uint64 { return st.rd.Load() & rdCount }

// stateOf returns c's state, creating it with a class named after the
// acquisition site at.
func stateOf(c *lockCheck, k lockKind, at *pcStack) *lockState {
	if st := c.load(); st != nil {
		return st
	}
	st := &lockState{kind: k}
	st.class.Store(siteClass(k, at))
	return c.install(st)
}

// setName puts the lock behind c in the class called name.
func setName(c *lockCheck, k lockKind, name string) {
	cls := namedClass(name)
	st := &lockState{kind: k}
	st.class.Store(cls)
	if got := c.install(st); got != st {
		got.class.Store(cls)
	}
}

// acquisition carries an acquisition from beforeAcquire to commit or abort.
// It lives on the caller's stack.
type acquisition struct {
	gs *gstate
	st *lockState
	at pcStack
}

// beforeAcquire starts checking an acquisition of the lock behind c in mode
// m. Unless h is trying, it reports a lock the goroutine already holds and
// records lock-order edges from every lock it holds.
//
//go:noinline
func beforeAcquire(a *acquisition, c *lockCheck, k lockKind, m mode, h how) {
	a.at.n = callers(a.at.pcs[:])
	a.gs = curG()
	a.st = stateOf(c, k, &a.at)
	var reports []Report
	if h == blocking {
		reports = a.check(m)
	}
	a.gs.pause()
	for _, r := range reports {
		deliver(r)
	}
}

// check walks the held stack, dropping stale entries.
func (a *acquisition) check(m mode) []Report {
	gs, st := a.gs, a.st
	gs.prune()
	if len(gs.held) == 0 {
		return nil
	}
	var reports []Report
	to := st.class.Load()
	again := false // report a lock held twice (RLock, RLock) once
	for i := range gs.held {
		e := &gs.held[i]
		if e.st == st {
			if st.kind != kindReentrant && !again {
				again = true
				reports = append(reports, doubleLock(e, m, &a.at))
			}
			continue
		}
		from := e.st.class.Load()
		if from == to || hasEdge(from, to) {
			continue
		}
		if r, ok := addEdge(from, to, &a.at); ok {
			reports = append(reports, r)
		}
	}
	return reports
}

func doubleLock(e *heldLock, m mode, at *pcStack) Report {
	name := e.st.class.Load().String()
	kind := DoubleLock
	var msg string
	if e.mode == modeRead && m == modeRead {
		kind = RecursiveRLock
		msg = fmt.Sprintf("%s is already read-locked by this goroutine; read-locking it again deadlocks if a writer is waiting", name)
	} else {
		held, again := "locked", "locking"
		if e.mode == modeRead {
			held = "read-locked"
		}
		if m == modeRead {
			again = "read-locking"
		}
		msg = fmt.Sprintf("%s is already %s by this goroutine; %s it again blocks forever", name, held, again)
	}
	return Report{
		Kind:    kind,
		Message: msg,
		Stacks: []Stack{
			stackOf("first acquired at", &e.at),
			stackOf("acquired again at", at),
		},
	}
}

// commit records that the lock is now held.
func (a *acquisition) commit(m mode) {
	st := a.st
	var tok uint64
	if m == modeWrite {
		st.seq++
		tok = st.seq
		st.tok.Store(tok)
	} else {
		tok = st.rd.Add(rdOne) & rdGenMask
	}
	// Fill the new entry in place: building a heldLock and appending it
	// would copy the stack twice.
	gs := a.gs
	n := len(gs.held)
	gs.held = slices.Grow(gs.held, 1)[:n+1]
	e := &gs.held[n]
	e.st, e.tok, e.mode = st, tok, m
	e.at = a.at
	gs.exit()
}

// abort ends an acquisition that gave up.
func (a *acquisition) abort() { a.gs.exit() }

// release checks a release of the lock behind c in mode m and updates the
// state. It returns false if the lock is not held in that mode: the misuse
// has been reported and the caller must not unlock (sync would crash the
// program with an unrecoverable fatal error).
//
//go:noinline
func release(c *lockCheck, m mode) bool {
	st := c.load()
	gs := curG()
	ok := st != nil
	if ok && m == modeWrite {
		if i := gs.find(st, modeWrite); i >= 0 {
			gs.remove(i)
		}
		ok = st.tok.Swap(0) != 0
	} else if ok {
		i := gs.find(st, modeRead)
		ok = st.releaseRead()
		if ok && i >= 0 {
			gs.remove(i)
		}
	}
	gs.exit()
	if !ok {
		var at pcStack
		at.n = callers(at.pcs[:])
		deliver(unlockUnlocked(st, m, &at))
	}
	return ok
}

// releaseRead removes a reader; false means there was none.
func (st *lockState) releaseRead() bool {
	for {
		v := st.rd.Load()
		if v&rdCount == 0 {
			return false
		}
		if !st.rd.CompareAndSwap(v, v-rdOne) {
			continue
		}
		if v&rdCount == 1 {
			// The last reader left: a new generation makes the entries
			// of readers whose RLock another goroutine released stale.
			// If a reader came in meanwhile, they stay live (see the
			// package documentation).
			st.rd.CompareAndSwap(v-rdOne, v-rdOne+rdGenOne)
		}
		return true
	}
}

func unlockUnlocked(st *lockState, m mode, at *pcStack) Report {
	name := "lock"
	if st != nil {
		name = st.class.Load().String()
	} else if f := site(at.slice()); f.File != "?" {
		name = fmt.Sprintf("lock unlocked at %s:%d", f.File, f.Line)
	}
	op, state := "Unlock", "not locked"
	if m == modeRead {
		op, state = "RUnlock", "not read-locked"
	}
	return Report{
		Kind:    UnlockUnlocked,
		Message: fmt.Sprintf("%s of %s, which is %s", op, name, state),
		Stacks:  []Stack{stackOf("unlocked at", at)},
	}
}

// stackHere captures the stack of the caller of the function calling it.
//
//go:noinline
func stackHere() pcStack {
	var s pcStack
	s.n = callers(s.pcs[:])
	return s
}
