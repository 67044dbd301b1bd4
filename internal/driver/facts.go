package driver

import (
	"cmp"
	"fmt"
	"go/types"
	"maps"
	"reflect"
	"slices"

	"golang.org/x/tools/go/analysis"
)

// A factKey identifies a fact within its package: the object it is
// about (nil for a package fact) and its type. Fact types belong to one
// analyzer each (analysis.Validate checks it), so the type also says
// whose fact it is.
type factKey struct {
	obj types.Object
	typ reflect.Type
}

// actionFacts are the fact operations of one action: what it exports
// stays in own until the action succeeds, so that a failed action
// leaves no partial facts behind.
type actionFacts struct {
	d   *driver
	n   *node
	a   *analysis.Analyzer
	own map[factKey]analysis.Fact
}

// lookup returns the fact of type typ about obj (nil: the package pkg),
// wherever it was exported: in this action, this package or a package
// it imports.
func (f *actionFacts) lookup(pkg *types.Package, obj types.Object, typ reflect.Type) analysis.Fact {
	key := factKey{obj, typ}
	if pkg == f.n.types {
		if fact, ok := f.own[key]; ok {
			return fact
		}
		return f.n.facts[key]
	}
	if owner := f.d.nodeOf(pkg); owner != nil {
		return owner.facts[key]
	}
	return nil
}

func (f *actionFacts) importObjectFact(obj types.Object, ptr analysis.Fact) bool {
	if obj == nil {
		panic("ImportObjectFact: nil object")
	}
	return copyFact(f.lookup(obj.Pkg(), obj, factType(ptr)), ptr)
}

func (f *actionFacts) exportObjectFact(obj types.Object, fact analysis.Fact) {
	if obj.Pkg() != f.n.types {
		panic(fmt.Sprintf("ExportObjectFact(%s, %T): the object does not belong to package %s", obj, fact, f.n.meta.ID))
	}
	f.own[factKey{obj, factType(fact)}] = fact
}

func (f *actionFacts) importPackageFact(pkg *types.Package, ptr analysis.Fact) bool {
	if pkg == nil {
		panic("ImportPackageFact: nil package")
	}
	return copyFact(f.lookup(pkg, nil, factType(ptr)), ptr)
}

func (f *actionFacts) exportPackageFact(fact analysis.Fact) {
	f.own[factKey{nil, factType(fact)}] = fact
}

// allObjectFacts returns the analyzer's object facts about this package
// and every package it imports, at any depth: the package's first, then
// its imports' in depth-first order by ID, each package's by position.
func (f *actionFacts) allObjectFacts() []analysis.ObjectFact {
	var out []analysis.ObjectFact
	f.each(func(pkg *types.Package, key factKey, fact analysis.Fact) {
		if key.obj != nil {
			out = append(out, analysis.ObjectFact{Object: key.obj, Fact: fact})
		}
	})
	return out
}

// allPackageFacts is allObjectFacts for package facts.
func (f *actionFacts) allPackageFacts() []analysis.PackageFact {
	var out []analysis.PackageFact
	f.each(func(pkg *types.Package, key factKey, fact analysis.Fact) {
		if key.obj == nil {
			out = append(out, analysis.PackageFact{Package: pkg, Fact: fact})
		}
	})
	return out
}

// each calls yield for each fact of the analyzer's types, in the order
// allObjectFacts documents.
func (f *actionFacts) each(yield func(*types.Package, factKey, analysis.Fact)) {
	mine := make(map[reflect.Type]bool)
	for _, t := range f.a.FactTypes {
		mine[factType(t)] = true
	}
	emit := func(pkg *types.Package, facts map[factKey]analysis.Fact) {
		keys := slices.SortedFunc(maps.Keys(facts), compareFactKeys)
		for _, k := range keys {
			if mine[k.typ] {
				yield(pkg, k, facts[k])
			}
		}
	}
	here := maps.Clone(f.n.facts)
	if here == nil {
		here = make(map[factKey]analysis.Fact)
	}
	maps.Copy(here, f.own)
	emit(f.n.types, here)
	seen := make(map[*node]bool)
	var visit func(n *node)
	visit = func(n *node) {
		for _, imp := range n.imports {
			if !seen[imp] {
				seen[imp] = true
				emit(imp.types, imp.facts)
				visit(imp)
			}
		}
	}
	visit(f.n)
}

// compareFactKeys orders the facts of one package: package facts first,
// then by the object's position (the files of a package are parsed in
// order, so positions order its objects the same way in every run),
// then by name and type.
func compareFactKeys(a, b factKey) int {
	if (a.obj == nil) != (b.obj == nil) {
		if a.obj == nil {
			return -1
		}
		return 1
	}
	if a.obj != nil {
		if c := cmp.Or(cmp.Compare(a.obj.Pos(), b.obj.Pos()), cmp.Compare(a.obj.Name(), b.obj.Name())); c != 0 {
			return c
		}
	}
	return cmp.Compare(a.typ.String(), b.typ.String())
}

func factType(fact analysis.Fact) reflect.Type {
	t := reflect.TypeOf(fact)
	if t == nil || t.Kind() != reflect.Pointer {
		panic(fmt.Sprintf("invalid fact type %T: want a pointer", fact))
	}
	return t
}

// copyFact copies fact to *ptr and reports whether there was a fact.
func copyFact(fact analysis.Fact, ptr analysis.Fact) bool {
	if fact == nil {
		return false
	}
	reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(fact).Elem())
	return true
}
