package runtime

import (
	"sync"
	"sync/atomic"
)

// Per-goroutine state for checking: the stack of locks a goroutine holds.
//
// A gstate is only ever touched by the goroutine it belongs to, so its
// fields need no locking. Another goroutine may release a lock this one
// holds (Go allows a Mutex to be unlocked by any goroutine); instead of
// editing this goroutine's stack it clears the lock's token, and the entry
// here becomes stale: an entry counts only while live reports true, and
// stale entries are dropped the next time the stack is walked.

// heldLock is one entry of a goroutine's held stack.
type heldLock struct {
	st   *lockState
	tok  uint64 // write mode: st.tok at acquisition; read mode: the generation in st.rd
	mode mode
	at   pcStack // where it was acquired
}

// live reports whether the goroutine still holds the lock through e.
func (e *heldLock) live() bool {
	if e.mode == modeRead {
		v := e.st.rd.Load()
		return v&rdGenMask == e.tok && v&rdCount > 0
	}
	return e.st.tok.Load() == e.tok
}

type gstate struct {
	id   uintptr
	held []heldLock
	// handoff orders the accesses of goroutines that reuse the same
	// identity for the race detector (see enter); unused otherwise.
	handoff atomic.Uint32
}

// gcache is a direct-mapped cache in front of gtable, so that finding the
// current goroutine's state is an atomic load and a compare.
const gcacheBits = 10

var (
	gcache [1 << gcacheBits]atomic.Pointer[gstate]
	gtable sync.Map // uintptr → *gstate
)

func gslot(id uintptr) *atomic.Pointer[gstate] {
	return &gcache[uint64(id)*0x9E3779B97F4A7C15>>(64-gcacheBits)]
}

// curG returns the calling goroutine's state; the caller must call exit or
// pause when it is done with it.
func curG() *gstate {
	id := goid()
	gs := gslot(id).Load()
	if gs == nil || gs.id != id {
		gs = curGSlow(id)
	}
	gs.enter()
	return gs
}

func curGSlow(id uintptr) *gstate {
	v, ok := gtable.Load(id)
	if !ok {
		v, _ = gtable.LoadOrStore(id, &gstate{id: id})
	}
	gs := v.(*gstate)
	gslot(id).Store(gs)
	return gs
}

// enter and exit bracket each use of a gstate. When identities are
// descriptor addresses, a goroutine that starts after another exits may get
// its gstate; the runtime orders the two, but the race detector cannot see
// it, so under -race the pair is an acquire/release on handoff.
func (gs *gstate) enter() {
	if raceEnabled {
		gs.handoff.Load()
	}
}

func (gs *gstate) exit() {
	if !goidReused && len(gs.held) == 0 {
		// Goroutine numbers are never reused: forget empty states so
		// that they do not accumulate.
		gslot(gs.id).CompareAndSwap(gs, nil)
		gtable.Delete(gs.id)
	}
	if raceEnabled {
		gs.handoff.Store(1)
	}
}

// pause is exit for a goroutine that will use gs again before it can exit
// (between beforeAcquire and commit): it never forgets gs.
func (gs *gstate) pause() {
	if raceEnabled {
		gs.handoff.Store(1)
	}
}

// prune drops stale entries.
func (gs *gstate) prune() {
	j := 0
	for i := range gs.held {
		if gs.held[i].live() {
			if i != j {
				gs.held[j] = gs.held[i]
			}
			j++
		}
	}
	for i := j; i < len(gs.held); i++ {
		gs.held[i].st = nil
	}
	gs.held = gs.held[:j]
}

// find returns the index of the innermost live entry for st in mode m,
// or -1.
func (gs *gstate) find(st *lockState, m mode) int {
	for i := len(gs.held) - 1; i >= 0; i-- {
		e := &gs.held[i]
		if e.st == st && e.mode == m && e.live() {
			return i
		}
	}
	return -1
}

// remove deletes entry i, keeping the others in order (locks need not be
// released in the reverse order of acquisition).
func (gs *gstate) remove(i int) {
	last := len(gs.held) - 1
	if i != last {
		copy(gs.held[i:], gs.held[i+1:])
	}
	gs.held[last].st = nil // the only pointer: let the lock be collected
	gs.held = gs.held[:last]
}
