package lockstate

import (
	"cmp"
	"go/types"
	"slices"
	"sync"
)

// Class hierarchy analysis for calls through an interface whose receiver
// the package's flows do not pin (resolve.go): the possible callees of
// i.M() are the methods M of the named types, declared in this package
// or in any package it imports directly or not, that implement i's
// interface. What the index cannot see: types declared in importers of
// the package (a test fake in another package), types declared inside
// functions of a dependency, unnamed struct types that embed an
// implementation, and instances of generic types (an interface that a
// generic type of the program may implement is not resolved at all).
// resolve.go applies an effect through such a call only when every
// implementation found has it, so a missing one can only hide a report
// if it would have disagreed.

// maxImpls bounds the implementations of an interface method that a
// call is resolved to: past it the implementations are taken to
// disagree (they practically always do), and the call has no effect.
const maxImpls = 8

// methodIndex lists, for one package, its named types by the methods of
// their method sets (of *T, which includes T's).
type methodIndex struct {
	byMethod map[string][]*types.TypeName
	generic  map[string]bool // method names of the package's generic types
}

// methodIndexes caches each package's methodIndex for the process: a
// *types.Package is shared by every package that imports it in one run.
var methodIndexes sync.Map // *types.Package -> *methodIndex

func indexMethods(pkg *types.Package, extra []*types.TypeName) *methodIndex {
	if extra == nil {
		if x, ok := methodIndexes.Load(pkg); ok {
			return x.(*methodIndex)
		}
	}
	x := &methodIndex{byMethod: make(map[string][]*types.TypeName), generic: make(map[string]bool)}
	add := func(tn *types.TypeName) {
		n, ok := types.Unalias(tn.Type()).(*types.Named)
		if !ok || tn.IsAlias() || types.IsInterface(n) {
			return
		}
		if _, isStruct := n.Underlying().(*types.Struct); !isStruct && n.NumMethods() == 0 {
			return
		}
		if n.TypeParams().Len() > 0 {
			for i := 0; i < n.NumMethods(); i++ {
				x.generic[n.Method(i).Name()] = true
			}
			return
		}
		ms := types.NewMethodSet(types.NewPointer(n))
		for i := 0; i < ms.Len(); i++ {
			name := ms.At(i).Obj().Name()
			x.byMethod[name] = append(x.byMethod[name], tn)
		}
	}
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		if tn, ok := scope.Lookup(name).(*types.TypeName); ok {
			add(tn)
		}
	}
	for _, tn := range extra {
		add(tn)
	}
	if extra == nil {
		methodIndexes.Store(pkg, x)
	}
	return x
}

// impl is one implementation of an interface method.
type impl struct {
	typ types.Type       // the dynamic type (a pointer to the named type)
	sel *types.Selection // the method in typ's method set
}

type implKey struct {
	iface  types.Type
	method string
}

// implementations returns the implementations of method of interface
// type iface among the types of the package and its dependencies, or
// false when they are too many or cannot all be known.
func (pa *pkgAnalysis) implementations(iface types.Type, method *types.Func) ([]impl, bool) {
	k := implKey{iface, method.Name()}
	if r, ok := memoGet(pa, pa.impls, k); ok {
		return r.list, r.ok
	}
	r := memoPut(pa, pa.impls, k, pa.findImplementations(iface, method))
	return r.list, r.ok
}

type implResult struct {
	list []impl
	ok   bool
}

func (pa *pkgAnalysis) findImplementations(iface types.Type, method *types.Func) implResult {
	list, ok := pa.findImplementationsList(iface, method)
	return implResult{list, ok}
}

func (pa *pkgAnalysis) findImplementationsList(iface types.Type, method *types.Func) ([]impl, bool) {
	it, ok := iface.Underlying().(*types.Interface)
	if !ok {
		return nil, false
	}
	var out []impl
	for _, idx := range pa.methodIndexes() {
		if idx.generic[method.Name()] {
			return nil, false
		}
		for _, tn := range idx.byMethod[method.Name()] {
			ptr := types.NewPointer(tn.Type())
			if !types.Implements(ptr, it) {
				continue
			}
			sel := pa.msets.MethodSet(ptr).Lookup(method.Pkg(), method.Name())
			if sel == nil {
				return nil, false
			}
			if len(out) == maxImpls {
				return nil, false
			}
			if m, ok := sel.Obj().(*types.Func); ok && m.Pkg() != pa.pass.Pkg {
				// An implementation of another package whose summary
				// (final, from its fact) takes no lock: the
				// implementations cannot all agree on one.
				if sum := pa.candSummary(nil, cand{obj: m}); sum == nil || len(sum.Acquires) == 0 {
					return nil, false
				}
			}
			out = append(out, impl{typ: ptr, sel: sel})
		}
	}
	return out, true
}

// methodIndexes returns the method indexes of the package (with the
// types declared in its functions) and of every package it imports.
func (pa *pkgAnalysis) methodIndexes() []*methodIndex {
	pa.mu.Lock()
	universe := pa.universe
	pa.mu.Unlock()
	if universe != nil {
		return universe
	}
	var local []*types.TypeName
	for _, obj := range pa.pass.TypesInfo.Defs {
		if tn, ok := obj.(*types.TypeName); ok && tn.Parent() != nil && tn.Parent() != pa.pass.Pkg.Scope() {
			if _, tparam := tn.Type().(*types.TypeParam); !tparam {
				local = append(local, tn)
			}
		}
	}
	slices.SortFunc(local, func(a, b *types.TypeName) int { return cmp.Compare(a.Pos(), b.Pos()) })
	if local == nil {
		local = []*types.TypeName{} // not cached: the package's own index has them
	}
	out := []*methodIndex{indexMethods(pa.pass.Pkg, local)}
	seen := map[*types.Package]bool{pa.pass.Pkg: true}
	var walk func(p *types.Package)
	walk = func(p *types.Package) {
		for _, imp := range p.Imports() {
			if seen[imp] {
				continue
			}
			seen[imp] = true
			out = append(out, indexMethods(imp, nil))
			walk(imp)
		}
	}
	walk(pa.pass.Pkg)
	pa.mu.Lock()
	defer pa.mu.Unlock()
	if pa.universe == nil {
		pa.universe = out
	}
	return pa.universe
}
