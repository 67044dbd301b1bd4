package lockstate

import (
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Private leaf locks. A lock of this package that other packages cannot
// name (an unexported package variable, or an unexported field) and
// under which nothing else is ever acquired cannot be part of a cycle
// with another package's locks, nor be held by another package's code
// when it calls in: under it this package's code takes no other lock,
// calls no function value or interface method, passes no function to a
// callee, makes no blocking channel or WaitGroup operation, and no
// function returns holding it or releases it for its caller. sync's allPoolsMu is one (taken by sync.Pool, so by fmt,
// errors and log); a logger's own mutex usually is. The facts exported
// to other packages leave out the acquisitions of such locks: they would
// only add order edges that can close no cycle, and make every caller
// of fmt.Sprintf a function the engine must build and analyse.

// unknownCallUnder records that the locks held in s are held across a
// call whose effect is not known (a function value, an interface
// method, or a call given a function to run).
func (r *recorder) unknownCallUnder(s *state) {
	for _, h := range s.held {
		if h.stale {
			continue
		}
		if r.dynUnder == nil {
			r.dynUnder = make(map[Class]bool)
		}
		r.dynUnder[r.fa.paths.node(h.path).class] = true
	}
}

func isBuiltin(c *ssa.CallCommon) bool {
	_, ok := c.Value.(*ssa.Builtin)
	return ok
}

// passesFunc reports whether a call is given a function value (a
// closure, a function, a method value) that the callee may run.
func passesFunc(c *ssa.CallCommon) bool {
	for _, a := range c.Args {
		if _, ok := a.Type().Underlying().(*types.Signature); ok {
			return true
		}
	}
	return false
}

// privateLeafLocks returns this package's private leaf lock classes,
// given every function's result.
func privateLeafLocks(pkg string, results []*FuncResult) map[Class]bool {
	candidates := make(map[Class]bool)
	notLeaf := make(map[Class]bool)
	for _, fr := range results {
		if fr.skipped != "" || fr.truncated {
			return nil // what a function given up does under a lock is not known
		}
		for _, a := range fr.acquires {
			if privateClass(a.Lock.Class, pkg) {
				candidates[a.Lock.Class] = true
			}
			for _, h := range a.Others {
				notLeaf[h.Lock.Class] = true
			}
		}
		for c := range fr.dynUnder {
			notLeaf[c] = true
		}
		for _, b := range fr.blockRecs {
			for _, h := range b.held {
				notLeaf[h.Lock.Class] = true // held across a blocking channel operation
			}
		}
		if s := fr.summary; s != nil {
			for _, list := range [][]Effect{s.Holds, s.Releases, s.MayReleases, s.ResultReleases} {
				for _, e := range list {
					notLeaf[e.Class] = true
				}
			}
		}
	}
	for c := range notLeaf {
		delete(candidates, c)
	}
	return candidates
}

// privateClass reports whether other packages cannot name a lock of
// class c: an unexported variable or field of package pkg.
func privateClass(c Class, pkg string) bool {
	if c.Pkg != pkg {
		return false
	}
	switch c.Kind {
	case ClassGlobal:
		return !token.IsExported(c.Name) || c.Field != "" && !token.IsExported(lastField(c.Field))
	case ClassField:
		return !token.IsExported(lastField(c.Field))
	}
	return false
}

func lastField(f string) string {
	if i := strings.LastIndexByte(f, '.'); i >= 0 {
		return f[i+1:]
	}
	return f
}

// withoutLeaves returns s without the acquisitions of the leaf classes
// (s itself when it has none).
func withoutLeaves(s *Summary, leaves map[Class]bool) *Summary {
	if len(leaves) == 0 {
		return s
	}
	keep := 0
	for _, e := range s.Acquires {
		if !leaves[e.Class] {
			keep++
		}
	}
	if keep == len(s.Acquires) {
		return s
	}
	t := *s
	t.Acquires = make([]Effect, 0, keep)
	for _, e := range s.Acquires {
		if !leaves[e.Class] {
			t.Acquires = append(t.Acquires, e)
		}
	}
	if len(t.Acquires) == 0 {
		t.Acquires = nil
	}
	return &t
}
