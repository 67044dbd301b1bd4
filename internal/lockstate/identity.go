package lockstate

import (
	"go/constant"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/locklint/locklint/internal/origins"
)

// Lock identity comes in two forms, each with one constructor.
//
// A path names a lock instance inside one function: a root (receiver or
// parameter, free variable, package variable, or a local value such as an
// allocation or a call result) followed by steps (field, dereference,
// element). Paths are interned per function in a pathTable, so a path is
// a small integer and equality is structural: the two loads of o.pay in
// `o.pay.mu.Lock(); o.pay.mu.Unlock()` give one path.
//
// A Class names a lock across functions and packages, like a lockdep
// class: the named struct type that declares the mutex field plus the
// field path from there (Store.mu), or the package variable (settingsMu).

// ClassKind says what a Class is rooted at.
type ClassKind uint8

const (
	ClassNone   ClassKind = iota // no stable class (a bare *sync.Mutex parameter, a call result)
	ClassField                   // a field of a named struct type
	ClassGlobal                  // a package-level variable, possibly with fields
	ClassLocal                   // a function's local variable
)

// Class names a lock across functions and packages.
type Class struct {
	Kind  ClassKind
	Pkg   string // package path of the type, variable or function
	Name  string // type name, variable name, or "Func.var" for a local
	Field string // dotted field path below Name ("mu", "inner.mu"); "" for a variable itself
}

// String renders the class as a user reads it: "Store.mu", "settingsMu".
func (c Class) String() string {
	if c.Field == "" {
		return c.Name
	}
	return c.Name + "." + c.Field
}

// Qualified renders the class with its package's last path element,
// for messages that cross packages: "ledger.Index.Mu".
func (c Class) Qualified() string {
	pkg := c.Pkg
	if i := strings.LastIndexByte(pkg, '/'); i >= 0 {
		pkg = pkg[i+1:]
	}
	if pkg == "" {
		return c.String()
	}
	return pkg + "." + c.String()
}

type rootKind uint8

const (
	rootParam   rootKind = iota // parameter (the receiver is parameter 0)
	rootFreeVar                 // closure free variable
	rootGlobal                  // package-level variable (its address)
	rootValue                   // any other SSA value of this function
)

type root struct {
	kind  rootKind
	index int       // rootParam, rootFreeVar
	pkg   string    // rootGlobal
	name  string    // rootGlobal
	value ssa.Value // rootValue
	wild  int       // >0: a root that equals nothing else (from a summary)
}

type stepKind uint8

const (
	stepField   stepKind = iota // .f of a struct reached through a pointer (FieldAddr) or by value (Field)
	stepDeref                   // load of a pointer stored at the path
	stepIndex                   // element of an array, slice or map
	stepRLocker                 // (*RWMutex).RLocker(): the read side as a sync.Locker
)

type step struct {
	kind  stepKind
	field int
	name  string // field name
	owner string // "pkgpath.TypeName" of the named struct declaring the field, or ""
	index ssa.Value
	konst string // constant index
	wild  int    // >0: an index that equals no other (unknown)
}

// pathID is an interned path; 0 is "no path".
type pathID int32

type pathNode struct {
	parent pathID // 0 for a root
	root   root
	step   step
	// values lists the SSA values of this function the path mentions
	// (a value root, index values): when control re-executes one of
	// their definitions, a holding recorded under this path is stale.
	values []ssa.Value
	class  Class
}

type childKey struct {
	parent pathID
	step   step
}

// pathTable interns the paths of one function.
type pathTable struct {
	nodes    []pathNode // nodes[0] unused
	roots    map[root]pathID
	children map[childKey]pathID
	wild     int
}

func newPathTable() *pathTable {
	return &pathTable{nodes: make([]pathNode, 1), roots: make(map[root]pathID), children: make(map[childKey]pathID)}
}

func (t *pathTable) rootPath(r root) pathID {
	if id, ok := t.roots[r]; ok {
		return id
	}
	n := pathNode{root: r}
	if r.kind == rootValue && r.value != nil {
		n.values = []ssa.Value{r.value}
	}
	n.class = rootClass(r)
	t.nodes = append(t.nodes, n)
	id := pathID(len(t.nodes) - 1)
	t.roots[r] = id
	return id
}

