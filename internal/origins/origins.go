// Package origins tells, for the pointers of one package, whether two of
// them can be the same object: the question a lock-order cycle asks of
// the two holdings of one lock class that it joins.
//
// A class-level lock graph takes every client.mu for one lock. When one
// function holds a leaf connection's c.mu and another locks only the
// connections it finds in gw.out, the two can never be the same client,
// and a cycle through them cannot close. This package finds that out:
// it computes, for a value, the set of objects it may point to, each
// named by the instruction that made it (an allocation site, or a
// constant for the scalar fields that tell objects apart), in the way of
// a field-based, flow-insensitive points-to analysis (Andersen's, with
// fields merged per declaration), restricted to what the package's own
// code can show:
//
//   - a parameter gets the arguments of every call of its function, when
//     those calls are all visible (the function is not exported, not an
//     interface method, not used as a value, and not mentioned by code
//     the engine did not build); an argument that a dominating branch
//     tests (`case LEAF:` on c.kind) passes on only the objects whose
//     discriminating field can hold that value (see discriminators);
//   - a load of a field gets every value stored to that field of any
//     object of the type, when the field is unexported, its address never
//     escapes, and no unbuilt code writes it;
//   - an element of a map or slice held in a field gets every value put
//     into a container that field ever held, on the same conditions;
//   - a free variable gets the values bound to it, a call of a function
//     of the package the values it returns.
//
// Anything else is unknown (top): the set can hold objects the package
// does not show. Those keep what a tested branch said of them (a
// constrained top: "any object whose kind is LEAF"), since the field
// cannot change. The answer "never the same object" is given only when
// neither set is empty (no object seen made is no answer), they share no
// known object, and the unknown part of each rules out, by its
// discriminators, the objects of the other (and both unknown parts each
// other). Sets are bounded (maxAtoms) and so is the work of one question
// (maxNodes): past either, the set is unknown.
//
// What is not seen: reflection and unsafe, and a container that was
// stored in a field and is then written through a local alias that the
// field's loads do not reach (a local map filled after `s.m = m`: the
// writes are seen only through m's own node, which the field's does not
// include).
package origins

import (
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// FieldKey names a field of a named struct type: the type's package
// path and name (as Owner gives them) and the field's index.
type FieldKey struct {
	Owner string
	Index int
}

// Owner returns "pkgpath.Name" for a named type, or a pointer to one
// (generic types by their origin), or "".
func Owner(t types.Type) string {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return ""
	}
	obj := n.Origin().Obj()
	if obj.Pkg() == nil {
		return obj.Name()
	}
	return obj.Pkg().Path() + "." + obj.Name()
}

// RefKind says what a Ref names.
type RefKind uint8

const (
	RefTop        RefKind = iota // anything
	RefValue                     // the object Value points to
	RefLoad                      // the object loaded from the address Value
	RefField                     // an object stored in Field of some object
	RefElems                     // an element of the container Value
	RefFieldElems                // an element of a container held in Field
)

// Ref names the object a lock belongs to, as the lock's path shows it.
// Refs are comparable.
type Ref struct {
	Kind  RefKind
	Value ssa.Value
	Field FieldKey
}

// Top is the Ref of an unknown object.
var Top = Ref{}

// Config is what the package's code outside the built functions tells.
type Config struct {
	// Pkg is the package's path: only its types' fields are followed.
	Pkg string
	// Funcs are the functions whose bodies were built (closures
	// included): every instruction the analysis reads is among them.
	Funcs []*ssa.Function
	// Hidden reports that a function of Funcs is mentioned by code that
	// was not built, so that some of its calls are not seen.
	Hidden func(fn *ssa.Function) bool
	// IfaceMethod reports that the package's code mentions an interface
	// with a method of this name (an unexported method of the package
	// may then be called through it).
	IfaceMethod func(name string) bool
	// Written reports that code outside Funcs stores to the field (an
	// assignment, a composite literal, its address taken, or, for a map
	// or slice, its container aliased or handed to a call).
	Written func(FieldKey) bool
	// Reassigned is Written without composite literals: code outside
	// Funcs changes the field of an object that already exists.
	Reassigned func(FieldKey) bool
}

// Analysis answers MayAlias for one package. Not safe for concurrent
// use.
type Analysis struct {
	cfg   Config
	idx   *index
	atoms map[any]int32
	// atomValues[id-1] is the value atom id was made from.
	atomValues []ssa.Value
	nodes      map[nodeKey]*node
	discr      map[FieldKey]int8 // 1: a discriminator, -1: not
	kinds      map[kindKey]kindSet
	// Interned Refs (Intern) and the answers given for pairs of them.
	refs   []Ref
	refIDs map[Ref]int32
	memo   map[uint64]bool
	// Budget: set once a question explored too many nodes.
	Exhausted bool
}

// New returns the analysis of a package; nothing is computed until the
// first question.
func New(cfg Config) *Analysis {
	return &Analysis{
		cfg: cfg, atoms: make(map[any]int32), nodes: make(map[nodeKey]*node), discr: make(map[FieldKey]int8), kinds: make(map[kindKey]kindSet),
		refIDs: make(map[Ref]int32), memo: make(map[uint64]bool),
	}
}

