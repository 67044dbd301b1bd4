package lockstate

import (
	"slices"

	"golang.org/x/tools/go/ssa"
)

// Locks held on entry.
//
// A function that releases a lock it did not take, on every path to its
// returns and with no condition on its parameters, is called with that
// lock held: that is its contract (etcd's (*batchTxBuffered).Unlock
// writes back its buffer, may commit, and then unlocks the batch lock its
// caller took), and a caller that breaks it is reported by unreleased.
// Up to the release, such a lock is held around everything the function
// does, as the locks its callers hold are (calls.go): the order edges it
// makes there carry it as a gate, and so do its calls of the package's
// functions, for their contexts. Without it, two orders taken under the
// batch lock, one directly and one in the helper that the unlocking
// method calls, look like a deadlock they cannot be.
//
// Acquisitions and calls note the classes that some path to them has
// already released without holding (relBefore); the entry locks are
// known when the function's summary is (r.entryHeld, from its
// unconditional Releases).

// releasedUnheld adds to into the classes s has released without
// holding them.
func (r *recorder) releasedUnheld(s *state, into []Class) []Class {
	for _, x := range s.released {
		if !x.unheld {
			continue
		}
		c := r.fa.paths.node(x.path).class
		if c.Kind != ClassNone && !slices.Contains(into, c) {
			into = append(into, c)
		}
	}
	return into
}

// addGate adds g to gs unless its class is there (write wins).
func addGate(gs []Gate, g Gate) []Gate {
	if g.Class.Kind == ClassNone {
		return gs
	}
	if i := slices.IndexFunc(gs, func(x Gate) bool { return x.Class == g.Class }); i >= 0 {
		if g.Mode == Write {
			gs[i].Mode = Write
		}
		return gs
	}
	return append(gs, g)
}

// entryHeldAt returns the entry locks not yet released at a point whose
// paths have released the classes in before.
func entryHeldAt(entry []Gate, before []Class) []Gate {
	var out []Gate
	for _, g := range entry {
		if !slices.Contains(before, g.Class) {
			out = append(out, g)
		}
	}
	return out
}

// addEntryHeld adds to each call of the package's functions the entry
// locks its caller still holds there.
func (pa *pkgAnalysis) addEntryHeld(results map[*ssa.Function]*FuncResult) {
	for callee, recs := range pa.callsTo {
		for i := range recs {
			c := &recs[i]
			fr := results[c.caller]
			if fr == nil || len(fr.entryHeld) == 0 {
				continue
			}
			extra := entryHeldAt(fr.entryHeld, c.relBefore)
			if len(extra) == 0 {
				continue
			}
			c.held = dedupeGates(append(c.held, extra...))
			for j := range c.alts {
				c.alts[j].held = dedupeGates(append(slices.Clone(c.alts[j].held), extra...))
			}
		}
		pa.callsTo[callee] = recs
	}
}
