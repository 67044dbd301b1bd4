package lockorder

import (
	_ "embed"
	"fmt"
	"go/token"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/locklint/locklint/internal/docutil"
	"github.com/locklint/locklint/internal/lockstate"
)

//go:embed doc.go
var doc string

// Analyzer reports lock-order cycles.
var Analyzer = &analysis.Analyzer{
	Name:     "lockorder",
	Doc:      docutil.MustExtract(doc, "lockorder"),
	URL:      "https://pkg.go.dev/github.com/locklint/locklint/passes/lockorder",
	Requires: []*analysis.Analyzer{lockstate.Analyzer},
	Run:      run,
}

// Message formats.
const (
	msgInversion  = "lock order inversion: %s: goroutines in both can deadlock; take the locks in one order everywhere"
	msgCycle      = "lock order cycle: %s: goroutines in these functions can deadlock; take the locks in one order everywhere"
	msgCrossPkg   = "lock order cycle across imported packages: %s: goroutines in these functions can deadlock; take the locks in one order everywhere"
	msgSameClass  = "%[1]s and %[2]s are both %[3]s, held together by %[4]s in the order its arguments give: a concurrent call with the two swapped deadlocks (and the same lock twice blocks forever); lock them in a fixed order (by a unique key), or mark deliberate nesting with //locklint:nested <reason>"
	msgViolation  = "%[1]s takes %[2]s then %[3]s, against the declared order %[3]s < %[2]s: take %[3]s first"
	relatedEdge   = "%s takes %s then %s here"
	moreSites     = " (%d more places in this package take %s then %s; they are listed as related positions)"
	relatedSame   = "%s also takes %s then %s here"
	relatedFirst  = "%s locked here"
	edgeFormat    = "%s takes %s then %s"
	edgeSeparator = "; "
)

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[lockstate.Analyzer].(*lockstate.Result)
	res.Prepare(pass)
	c := &checker{pass: pass, res: res, pkg: pass.Pkg.Path()}
	c.declared()
	c.build()
	c.reportSameClass()
	c.reportViolations()
	c.reportCycles()
	c.reportBlocked()
	if c.exhausted {
		lockstate.Debugf("%s: lock-order cycle search stopped after %d steps (budget); some cycles may be unreported", pass.Pkg.Path(), c.steps)
	}
	if res.ObjectsExhausted() {
		lockstate.Debugf("%s: telling apart the objects of a cycle's locks went over its budget (or hit an internal error); a cycle through distinct objects may be reported", pass.Pkg.Path())
	}
	return nil, nil
}

type checker struct {
	pass *analysis.Pass
	res  *lockstate.Result
	pkg  string
	// before[a][b]: a is declared to come before b (transitively).
	before map[lockstate.Class]map[lockstate.Class]bool
	adj    map[lockstate.Class][]lockstate.Edge
	// steps counts the edges the cycle searches looked at, against
	// maxCycleSteps.
	steps     int
	exhausted bool
}

// maxCycleSteps bounds the work of the cycle searches of one package
// (edges looked at, over all searches): past it, no more cycles are
// searched, and -lockstate.debug says so.
var maxCycleSteps = 4 << 20 // a variable so that a test can lower it

func (c *checker) declared() {
	c.before = make(map[lockstate.Class]map[lockstate.Class]bool)
	for _, o := range c.res.DeclaredOrders() {
		if c.before[o.Before] == nil {
			c.before[o.Before] = make(map[lockstate.Class]bool)
		}
		c.before[o.Before][o.After] = true
	}
	// Transitive closure (the declarations are few).
	for changed := true; changed; {
		changed = false
		for a, succ := range c.before {
			for b := range succ {
				for x := range c.before[b] {
					if !succ[x] && x != a {
						succ[x], changed = true, true
					}
				}
			}
		}
	}
}

func (c *checker) violates(e lockstate.Edge) bool { return c.before[e.To][e.From] }

// build makes the graph of the edges that can be part of a cycle.
func (c *checker) build() {
	c.adj = make(map[lockstate.Class][]lockstate.Edge)
	for _, list := range [][]lockstate.Edge{c.res.Edges(), c.res.DepEdges()} {
		for _, e := range list {
			if e.From == e.To || c.violates(e) {
				continue
			}
			c.adj[e.From] = append(c.adj[e.From], e)
		}
	}
}

// gated reports whether two edges of a cycle cannot be taken at the same
// time: the goroutines at both hold one lock, in write mode in at least
// one of them (a gate lock: the locks held around the inner acquisition,
// or the edge's own outer lock). A deadlock on the cycle needs a
// goroutine at every edge at once, so it cannot close. Every edge made
// under s.gate.Lock() is the plain case; in a longer cycle, two of its
// edges holding one lock suffice (Reconnect and shutdown both under
// c.destructorM, with a third edge taken without it), and so does an
// edge whose outer lock another edge holds around its own (notifyM
// taken only under c.m, against an edge from c.m).
func gated(cycle ...lockstate.Edge) bool {
	for i := range cycle {
		for j := i + 1; j < len(cycle); j++ {
			if excludes(cycle[i], cycle[j]) {
				return true
			}
		}
	}
	return false
}

