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
// Merge rule (property simulation, as in ESP): when a state arrives at a
// block that already has a state with equal lock facts, the two become
// one whose tags are the outcomes both assumed, and whose clauses keep
// what either side knew (see join): the two ways out of `if a && b`
// (not a; a and not b) join into one state that knows (not a or not b),
// so a later `if a && b` still follows only its false edge. States whose
// lock facts differ are never merged, so "held on one path, free on
// another" stays two precise states instead of one "maybe held". At a
// branch on a condition a state has decided (by a tag, or by its clauses
// once the other literals are known), only the successor that agrees is
// feasible: this is what makes `if x { mu.Lock() } ... if x {
// mu.Unlock() }` precise. The merge is monotone in the lock facts (a
// state set only gains states), which range over a finite set; the tags
// and clauses of a state only lose information, bounded in size (the
// clauses made at a join are bounded too), so the fixpoint exists;
// budgets bound the work on top of that.

// holding is one lock held in a state.
type holding struct {
	path  pathID
	mode  Mode
	count uint8 // read holdings of the same lock (recursive RLock), or manyReads
	site  int   // acquisition site (index into funcAnalysis.sites)
	stale bool  // path named a value that has since been redefined (an earlier loop iteration)
	// reacq: the caller held this lock, this function released it and
	// has taken it again (a release-and-reacquire helper).
	reacq bool
	// dirty: shared state may have been written while it was held (for
	// naked Cond signals). Not a lock fact: merging ORs it.
	dirty bool
}

// manyReads is the count of a read lock taken by an RLock in a loop: an
// unknown number of times. Its releases keep it held (maybe), and no leak
// is reported for it.
const manyReads = 255

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

// keyID is a condKey interned per function (see funcAnalysis.kid): tags
// are compared and searched often, and a condKey holds interfaces.
type keyID int32

type tag struct {
	key keyID
	val bool
}

type state struct {
	held     []holding    // sorted by path, site
	released []released   // sorted by path
	defers   []*ssa.Defer // pending deferred calls, in order of registration
	tags     []tag        // sorted
	// clauses are disjunctions of outcomes the paths satisfy (each
	// sorted; see join): what a join of two differently tagged states
	// still knows.
	clauses [][]tag
	// fromGo lists the locks a goroutine started here takes and keeps:
	// this one may release them (sorted).
	fromGo []pathID
	// dead: the path cannot go on (it contradicts what a callee
	// ensures when it returns, or a deferred call blocked for ever).
	dead bool
	// forks are the other states a call ended in (a conditional acquire
	// helper whose condition the call does not decide); runFrom goes on
	// with each.
	forks []*state
	// pending: this block input changed since the block last ran it.
	pending bool
	// published lists the tracked allocations this path has let out
	// (sorted; see instances.go).
	published []*ssa.Alloc
	// hung: the path went on past an acquisition that blocks for ever
	// (reported as a double acquire): its exits are not the function's
	// (no summary effect, no leak).
	hung bool
	// blocked: the last call blocked for ever on a lock this goroutine
	// holds (a double acquire, reported as such).
	blocked bool
}

func (s *state) clone() *state {
	return &state{
		held:      slices.Clone(s.held),
		released:  slices.Clone(s.released),
		defers:    slices.Clone(s.defers),
		tags:      slices.Clone(s.tags),
		clauses:   slices.Clone(s.clauses), // clauses are never modified in place
		fromGo:    slices.Clone(s.fromGo),
		hung:      s.hung,
		published: slices.Clone(s.published),
	}
}

// sameFacts reports whether two states have equal lock facts.
func sameFacts(a, b *state) bool {
	return slices.EqualFunc(a.held, b.held, func(x, y holding) bool {
		x.dirty, y.dirty = false, false
		return x == y
	}) && slices.Equal(a.released, b.released) && slices.Equal(a.defers, b.defers) && slices.Equal(a.fromGo, b.fromGo) && a.hung == b.hung
}

