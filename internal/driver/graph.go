package driver

import (
	"cmp"
	"go/types"
	"maps"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// A node is a package of the import graph and, once done, what remains of
// its analysis.
type node struct {
	meta *packages.Package
	root bool
	// imports are the packages meta imports, distinct and sorted by ID;
	// byPath maps import paths (as the source writes them) to them. An
	// import that would close a cycle is in neither.
	imports   []*node
	byPath    map[string]*node
	importers []*node
	// analyzers run on the package, each after those it requires.
	analyzers []*analysis.Analyzer
	// checkPrio and analysePrio are the estimated cost of the longest
	// chain of tasks from the package's type-check, and from its
	// analysis, to the end of the run: the scheduler starts the ready
	// task with the highest first (see prioritise).
	checkPrio, analysePrio int
	// checkWait counts the imports not type-checked yet, and
	// analyseWait those not analysed yet plus one until the package
	// itself is type-checked (both guarded by the scheduler's lock).
	checkWait, analyseWait int
	// pkg is the package's syntax and types info from its type-check
	// until its analysis ends.
	pkg *checked
	// size is the bytes of the package's compiled Go files.
	size int

	// Set when the package is done, read-only after.
	types *types.Package
	facts map[factKey]analysis.Fact
	// illTyped: the package has errors of its own, or was skipped.
	// brokenBelow: it or a package it imports (at any depth) is
	// illTyped, so its declarations may have invalid types.
	illTyped, brokenBelow bool
	out                   *Package
}

// buildGraph returns the nodes of the packages reachable from roots,
// each after its imports, with the analyzers each runs: every analyzer
// given and what they require on the roots; on the other packages only
// those of them with facts, and what those require.
func buildGraph(roots []*packages.Package, analyzers []*analysis.Analyzer) []*node {
	rootSet := RequiresClosure(analyzers)
	var withFacts []*analysis.Analyzer
	for _, a := range rootSet {
		if len(a.FactTypes) > 0 {
			withFacts = append(withFacts, a)
		}
	}
	depSet := RequiresClosure(withFacts)

	nodes := make(map[*packages.Package]*node)
	onStack := make(map[*packages.Package]bool)
	var order []*node
	var visit func(p *packages.Package) *node
	visit = func(p *packages.Package) *node {
		if n := nodes[p]; n != nil {
			return n
		}
		n := &node{meta: p, byPath: make(map[string]*node)}
		nodes[p] = n
		onStack[p] = true
		for _, path := range slices.Sorted(maps.Keys(p.Imports)) {
			imp := p.Imports[path]
			if onStack[imp] {
				continue // a cycle, which go list reports
			}
			in := visit(imp)
			n.byPath[path] = in
			if !slices.Contains(n.imports, in) {
				n.imports = append(n.imports, in)
			}
		}
		slices.SortFunc(n.imports, func(a, b *node) int { return cmp.Compare(a.meta.ID, b.meta.ID) })
		for _, in := range n.imports {
			in.importers = append(in.importers, n)
		}
		n.checkWait, n.analyseWait = len(n.imports), len(n.imports)+1
		delete(onStack, p)
		order = append(order, n)
		return n
	}
	sorted := slices.SortedFunc(slices.Values(roots), func(a, b *packages.Package) int { return cmp.Compare(a.ID, b.ID) })
	for _, p := range sorted {
		visit(p).root = true
	}
	for _, n := range order {
		switch {
		case n.meta.PkgPath == "unsafe":
			// types.Unsafe: nothing to analyse.
		case n.root:
			n.analyzers = rootSet
		default:
			n.analyzers = depSet
		}
	}
	return order
}

// RequiresClosure returns analyzers and all they require, transitively,
// each after those it requires, in a fixed order (the order to run them
// on one package).
func RequiresClosure(analyzers []*analysis.Analyzer) []*analysis.Analyzer {
	var out []*analysis.Analyzer
	seen := make(map[*analysis.Analyzer]bool)
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, req := range a.Requires {
			visit(req)
		}
		out = append(out, a)
	}
	for _, a := range analyzers {
		visit(a)
	}
	return out
}

func sortPackages(ps []*Package) {
	slices.SortFunc(ps, func(a, b *Package) int { return cmp.Compare(a.ID, b.ID) })
}