// excludes reports whether goroutines at edges a and b hold one lock
// class at the same time, in write mode in at least one of them: each
// edge holds its outer lock and the gates around its inner acquisition.
// (Called for every edge the cycle search looks at: no allocation.)
func excludes(a, b lockstate.Edge) bool {
	if holdsAgainst(a.From, a.FromMode, b) {
		return true
	}
	for _, g := range a.Gates {
		if holdsAgainst(g.Class, g.Mode, b) {
			return true
		}
	}
	return false
}

// holdsAgainst reports whether a goroutine at edge e holds class c in a
// mode that excludes a holder of c in mode m.
func holdsAgainst(c lockstate.Class, m lockstate.Mode, e lockstate.Edge) bool {
	if e.From == c && (m == lockstate.Write || e.FromMode == lockstate.Write) {
		return true
	}
	for _, g := range e.Gates {
		if g.Class == c && (m == lockstate.Write || g.Mode == lockstate.Write) {
			return true
		}
	}
	return false
}

func (c *checker) class(cl lockstate.Class) string {
	if cl.Pkg == c.pkg {
		return cl.String()
	}
	return cl.Qualified()
}

func (c *checker) describe(e lockstate.Edge) string {
	return fmt.Sprintf(edgeFormat, e.Func.In(c.pkg), c.class(e.From), c.class(e.To))
}

func (c *checker) reportSameClass() {
	for _, e := range c.res.Edges() {
		if e.From != e.To || e.Chosen || !e.Parallel || slices.ContainsFunc(e.Gates, func(g lockstate.Gate) bool { return g.Mode == lockstate.Write }) {
			continue
		}
		d := analysis.Diagnostic{
			Pos:     e.Pos,
			Message: fmt.Sprintf(msgSameClass, e.FromName, e.ToName, c.class(e.From), e.Func.In(c.pkg)),
		}
		if e.FromPos.IsValid() {
			d.Related = []analysis.RelatedInformation{{Pos: e.FromPos, Message: fmt.Sprintf(relatedFirst, e.FromName)}}
		}
		c.pass.Report(d)
	}
}

func (c *checker) reportViolations() {
	for _, e := range c.res.Edges() {
		if e.From != e.To && c.violates(e) {
			c.pass.Reportf(e.Pos, msgViolation, e.Func.In(c.pkg), c.class(e.From), c.class(e.To))
		}
	}
}

// reportCycles reports, at each edge of this package, the shortest cycle
// through it; and, when this package has no edge of a cycle that its
// imports complete together, the cycle at the import.
//
// One root cause is reported once: a position gets one report however
// many held locks close a cycle there, and a longer cycle that goes
// through a pair of locks already reported inverted (A -> B -> C -> A
// when A and B are inverted) is the same bug, not reported again.
func (c *checker) reportCycles() {
	reported := make(map[string]bool)
	inverted := make(map[[2]lockstate.Class]bool) // unordered pairs of the 2-cycles
	type found struct {
		e     lockstate.Edge
		cycle []lockstate.Edge
	}
	var cycles []found
	for _, e := range c.res.Edges() {
		if e.From == e.To || c.violates(e) {
			continue
		}
		cycle := c.shortestCycle(e)
		if cycle == nil || readOnly(cycle) || gated(cycle...) {
			continue
		}
		cycles = append(cycles, found{e, cycle})
		if len(cycle) == 2 {
			inverted[unordered(e.From, e.To)] = true
		}
	}
	// One report per cycle and pair of classes, at its first place: the
	// other places that take the pair in that order are the same bug.
	type group struct {
		first found
		more  []lockstate.Edge
	}
	type groupKey struct {
		cycle    string
		from, to lockstate.Class
	}
	groups := make(map[groupKey]*group)
	var order []groupKey
	atPos := make(map[token.Pos]bool)
	for _, f := range cycles {
		if atPos[f.e.Pos] || (len(f.cycle) > 2 && slices.ContainsFunc(f.cycle, func(x lockstate.Edge) bool { return inverted[unordered(x.From, x.To)] })) {
			continue
		}
		atPos[f.e.Pos] = true
		k := groupKey{cycleKey(f.cycle), f.e.From, f.e.To}
		if g, ok := groups[k]; ok {
			g.more = append(g.more, f.e)
			continue
		}
		groups[k] = &group{first: f}
		order = append(order, k)
	}
	for _, k := range order {
		g := groups[k]
		c.reportCycle(g.first.e.Pos, g.first.cycle, msgFor(g.first.cycle), g.more...)
		reported[k.cycle] = true
	}
	for _, e := range c.res.DepEdges() {
		if e.From == e.To || c.violates(e) {
			continue
		}
		cycle := c.shortestCycle(e)
		if cycle == nil || readOnly(cycle) || gated(cycle...) || reported[cycleKey(cycle)] || c.res.OneImportHas(cycle) {
			continue
		}
		if len(cycle) > 2 && slices.ContainsFunc(cycle, func(x lockstate.Edge) bool { return inverted[unordered(x.From, x.To)] }) {
			continue
		}
		reported[cycleKey(cycle)] = true
		c.reportCycle(c.importPos(cycle), cycle, msgCrossPkg)
	}
}