func (t *pathTable) child(parent pathID, s step) pathID {
	if parent == 0 {
		return 0
	}
	k := childKey{parent: parent, step: s}
	if id, ok := t.children[k]; ok {
		return id
	}
	p := t.nodes[parent]
	n := pathNode{parent: parent, step: s, root: p.root, values: p.values}
	if s.kind == stepIndex && s.index != nil {
		n.values = append(append([]ssa.Value(nil), p.values...), s.index)
	}
	n.class = childClass(p.class, s)
	t.nodes = append(t.nodes, n)
	id := pathID(len(t.nodes) - 1)
	t.children[k] = id
	return id
}

// freshWild returns a root that equals no other path.
func (t *pathTable) freshWild() pathID {
	t.wild++
	return t.rootPath(root{kind: rootValue, wild: t.wild})
}

func (t *pathTable) node(id pathID) *pathNode { return &t.nodes[id] }

// mentions reports whether path id refers to one of the values in defs.
func (t *pathTable) mentions(id pathID, defs map[ssa.Value]bool) bool {
	for _, v := range t.nodes[id].values {
		if defs[v] {
			return true
		}
	}
	return false
}

func rootClass(r root) Class {
	if r.kind == rootGlobal {
		return Class{Kind: ClassGlobal, Pkg: r.pkg, Name: r.name}
	}
	if r.kind == rootValue {
		if a, ok := r.value.(*ssa.Alloc); ok && a.Comment != "" && a.Parent() != nil {
			if fn := a.Parent(); fn.Pkg != nil {
				return Class{Kind: ClassLocal, Pkg: fn.Pkg.Pkg.Path(), Name: fn.Name() + "." + a.Comment}
			}
		}
	}
	return Class{}
}

// freeVarClass is the class of closure fn's free variable i: that of
// the local variable of the enclosing function it captures (through
// enclosing closures, a few levels up), or none.
func freeVarClass(fn *ssa.Function, i, depth int) Class {
	parent := fn.Parent()
	if parent == nil || depth > 4 {
		return Class{}
	}
	for _, b := range parent.Blocks {
		for _, instr := range b.Instrs {
			mc, ok := instr.(*ssa.MakeClosure)
			if !ok || mc.Fn != fn || i >= len(mc.Bindings) {
				continue
			}
			switch v := mc.Bindings[i].(type) {
			case *ssa.Alloc:
				return rootClass(root{kind: rootValue, value: v})
			case *ssa.FreeVar:
				for j, fv := range parent.FreeVars {
					if fv == v {
						return freeVarClass(parent, j, depth+1)
					}
				}
			}
			return Class{}
		}
	}
	return Class{}
}

// childClass extends a class by one step: a field of a named struct
// starts a new field class; fields below it extend the field path.
func childClass(parent Class, s step) Class {
	switch s.kind {
	case stepField:
		if s.owner != "" {
			pkg, name := splitOwner(s.owner)
			return Class{Kind: ClassField, Pkg: pkg, Name: name, Field: s.name}
		}
		if parent.Kind == ClassNone {
			return parent
		}
		f := s.name
		if parent.Field != "" {
			f = parent.Field + "." + s.name
		}
		return Class{Kind: parent.Kind, Pkg: parent.Pkg, Name: parent.Name, Field: f}
	case stepIndex:
		// All elements of a collection share a class.
		return parent
	default:
		// A load leaves the class of the pointer's target unknown until
		// a field of a named type is selected.
		if parent.Kind == ClassField || parent.Kind == ClassGlobal {
			return Class{}
		}
		return parent
	}
}

func splitOwner(owner string) (pkg, name string) {
	i := strings.LastIndexByte(owner, '.')
	if i < 0 {
		return "", owner
	}
	return owner[:i], owner[i+1:]
}

// ownerOf names the named struct type that declares fields of struct
// type t (a pointer is looked through), or "".
func ownerOf(t types.Type) string { return origins.Owner(t) }

func fieldOf(t types.Type, i int) (name string) {
	if f := structFieldVar(t, i); f != nil {
		return f.Name()
	}
	return "?"
}

// structFieldVar returns field i of struct type t (a pointer is looked
// through), or nil.
func structFieldVar(t types.Type, i int) *types.Var {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	if s, ok := t.Underlying().(*types.Struct); ok && i < s.NumFields() {
		return s.Field(i)
	}
	return nil
}

func constKey(c *ssa.Const) string {
	if c.Value == nil {
		return "nil"
	}
	if c.Value.Kind() == constant.String {
		return c.Value.ExactString()
	}
	return c.Value.String()
}
