package lockstate

import (
	"cmp"
	"go/token"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// The lattice.
//
// A block's input is a set of at most maxStates states. A state holds
// the lock facts of one group of paths (the locks held, with mode and
// acquisition site; the locks this function released; the pending
// deferred calls) together with the branch outcomes those paths assumed
// (tags: "this condition was true").
//
// Merge rule (property simulation, as in ESP, with a few paths kept
// apart): when a state arrives at a block that already has a state with
// equal lock facts, it is absorbed by one that assumed no more than it
// did (whose tags are a subset of its own); otherwise it is kept as a
// separate state, up to tagVariants per lock facts, because the paths
// out of `if a && b` (not a; or a and not b) must still rule out `a &&
// b` at a later test; past that bound it merges into the first such
// state, whose tags become the intersection (the outcomes every merged
// path assumed). States whose lock facts differ are never merged, so
// "held on one path, free on another" stays two precise states instead
// of one "maybe held". At a branch on a condition a state has a tag for,
// only the successor that agrees with the tag is feasible: this is what
// makes `if x { mu.Lock() } ... if x { mu.Unlock() }` precise. The merge
// is monotone (a state set only gains states, bounded in number, and a
// state's tags only shrink) and the lock facts range over a finite set,
// so the fixpoint exists; budgets bound the work on top of that.

// holding is one lock held in a state.
type holding struct {
	path  pathID
	mode  Mode
	count uint8 // read holdings of the same lock (recursive RLock); at most 2
	site  int   // acquisition site (index into funcAnalysis.sites)
	stale bool  // path named a value that has since been redefined (an earlier loop iteration)
	// reacq: the caller held this lock, this function released it and
	// has taken it again (a release-and-reacquire helper).
	reacq bool
	// dirty: shared state may have been written while it was held (for
	// naked Cond signals). Not a lock fact: merging ORs it.
	dirty bool
}

// released is a lock this function released on the way here.
type released struct {
	path     pathID
	pos      token.Pos
	deferred bool
	unheld   bool // released without being held here: the caller held it
	synced   bool // unheld, and other goroutines may have run since
	mode     Mode
}

// condKey identifies a branch condition up to negation: the same SSA
// value, or the same comparison of the same SSA operands.
type condKey struct {
	path   pathID // a load of this path
	v      ssa.Value
	op     token.Token
	x, y   ssa.Value
	xc, yc string // constant operands
	xp, yp pathID // operands that load a path (two loads of sub.client compare alike)
}

type tag struct {
	key condKey
	val bool
}

type state struct {
	held     []holding    // sorted by path, site
	released []released   // sorted by path
	defers   []*ssa.Defer // pending deferred calls, in order of registration
	tags     []tag        // sorted
}

func (s *state) clone() *state {
	return &state{
		held:     slices.Clone(s.held),
		released: slices.Clone(s.released),
		defers:   slices.Clone(s.defers),
		tags:     slices.Clone(s.tags),
	}
}

// sameFacts reports whether two states have equal lock facts.
func sameFacts(a, b *state) bool {
	return slices.EqualFunc(a.held, b.held, func(x, y holding) bool {
		x.dirty, y.dirty = false, false
		return x == y
	}) && slices.Equal(a.released, b.released) && slices.Equal(a.defers, b.defers)
}

// orDirty marks in s the holdings dirty in t (same lock facts); it
// reports whether s changed.
func (s *state) orDirty(t *state) bool {
	changed := false
	for i := range s.held {
		if t.held[i].dirty && !s.held[i].dirty {
			s.held[i].dirty, changed = true, true
		}
	}
	return changed
}

func cmpHolding(a, b holding) int {
	if c := cmp.Compare(a.path, b.path); c != 0 {
		return c
	}
	if c := cmp.Compare(a.site, b.site); c != 0 {
		return c
	}
	if a.stale != b.stale {
		if a.stale {
			return 1
		}
		return -1
	}
	return cmp.Compare(a.mode, b.mode)
}

// find returns the current (not stale) holding of path p.
func (s *state) find(p pathID) *holding {
	for i := range s.held {
		if s.held[i].path == p && !s.held[i].stale {
			return &s.held[i]
		}
	}
	return nil
}

// findRelease returns the holding a release of p in mode ends: one in
// the same mode if there is one (after a reported RLock-under-Lock, the
// RUnlock pairs with the RLock).
//
// Among several, the latest acquisition (highest site; sites are
// numbered as the flow first meets them) is released first, as a
// reentrant lock's nested Lock/Unlock pairs require.
func (s *state) findRelease(p pathID, mode Mode) *holding {
	var same, any *holding
	for i := range s.held {
		h := &s.held[i]
		if h.path != p || h.stale {
			continue
		}
		if h.mode == mode {
			same = h
		}
		any = h
	}
	if same != nil {
		return same
	}
	return any
}

func (s *state) add(h holding) {
	i, _ := slices.BinarySearchFunc(s.held, h, cmpHolding)
	s.held = slices.Insert(s.held, i, h)
}

func (s *state) removeAt(h *holding) {
	for i := range s.held {
		if &s.held[i] == h {
			s.held = slices.Delete(s.held, i, i+1)
			return
		}
	}
}

func (s *state) findReleased(p pathID) *released {
	for i := range s.released {
		if s.released[i].path == p {
			return &s.released[i]
		}
	}
	return nil
}

func (s *state) setReleased(r released) {
	s.dropReleased(r.path)
	i, _ := slices.BinarySearchFunc(s.released, r, func(a, b released) int { return cmp.Compare(a.path, b.path) })
	s.released = slices.Insert(s.released, i, r)
}

func (s *state) dropReleased(p pathID) {
	s.released = slices.DeleteFunc(s.released, func(r released) bool { return r.path == p })
}

func (s *state) pushDefer(d *ssa.Defer) {
	// A defer in a loop is registered once: the set of pending defers
	// stays finite (deliberately imprecise for defers in loops).
	if !slices.Contains(s.defers, d) {
		s.defers = append(s.defers, d)
	}
}

func cmpTag(a, b tag) int {
	ka, kb := a.key, b.key
	if c := cmp.Compare(ka.path, kb.path); c != 0 {
		return c
	}
	if c := cmpValue(ka.v, kb.v); c != 0 {
		return c
	}
	if c := cmp.Compare(ka.op, kb.op); c != 0 {
		return c
	}
	if c := cmpValue(ka.x, kb.x); c != 0 {
		return c
	}
	if c := cmpValue(ka.y, kb.y); c != 0 {
		return c
	}
	if c := cmp.Compare(ka.xc, kb.xc); c != 0 {
		return c
	}
	if c := cmp.Compare(ka.yc, kb.yc); c != 0 {
		return c
	}
	if c := cmp.Compare(ka.xp, kb.xp); c != 0 {
		return c
	}
	if c := cmp.Compare(ka.yp, kb.yp); c != 0 {
		return c
	}
	return cmp.Compare(boolInt(a.val), boolInt(b.val))
}

// cmpValue orders SSA values of one function by position, then name
// (names are unique within a function: t0, t1, ...).
func cmpValue(a, b ssa.Value) int {
	switch {
	case a == b:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	if c := cmp.Compare(a.Pos(), b.Pos()); c != 0 {
		return c
	}
	return cmp.Compare(a.Name(), b.Name())
}

// tag returns the assumed outcome of k, if any.
func (s *state) tag(k condKey) (val, ok bool) {
	for _, t := range s.tags {
		if t.key == k {
			return t.val, true
		}
	}
	return false, false
}

func (s *state) setTag(k condKey, val bool) {
	if _, ok := s.tag(k); ok {
		return
	}
	t := tag{key: k, val: val}
	i, _ := slices.BinarySearchFunc(s.tags, t, cmpTag)
	s.tags = slices.Insert(s.tags, i, t)
}

// intersectTags keeps in s only the tags also in t; it reports whether s
// changed.
func (s *state) intersectTags(t *state) bool {
	n := len(s.tags)
	s.tags = slices.DeleteFunc(s.tags, func(x tag) bool { return !slices.Contains(t.tags, x) })
	return len(s.tags) != n
}

// stateSet is the input of one block.
type stateSet []*state

// merge adds s to the set by the merge rule; it reports whether the set
// changed and whether it would exceed limit distinct states.
//
// A state whose lock facts equal those of states already there is
// absorbed by one that assumes no more than it does (its tags are a
// subset of s's); otherwise it is kept apart, up to tagVariants states
// per lock facts, so that the two ways out of `if a && b` (not a; a and
// not b) still rule out `a && b` later; past that it merges into the
// first by intersecting tags.
func (set *stateSet) merge(s *state, limit int) (changed, overflow bool) {
	var first *state
	n := 0
	for _, t := range *set {
		if !sameFacts(t, s) {
			continue
		}
		if subsetTags(t.tags, s.tags) {
			return t.orDirty(s), false
		}
		if first == nil {
			first = t
		}
		n++
	}
	if first != nil && (n >= tagVariants || len(*set) >= limit) {
		c1 := first.intersectTags(s)
		c2 := first.orDirty(s)
		return c1 || c2, false
	}
	if len(*set) >= limit {
		return false, true
	}
	*set = append(*set, s)
	return true, false
}

// tagVariants bounds the states with equal lock facts kept apart at a
// block because they assumed different branch outcomes.
const tagVariants = 4

// subsetTags reports whether every tag of a is in b (both sorted).
func subsetTags(a, b []tag) bool {
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

func sortHeld(h []holding) { slices.SortFunc(h, cmpHolding) }

// compactHeld merges adjacent holdings that differ only in dirty (which
// is ORed) in a sorted list.
func compactHeld(h []holding) []holding {
	out := h[:0]
	for _, x := range h {
		if n := len(out); n > 0 {
			a, b := out[n-1], x
			a.dirty, b.dirty = false, false
			if a == b {
				out[n-1].dirty = out[n-1].dirty || x.dirty
				continue
			}
		}
		out = append(out, x)
	}
	return out
}