func msgFor(cycle []lockstate.Edge) string {
	if len(cycle) == 2 {
		return msgInversion
	}
	return msgCycle
}

// reportCycle reports a cycle at pos; more are the other places of this
// package that take the cycle's first pair of locks in the same order.
func (c *checker) reportCycle(pos token.Pos, cycle []lockstate.Edge, format string, more ...lockstate.Edge) {
	parts := make([]string, len(cycle))
	for i, e := range cycle {
		parts[i] = c.describe(e)
	}
	d := analysis.Diagnostic{Pos: pos, Message: fmt.Sprintf(format, strings.Join(parts, edgeSeparator))}
	if len(more) > 0 {
		e := cycle[0]
		d.Message += fmt.Sprintf(moreSites, len(more), c.class(e.From), c.class(e.To))
		for _, m := range more {
			d.Related = append(d.Related, analysis.RelatedInformation{
				Pos:     m.Pos,
				Message: fmt.Sprintf(relatedSame, m.Func.In(c.pkg), c.class(m.From), c.class(m.To)),
			})
		}
	}
	for _, e := range cycle[1:] {
		if e.Local() && e.Pos.IsValid() {
			d.Related = append(d.Related, analysis.RelatedInformation{
				Pos:     e.Pos,
				Message: fmt.Sprintf(relatedEdge, e.Func.In(c.pkg), c.class(e.From), c.class(e.To)),
			})
		}
	}
	c.pass.Report(d)
}

// shortestCycle returns first followed by the shortest path of edges back
// from first.To to first.From (breadth-first, in a deterministic order)
// that closes a cycle no two of whose edges exclude each other (gated),
// and each of whose edges can hold the very lock the one before it takes
// (Result.MayMeet: a leaf connection's c.mu is never a gateway's), or
// nil. A class is visited once, through the first edge that reaches it:
// a second edge into it, that only another object's edges would continue
// from, is not tried (a cycle may then go unreported; none is made up).
func (c *checker) shortestCycle(first lockstate.Edge) []lockstate.Edge {
	type visit struct {
		prev *visit
		edge lockstate.Edge
	}
	start := &visit{edge: first}
	seen := map[lockstate.Class]bool{first.To: true}
	queue := []*visit{start}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		for _, e := range c.adj[v.edge.To] {
			if c.steps++; c.steps > maxCycleSteps {
				c.exhausted = true
				return nil
			}
			if gated(first, e) {
				continue // cannot run at the same time as first
			}
			if !c.res.MayMeet(v.edge, e) {
				continue // e holds another object than v.edge takes
			}
			if e.To == first.From {
				if !c.res.MayMeet(e, first) {
					continue
				}
				cycle := []lockstate.Edge{e}
				for w := v; w != nil; w = w.prev {
					cycle = append(cycle, w.edge)
				}
				slices.Reverse(cycle)
				if gated(cycle...) {
					continue // another edge may close it ungated
				}
				return cycle
			}
			if !seen[e.To] && e.To != first.From {
				seen[e.To] = true
				queue = append(queue, &visit{prev: v, edge: e})
			}
		}
	}
	return nil
}

// unordered names a pair of classes whatever their order.
func unordered(a, b lockstate.Class) [2]lockstate.Class {
	if a.Qualified()+"@"+a.Pkg > b.Qualified()+"@"+b.Pkg {
		a, b = b, a
	}
	return [2]lockstate.Class{a, b}
}

// readOnly reports whether every lock of the cycle is only read-locked
// along it.
func readOnly(cycle []lockstate.Edge) bool {
	for _, e := range cycle {
		if e.FromMode == lockstate.Write || e.ToMode == lockstate.Write {
			return false
		}
	}
	return true
}

// cycleKey names a cycle independently of where it starts.
func cycleKey(cycle []lockstate.Edge) string {
	names := make([]string, len(cycle))
	for i, e := range cycle {
		names[i] = e.From.Qualified() + "@" + e.From.Pkg
	}
	// Rotate to the smallest name.
	min := 0
	for i := range names {
		if names[i] < names[min] {
			min = i
		}
	}
	return strings.Join(append(names[min:], names[:min]...), "->")
}

// importPos is where a cycle made only of imported edges is reported:
// the first import (in file order) of a package where one of its edges
// is, or else the package's first import.
func (c *checker) importPos(cycle []lockstate.Edge) token.Pos {
	var first token.Pos
	for _, f := range c.pass.Files {
		for _, imp := range f.Imports {
			path := strings.Trim(imp.Path.Value, `"`)
			if !first.IsValid() {
				first = imp.Pos()
			}
			for _, e := range cycle {
				if e.Func.Pkg == path {
					return imp.Pos()
				}
			}
		}
	}
	if first.IsValid() {
		return first
	}
	return c.pass.Files[0].Package
}