const maxAtoms = 64 // objects in one set; more is unknown

// maxNodes bounds the nodes one question may add; past it, every node of
// the question is unknown (a variable so that a test can lower it).
var maxNodes = 20000

// Intern returns a small number for r (0 for Top), for MayAliasID: a
// caller that asks about the same Refs many times keeps numbers.
func (a *Analysis) Intern(r Ref) int32 {
	if r.Kind == RefTop {
		return 0
	}
	if id, ok := a.refIDs[r]; ok {
		return id
	}
	a.refs = append(a.refs, r)
	id := int32(len(a.refs))
	a.refIDs[r] = id
	return id
}

// MayAliasID is MayAlias of two interned Refs, remembered.
func (a *Analysis) MayAliasID(x, y int32) bool {
	if x == 0 || y == 0 || x == y {
		return true
	}
	if x > y {
		x, y = y, x
	}
	k := uint64(x)<<32 | uint64(y)
	if v, ok := a.memo[k]; ok {
		return v
	}
	v := a.MayAlias(a.refs[x-1], a.refs[y-1])
	a.memo[k] = v
	return v
}

// MayAlias reports whether x and y can name the same object: false only
// when neither set is empty (see below) and they share no object, the
// known objects of one failing the other's discriminator constraints.
func (a *Analysis) MayAlias(x, y Ref) bool {
	if x.Kind == RefTop || y.Kind == RefTop || x == y {
		return true
	}
	a.ensureIndex() // refNode may consult it
	// An empty set is no answer either: no object is seen made there,
	// so how they are made is what the package does not show.
	sx := a.solve(a.refNode(x))
	if sx.empty() {
		return true
	}
	sy := a.solve(a.refNode(y))
	if sy.empty() {
		return true
	}
	for _, p := range sx.atoms {
		if _, ok := slices.BinarySearch(sy.atoms, p); ok {
			return true
		}
	}
	return sx.top && a.otherMeets(sx, sy) || sy.top && a.otherMeets(sy, sx)
}

// otherMeets reports whether the unknown objects of t (t.top) can be
// among those of o.
func (a *Analysis) otherMeets(t, o set) bool {
	if o.top && !consDisjoint(t.cons, o.cons) {
		return true
	}
	for _, id := range o.atoms {
		if a.satisfies(id, t.cons) {
			return true
		}
	}
	return false
}

// consDisjoint reports whether no object can satisfy both constraints.
func consDisjoint(x, y map[FieldKey][]constStr) bool {
	for f, xs := range x {
		ys, ok := y[f]
		if !ok {
			continue
		}
		if !slices.ContainsFunc(xs, func(v constStr) bool { return slices.Contains(ys, v) }) {
			return true
		}
	}
	return false
}

// set is the objects a value may point to: known objects (atoms,
// sorted) and, when top, others that the package does not show. For
// those, cons says what values their discriminators can hold (a field
// missing from it: any); it is set where a call passes on only the
// objects that a branch tested (`case LEAF:`), so that a parameter
// reached from code that is not followed still says "a leaf".
type set struct {
	top   bool
	cons  map[FieldKey][]constStr
	atoms []int32
}

func (s set) empty() bool { return !s.top && len(s.atoms) == 0 }

// any reports whether s can be any object at all: then its atoms no
// longer matter.
func (s set) any() bool { return s.top && len(s.cons) == 0 }

func cloneCons(c map[FieldKey][]constStr) map[FieldKey][]constStr {
	if len(c) == 0 {
		return nil
	}
	out := make(map[FieldKey][]constStr, len(c))
	for f, vs := range c {
		out[f] = slices.Clone(vs)
	}
	return out
}

// add makes s the union of s and t, and reports whether s grew.
func (s *set) add(t set) bool {
	if s.any() {
		return false
	}
	changed := false
	if t.top {
		if !s.top {
			s.top, s.cons = true, cloneCons(t.cons)
			changed = true
		} else {
			for f, vs := range s.cons {
				tv, ok := t.cons[f]
				if !ok {
					delete(s.cons, f)
					changed = true
					continue
				}
				for _, v := range tv {
					if !slices.Contains(vs, v) {
						vs = append(vs, v)
						changed = true
					}
				}
				s.cons[f] = vs
			}
		}
	}
	for _, x := range t.atoms {
		i, ok := slices.BinarySearch(s.atoms, x)
		if !ok {
			s.atoms = slices.Insert(s.atoms, i, x)
			changed = true
		}
	}
	if len(s.atoms) > maxAtoms {
		s.top, s.cons = true, nil
	}
	if s.any() {
		s.atoms = nil
	}
	return changed
}

type nodeKind uint8

const (
	nValue      nodeKind = iota // the objects v may point to
	nRet                        // results #i of fn
	nField                      // values stored in field
	nFieldElems                 // elements of the containers of field
	nElems                      // elements of the container value v
	nLocalElems                 // elements put into the container v makes
	nCell                       // values stored in the local variable v
)

