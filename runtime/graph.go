package runtime

import (
	"cmp"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// The lock-order graph, in the manner of Linux's lockdep.
//
// Locks are grouped into classes: the call site of a lock's first
// acquisition (so all the locks a given line takes first are one class), or
// the name given with SetName. Whenever a goroutine acquires a lock of class
// B while holding one of class A, the graph gets the edge A→B, recorded with
// the stack of its first occurrence. A new edge is followed by a
// depth-first search for a path back from B to A; a path closes a cycle,
// which is reported with each edge's first stack, whether or not the
// program deadlocked.
//
// Edges between two locks of the same class are ignored (taking two
// accounts' locks in a consistent order is common and the class cannot tell
// the orders apart), so classes err towards missing a cycle rather than
// reporting one that is not there.

// classKey identifies a class: a user-given name, or a kind and call site.
type classKey struct {
	name string
	kind lockKind
	file string
	line int
}

type lockClass struct {
	id   uint64
	name string
	kind lockKind
	site Frame
	// succ maps each successor class to the edge's first occurrence.
	// It is copied on write under graph.mu and read without locking.
	succ atomic.Pointer[map[*lockClass]*orderEdge]
	// hot is the successor last found in succ: a nested acquisition
	// repeated in a loop costs one load instead of a map lookup.
	hot atomic.Pointer[lockClass]
}

// String names the class in reports: its name, or kind@file:line.
func (c *lockClass) String() string {
	if c.name != "" {
		return c.name
	}
	return fmt.Sprintf("%s@%s:%d", c.kind, filepath.Base(c.site.File), c.site.Line)
}

type orderEdge struct {
	from, to *lockClass
	at       pcStack // where `to` was first acquired while `from` was held
}

var graph struct {
	mu      sync.Mutex
	classes map[classKey]*lockClass
	nextID  uint64
}

// classFor returns the class of key, creating it.
func classFor(key classKey, site Frame) *lockClass {
	graph.mu.Lock()
	defer graph.mu.Unlock()
	if c := graph.classes[key]; c != nil {
		return c
	}
	if graph.classes == nil {
		graph.classes = make(map[classKey]*lockClass)
	}
	graph.nextID++
	c := &lockClass{id: graph.nextID, name: key.name, kind: key.kind, site: site}
	graph.classes[key] = c
	return c
}

// siteClass returns the class of a lock of kind k first acquired at the
// stack at.
func siteClass(k lockKind, at *pcStack) *lockClass {
	f := site(at.slice())
	return classFor(classKey{kind: k, file: f.File, line: f.Line}, f)
}

// namedClass returns the class named name.
func namedClass(name string) *lockClass {
	return classFor(classKey{name: name}, Frame{})
}

// hasEdge reports whether from→to is known; it takes no lock.
func hasEdge(from, to *lockClass) bool {
	if from.hot.Load() == to {
		return true
	}
	if m := from.succ.Load(); m != nil {
		if _, ok := (*m)[to]; ok {
			from.hot.Store(to)
			return true
		}
	}
	return false
}

// addEdge records from→to, first seen at the stack at, and returns a
// report if it closes a cycle.
func addEdge(from, to *lockClass, at *pcStack) (Report, bool) {
	graph.mu.Lock()
	old := from.succ.Load()
	if old != nil {
		if _, ok := (*old)[to]; ok {
			graph.mu.Unlock()
			return Report{}, false
		}
	}
	e := &orderEdge{from: from, to: to, at: *at}
	m := make(map[*lockClass]*orderEdge, 1)
	if old != nil {
		for k, v := range *old {
			m[k] = v
		}
	}
	m[to] = e
	from.succ.Store(&m)
	back := path(to, from)
	graph.mu.Unlock()
	if back == nil {
		return Report{}, false
	}
	return cycleReport(append([]*orderEdge{e}, back...)), true
}

// path returns edges leading from src to dst, or nil. It visits
// successors in class creation order so that reports are deterministic.
// The caller holds graph.mu.
func path(src, dst *lockClass) []*orderEdge {
	seen := map[*lockClass]bool{src: true}
	var walk func(c *lockClass) []*orderEdge
	walk = func(c *lockClass) []*orderEdge {
		m := c.succ.Load()
		if m == nil {
			return nil
		}
		edges := make([]*orderEdge, 0, len(*m))
		for _, e := range *m {
			edges = append(edges, e)
		}
		slices.SortFunc(edges, func(a, b *orderEdge) int { return cmp.Compare(a.to.id, b.to.id) })
		for _, e := range edges {
			if e.to == dst {
				return []*orderEdge{e}
			}
			if seen[e.to] {
				continue
			}
			seen[e.to] = true
			if rest := walk(e.to); rest != nil {
				return append([]*orderEdge{e}, rest...)
			}
		}
		return nil
	}
	return walk(src)
}

// cycleReport describes the cycle formed by edges, the first of which is
// the edge just added.
func cycleReport(edges []*orderEdge) Report {
	names := []string{edges[0].from.String()}
	stacks := make([]Stack, 0, len(edges))
	for _, e := range edges {
		names = append(names, e.to.String())
		stacks = append(stacks, stackOf(fmt.Sprintf("%s acquired while holding %s, first at", e.to, e.from), &e.at))
	}
	return Report{
		Kind: LockOrder,
		Message: fmt.Sprintf("%s: these locks are taken in inconsistent orders and can deadlock",
			strings.Join(names, " → ")),
		Stacks: stacks,
	}
}
