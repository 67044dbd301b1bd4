package lockstate

import (
	"cmp"
	"go/token"
	"slices"
	"strings"
)

// Edge is a lock-order edge between classes: To was acquired (directly
// or in a callee) while From was held.
type Edge struct {
	From, To         Class
	FromMode, ToMode Mode
	Func             FuncName // the function that acquires To while holding From
	// The rest is known only for this package's edges (zero in facts).
	Pos      token.Pos // the inner acquisition: the Lock of To, or the call leading to it
	FromPos  token.Pos // the acquisition of From
	FromName string    // From as written there ("r.routesMu")
	ToName   string
	Via      []string // the call chain of the inner acquisition, as in Acquire.Via
	// Chosen is set for two instances of one class when the code picked
	// which to lock first by a branch (ordering by a key).
	Chosen bool
	// Parallel is set when From and To are selected by disjoint inputs
	// (see Held.Parallel).
	Parallel bool
	// Gates lists the other locks held at the inner acquisition (not of
	// From's or To's class): a cycle whose every edge holds one gate, in
	// write mode on at least one edge, cannot deadlock, since its
	// goroutines exclude each other (lockdep's gate locks). In facts,
	// the gates held by every occurrence of the class pair.
	Gates []Gate

	imports []string // dependency edges: the direct imports whose facts carry it
	// The objects From and To belong to, on every path of this package
	// that gives the edge, as origins numbers them (objects.go); none in
	// facts.
	fromObjs, toObjs []int32
}

// Gate is a lock held around an acquisition, with its mode.
type Gate struct {
	Class Class
	Mode  Mode
}

// IntersectGates returns the gates held in both lists, each in the
// weaker mode of the two (read, if either is read).
func IntersectGates(a, b []Gate) []Gate {
	var out []Gate
	for _, g := range a {
		for _, h := range b {
			if g.Class == h.Class {
				m := g.Mode
				if h.Mode == Read {
					m = Read
				}
				out = append(out, Gate{Class: g.Class, Mode: m})
			}
		}
	}
	return out
}

// OrderFact is a package's lock-order knowledge, exported for importers:
// its own edges and its dependencies' (deduplicated and bounded), and the
// orders declared with //locklint:order.
type OrderFact struct {
	Edges  []Edge
	Orders []DeclaredOrder
}

// AFact marks OrderFact as an analysis fact.
func (*OrderFact) AFact() {}

func (f *OrderFact) String() string {
	var parts []string
	for _, e := range f.Edges {
		parts = append(parts, e.From.String()+"->"+e.To.String())
	}
	return "lockorder(" + strings.Join(parts, ", ") + ")"
}

// maxFactEdges bounds the edges a package fact carries (its own first).
const maxFactEdges = 1024

// DeclaredOrder is one "Before is taken before After" declaration.
type DeclaredOrder struct {
	Before, After Class
}

// Edges returns this package's lock-order edges, in source order, one per
// (function, inner acquisition, outer lock).
func (r *Result) Edges() []Edge { return r.edges }

// DepEdges returns the lock-order edges of the packages this one imports,
// directly or not, as their facts carry them.
func (r *Result) DepEdges() []Edge { return r.depEdges }

// DeclaredOrders returns the orders declared with //locklint:order in
// this package and its dependencies.
func (r *Result) DeclaredOrders() []DeclaredOrder { return r.orders }

// Directives returns the //locklint: comments of this package, with what
// was wrong with each malformed one.
func (r *Result) Directives() []Directive { return r.directives }