type nodeKey struct {
	kind  nodeKind
	v     ssa.Value
	fn    *ssa.Function
	i     int
	field FieldKey
}

type node struct {
	val    set
	deps   []dep
	solved bool
	// during a solve
	visiting bool
	index    int // in the solve's pending list
}

// dep is a flow into a node: the objects of from, restricted by guard
// (the tests a call site's branches made on the argument).
type dep struct {
	from  nodeKey
	guard []guard
}

func (a *Analysis) refNode(r Ref) nodeKey {
	switch r.Kind {
	case RefValue:
		return nodeKey{kind: nValue, v: r.Value}
	case RefLoad:
		return a.loadKey(r.Value)
	case RefField:
		return nodeKey{kind: nField, field: r.Field}
	case RefElems:
		return nodeKey{kind: nElems, v: r.Value}
	case RefFieldElems:
		return nodeKey{kind: nFieldElems, field: r.Field}
	}
	return topKey
}

// topKey is a node that is always top.
var topKey = nodeKey{kind: nValue}

// solve returns the set of node k, computing it and every node it
// depends on that is not yet known.
func (a *Analysis) solve(k nodeKey) set {
	if n := a.nodes[k]; n != nil && n.solved {
		return n.val
	}
	a.ensureIndex()
	var pending []*node
	stack := []nodeKey{k}
	over := false
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n := a.nodes[x]; n != nil && (n.solved || n.visiting) {
			continue
		}
		if len(pending) >= maxNodes {
			over = true
			break
		}
		n := a.build(x)
		n.visiting = true
		n.index = len(pending)
		a.nodes[x] = n
		pending = append(pending, n)
		for _, d := range n.deps {
			stack = append(stack, d.from)
		}
	}
	if over {
		a.Exhausted = true
		for _, n := range pending {
			n.val = set{top: true}
			n.solved, n.visiting = true, false
		}
		return a.nodes[k].val
	}
	// A worklist: a node is evaluated again only when one it depends on
	// grew.
	users := make([][]int32, len(pending))
	for i, n := range pending {
		for _, d := range n.deps {
			if from := a.nodes[d.from]; from.visiting {
				users[from.index] = append(users[from.index], int32(i))
			}
		}
	}
	work := make([]int32, len(pending))
	queued := make([]bool, len(pending))
	for i := range pending {
		work[i] = int32(len(pending) - 1 - i)
		queued[i] = true
	}
	for len(work) > 0 {
		i := work[len(work)-1]
		work = work[:len(work)-1]
		queued[i] = false
		n := pending[i]
		grew := false
		for _, d := range n.deps {
			if n.val.any() {
				break
			}
			v := a.nodes[d.from].val
			if len(d.guard) > 0 {
				v = a.filter(v, d.guard)
			}
			if n.val.add(v) {
				grew = true
			}
		}
		if grew {
			for _, u := range users[i] {
				if !queued[u] {
					queued[u] = true
					work = append(work, u)
				}
			}
		}
	}
	for _, n := range pending {
		n.solved, n.visiting = true, false
		n.deps = nil
	}
	return a.nodes[k].val
}

// ensureIndex builds the index at the first question.
func (a *Analysis) ensureIndex() {
	if a.idx == nil {
		a.idx = buildIndex(a.cfg)
	}
}

// atom interns an object: an instruction that makes one, a global, a
// function, or a constant (by value).
func (a *Analysis) atom(v ssa.Value) int32 {
	var key any = v
	if c, ok := v.(*ssa.Const); ok {
		key = constKey(c)
	}
	if id, ok := a.atoms[key]; ok {
		return id
	}
	id := int32(len(a.atoms) + 1)
	a.atoms[key] = id
	a.atomValues = append(a.atomValues, v)
	return id
}

func (a *Analysis) atomValue(id int32) ssa.Value {
	return a.atomValues[id-1]
}

type constStr string

func constKey(c *ssa.Const) constStr {
	if c.Value == nil {
		return "nil"
	}
	return constStr(c.Value.ExactString())
}

func one(a *Analysis, v ssa.Value) *node {
	return &node{val: set{atoms: []int32{a.atom(v)}}}
}

func top() *node { return &node{val: set{top: true}} }

// build makes node k with its direct objects and its dependencies.
func (a *Analysis) build(k nodeKey) *node {
	switch k.kind {
	case nValue:
		if k.v == nil {
			return top()
		}
		return a.valueNode(k.v)
	case nRet:
		return a.retNode(k.fn, k.i)
	case nField:
		return a.fieldNode(k.field)
	case nFieldElems:
		return a.fieldElemsNode(k.field)
	case nElems:
		return a.elemsNode(k.v)
	case nLocalElems:
		return a.localElemsNode(k.v)
	case nCell:
		return a.cellNode(k.v)
	}
	return top()
}

func deps(keys ...nodeKey) *node {
	n := &node{}
	for _, k := range keys {
		n.deps = append(n.deps, dep{from: k})
	}
	return n
}

func valueKey(v ssa.Value) nodeKey { return nodeKey{kind: nValue, v: v} }