// unionPublished adds to t the allocations s has published: on a join
// an object is published if it may have been. It reports whether t
// changed.
func (t *state) unionPublished(s *state) bool {
	changed := false
	for _, a := range s.published {
		if i, found := slices.BinarySearchFunc(t.published, a, cmpAlloc); !found {
			t.published = slices.Insert(t.published, i, a)
			changed = true
		}
	}
	return changed
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
	if c := cmp.Compare(a.key, b.key); c != 0 {
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
func (s *state) tag(k keyID) (val, ok bool) {
	for _, t := range s.tags {
		if t.key == k {
			return t.val, true
		}
	}
	return false, false
}

func (s *state) setTag(k keyID, val bool) {
	if _, ok := s.tag(k); ok {
		return
	}
	t := tag{key: k, val: val}
	i, _ := slices.BinarySearchFunc(s.tags, t, cmpTag)
	s.tags = slices.Insert(s.tags, i, t)
}

// stateSet is the input of one block.
type stateSet []*state

// merge adds s to the set by the merge rule; it reports whether the set
// changed and whether it would exceed limit distinct states.
func (set *stateSet) merge(s *state, limit int) (changed, overflow bool) {
	return set.mergeApart(s, limit, nil)
}

// mergeApart is merge, keeping apart two states with equal lock facts
// if apart says so.
func (set *stateSet) mergeApart(s *state, limit int, apart func(a, b *state) bool) (changed, overflow bool) {
	for _, t := range *set {
		if sameFacts(t, s) && (apart == nil || !apart(t, s)) {
			c1 := t.join(s)
			c2 := t.orDirty(s)
			c3 := t.unionPublished(s)
			changed := c1 || c2 || c3
			t.pending = t.pending || changed
			return changed, false
		}
	}
	if len(*set) >= limit {
		return false, true
	}
	s.pending = true
	*set = append(*set, s)
	return true, false
}

// Clauses bound what a join may add.
const (
	maxClauseSide = 3  // literals on each side of a join turned into clauses
	maxClauses    = 16 // clauses a state keeps
)

// join makes t the join of t and s (equal lock facts): the tags both
// assumed, plus what was known on either side as clauses. Where t
// assumed d1 and s assumed d2 beyond their common tags, the paths of the
// join satisfy (all of d1) or (all of d2): a clause (l1 or l2) for each
// pair, as long as the sides are small. A clause either side had stays
// if the other side implies it. It reports whether t changed.
func (t *state) join(s *state) bool {
	sameClauses := slices.EqualFunc(t.clauses, s.clauses, func(a, b []tag) bool { return slices.Equal(a, b) })
	if sameClauses && slices.Equal(t.tags, s.tags) {
		return false
	}
	// Both tag lists are sorted: split them in one walk.
	var common, d1, d2 []tag
	i, j := 0, 0
	for i < len(t.tags) || j < len(s.tags) {
		switch {
		case j == len(s.tags) || (i < len(t.tags) && cmpTag(t.tags[i], s.tags[j]) < 0):
			d1 = append(d1, t.tags[i])
			i++
		case i == len(t.tags) || cmpTag(t.tags[i], s.tags[j]) > 0:
			d2 = append(d2, s.tags[j])
			j++
		default:
			common = append(common, t.tags[i])
			i, j = i+1, j+1
		}
	}
	if len(d1) == 0 && sameClauses && len(t.clauses) == 0 {
		return false // t assumed no more than s, and neither knows more
	}
	var clauses [][]tag
	keep := func(c []tag, other *state) {
		if slices.ContainsFunc(clauses, func(x []tag) bool { return slices.Equal(x, c) }) {
			return
		}
		if other.hasClause(c) || slices.ContainsFunc(c, func(l tag) bool { return slices.Contains(other.tags, l) }) {
			clauses = append(clauses, c)
		}
	}
	for _, c := range t.clauses {
		keep(c, s)
	}
	for _, c := range s.clauses {
		keep(c, t)
	}
	if len(d1) > 0 && len(d2) > 0 && len(d1) <= maxClauseSide && len(d2) <= maxClauseSide {
		for _, l1 := range d1 {
			for _, l2 := range d2 {
				if l1.key == l2.key {
					continue // l or not l: no information
				}
				c := []tag{l1, l2}
				slices.SortFunc(c, cmpTag)
				if !slices.ContainsFunc(clauses, func(x []tag) bool { return slices.Equal(x, c) }) {
					clauses = append(clauses, c)
				}
			}
		}
	}
	if len(clauses) > maxClauses {
		clauses = clauses[:maxClauses]
	}
	slices.SortFunc(clauses, func(a, b []tag) int { return slices.CompareFunc(a, b, cmpTag) })
	changed := len(common) != len(t.tags) || !slices.EqualFunc(clauses, t.clauses, func(a, b []tag) bool { return slices.Equal(a, b) })
	t.tags, t.clauses = common, clauses
	return changed
}

// sortedClause makes a clause of two literals.
func sortedClause(a, b tag) []tag {
	c := []tag{a, b}
	slices.SortFunc(c, cmpTag)
	return c
}

// hasClause reports whether s has clause c.
func (s *state) hasClause(c []tag) bool {
	return slices.ContainsFunc(s.clauses, func(x []tag) bool { return slices.Equal(x, c) })
}

// assume adds the outcome val of k to s and what the clauses then imply
// (unit propagation); it reports false when s contradicts it (a tag, or
// a clause all of whose literals are then false): the path is
// infeasible.
func (s *state) assume(k keyID, val bool) bool {
	if v, ok := s.tag(k); ok {
		return v == val
	}
	s.setTag(k, val)
	for changed := true; changed; {
		changed = false
		for _, c := range s.clauses {
			var open *tag
			satisfied, nOpen := false, 0
			for i := range c {
				v, ok := s.tag(c[i].key)
				switch {
				case !ok:
					open, nOpen = &c[i], nOpen+1
				case v == c[i].val:
					satisfied = true
				}
			}
			if satisfied {
				continue
			}
			if nOpen == 0 {
				return false
			}
			if nOpen == 1 {
				s.setTag(open.key, open.val)
				changed = true
			}
		}
	}
	return true
}

// dropTags removes the tags for which drop is true, and the clauses that
// mention them.
func (s *state) dropTags(drop func(keyID) bool) {
	s.tags = slices.DeleteFunc(s.tags, func(t tag) bool { return drop(t.key) })
	s.clauses = slices.DeleteFunc(s.clauses, func(c []tag) bool {
		return slices.ContainsFunc(c, func(t tag) bool { return drop(t.key) })
	})
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