// OneImportHas reports whether a single direct import's fact carries
// every one of these dependency edges: a cycle made only of them was
// then reported (or is reportable) in that import already.
func (r *Result) OneImportHas(edges []Edge) bool {
	if len(edges) == 0 {
		return false
	}
	for _, imp := range edges[0].imports {
		all := true
		for _, e := range edges[1:] {
			if !slices.Contains(e.imports, imp) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// Local reports whether the edge is this package's own.
func (e Edge) Local() bool { return len(e.imports) == 0 }

// collectEdges derives this package's edges from the acquisitions.
func (pa *pkgAnalysis) collectEdges(res *Result) {
	type key struct {
		from, to Class
		fm, tm   Mode
		fn       FuncName
		pos      token.Pos
	}
	seen := make(map[key]int) // index in res.edges
	for _, f := range res.funcs {
		if f.skipped != "" {
			continue
		}
		fn := pa.funcName(f.fn)
		ctx := pa.contexts[f.fn]
		for _, a := range f.acquires {
			if a.Lock.Class.Kind == ClassNone || isCounting(a.Lock.Type) || pa.nested(a.Pos) || a.Unpublished {
				continue
			}
			if !testHazards && inTestFile(pa.pass.Fset, a.Pos) {
				continue // see testHazards
			}
			for _, h := range a.Others {
				if h.Lock.Class.Kind == ClassNone || isCounting(h.Lock.Type) || h.Unpublished {
					continue
				}
				k := key{h.Lock.Class, a.Lock.Class, h.Mode, a.Mode, fn, a.Pos}
				if i, ok := seen[k]; ok {
					e := &res.edges[i]
					e.fromObjs = addObj(e.fromObjs, res.origins.Intern(h.obj))
					e.toObjs = addObj(e.toObjs, res.origins.Intern(a.obj))
					continue
				}
				seen[k] = len(res.edges)
				var gates []Gate
				for _, o := range a.Others {
					c := o.Lock.Class
					if isCounting(o.Lock.Type) || c == h.Lock.Class || c == a.Lock.Class {
						continue
					}
					gates = addGate(gates, Gate{Class: c, Mode: o.Mode})
				}
				// The locks every caller holds around this function,
				// and those it holds on entry until it releases them.
				for _, g := range append(slices.Clone(ctx), entryHeldAt(f.entryHeld, a.relBefore)...) {
					if g.Class != h.Lock.Class && g.Class != a.Lock.Class && !slices.ContainsFunc(gates, func(x Gate) bool { return x.Class == g.Class }) {
						gates = append(gates, g)
					}
				}
				slices.SortFunc(gates, func(x, y Gate) int { return cmpClass(x.Class, y.Class) })
				res.edges = append(res.edges, Edge{
					From: h.Lock.Class, To: a.Lock.Class, FromMode: h.Mode, ToMode: a.Mode, Func: fn,
					Pos: a.Pos, FromPos: h.Pos, FromName: h.Lock.Name, ToName: a.Lock.Name, Via: a.Via,
					Chosen: h.Lock.Chosen || a.Lock.Chosen, Parallel: h.Parallel, Gates: gates,
					fromObjs: []int32{res.origins.Intern(h.obj)}, toObjs: []int32{res.origins.Intern(a.obj)},
				})
			}
		}
	}
}

// importOrders reads the order facts of the imported packages and
// exports this package's.
func (pa *pkgAnalysis) importOrders(res *Result) {
	type pair struct{ from, to Class }
	seen := make(map[pair]bool)
	for _, e := range res.edges {
		seen[pair{e.From, e.To}] = true
	}
	depIndex := make(map[pair]int)
	seenOrder := make(map[DeclaredOrder]bool)
	for _, o := range res.orders {
		seenOrder[o] = true
	}
	for _, imp := range pa.pass.Pkg.Imports() {
		var f OrderFact
		if !pa.pass.ImportPackageFact(imp, &f) {
			continue
		}
		for _, e := range f.Edges {
			k := pair{e.From, e.To}
			if i, ok := depIndex[k]; ok {
				d := &res.depEdges[i]
				if !slices.Contains(d.imports, imp.Path()) {
					d.imports = append(d.imports, imp.Path())
				}
				d.Gates = IntersectGates(d.Gates, e.Gates)
				continue
			}
			if seen[k] {
				continue // this package has the edge itself
			}
			e.imports = []string{imp.Path()}
			depIndex[k] = len(res.depEdges)
			res.depEdges = append(res.depEdges, e)
		}
		for _, o := range f.Orders {
			if !seenOrder[o] {
				seenOrder[o] = true
				res.orders = append(res.orders, o)
			}
		}
	}
	slices.SortStableFunc(res.depEdges, cmpEdge)
	// Export: own edges (one per class pair, without positions), then the
	// dependencies', up to the budget.
	var out []Edge
	exported := make(map[pair]int)
	add := func(e Edge) {
		if i, ok := exported[pair{e.From, e.To}]; ok {
			out[i].Gates = IntersectGates(out[i].Gates, e.Gates)
			return
		}
		if len(out) >= maxFactEdges {
			return
		}
		exported[pair{e.From, e.To}] = len(out)
		out = append(out, Edge{From: e.From, To: e.To, FromMode: e.FromMode, ToMode: e.ToMode, Func: e.Func, Chosen: e.Chosen, Gates: e.Gates})
	}
	own := slices.Clone(res.edges)
	slices.SortStableFunc(own, cmpEdge)
	for _, e := range own {
		add(e)
	}
	for _, e := range res.depEdges {
		add(e)
	}
	orders := slices.Clone(res.orders)
	slices.SortFunc(orders, func(a, b DeclaredOrder) int {
		if c := cmpClass(a.Before, b.Before); c != 0 {
			return c
		}
		return cmpClass(a.After, b.After)
	})
	if len(out) > 0 || len(orders) > 0 {
		pa.pass.ExportPackageFact(&OrderFact{Edges: out, Orders: orders})
	}
}

func cmpClass(a, b Class) int {
	if c := cmp.Compare(a.Kind, b.Kind); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Pkg, b.Pkg); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Name, b.Name); c != 0 {
		return c
	}
	return cmp.Compare(a.Field, b.Field)
}

func cmpEdge(a, b Edge) int {
	if c := cmpClass(a.From, b.From); c != 0 {
		return c
	}
	if c := cmpClass(a.To, b.To); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Func.Pkg, b.Func.Pkg); c != 0 {
		return c
	}
	return cmp.Compare(a.Func.Name, b.Func.Name)
}

func addObj(objs []int32, o int32) []int32 {
	if slices.Contains(objs, o) {
		return objs
	}
	return append(objs, o)
}
