package origins

import (
	"go/constant"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// Discriminators.
//
// A field such as client.kind, set when the object is made and never
// changed, tells objects of one type apart: a call made under `case
// LEAF:` (a branch that tests c.kind == LEAF dominates it) can receive
// only the clients made with kind LEAF. A field is a discriminator when
// it is an unexported field of a package type, every store to it in the
// built code is to a freshly allocated object (where it is made), its
// address is taken nowhere else, no value of the whole struct is stored
// over another (`*p = x` would change p's kind), and no unbuilt code
// changes it.

type guard struct {
	field FieldKey
	eq    bool // == (else !=)
	value constStr
}

// guards returns the tests on arg.f == const that decide the branches
// dominating call c.
func (a *Analysis) guards(c ssa.CallInstruction, arg ssa.Value) []guard {
	b := c.Block()
	var out []guard
	for d := b.Idom(); d != nil; d = d.Idom() {
		ifi, ok := lastInstr(d).(*ssa.If)
		if !ok || len(d.Succs) != 2 {
			continue
		}
		cond, ok := ifi.Cond.(*ssa.BinOp)
		if !ok || (cond.Op != token.EQL && cond.Op != token.NEQ) {
			continue
		}
		x, y := cond.X, cond.Y
		k, ok := y.(*ssa.Const)
		if !ok {
			x, y = y, x
			if k, ok = y.(*ssa.Const); !ok {
				continue
			}
		}
		if k.Value == nil {
			continue
		}
		ld, ok := x.(*ssa.UnOp)
		if !ok || ld.Op != token.MUL {
			continue
		}
		fa, ok := ld.X.(*ssa.FieldAddr)
		if !ok || fa.X != arg {
			continue
		}
		fk, ok := a.fieldOf(fa.X.Type(), fa.Field)
		if !ok || !a.isDiscriminator(fk) {
			continue
		}
		var taken bool
		switch {
		case onlyThrough(d, d.Succs[0], b):
			taken = true
		case onlyThrough(d, d.Succs[1], b):
			taken = false
		default:
			continue
		}
		out = append(out, guard{field: fk, eq: (cond.Op == token.EQL) == taken, value: constKey(k)})
	}
	return out
}

// onlyThrough reports whether block b is reached from d only through
// its successor s.
func onlyThrough(d, s, b *ssa.BasicBlock) bool {
	if len(s.Preds) != 1 || s.Preds[0] != d {
		return false
	}
	return s.Dominates(b)
}

func lastInstr(b *ssa.BasicBlock) ssa.Instruction {
	if len(b.Instrs) == 0 {
		return nil
	}
	return b.Instrs[len(b.Instrs)-1]
}

func (a *Analysis) isDiscriminator(fk FieldKey) bool {
	if d, ok := a.discr[fk]; ok {
		return d > 0
	}
	ok := true
	fi := a.idx.fields[fk]
	if a.cfg.Reassigned(fk) || (fi != nil && fi.escapes) || a.idx.wholeStores[fk.Owner] {
		ok = false
	}
	if fi != nil {
		for _, s := range fi.stores {
			fa := s.Addr.(*ssa.FieldAddr)
			if _, fresh := fa.X.(*ssa.Alloc); !fresh {
				ok = false
				break
			}
		}
	}
	a.discr[fk] = -1
	if ok {
		a.discr[fk] = 1
	}
	return ok
}

type kindKey struct {
	alloc ssa.Value
	field FieldKey
}

// kindSet is the values a discriminator holds in the objects of one
// allocation site; unknown when it cannot say.
type kindSet struct {
	unknown bool
	values  []constStr
}

// kindsOf returns the values field fk is given where alloc makes its
// object: the constants stored, or the constant arguments of the
// parameter stored (createInternalClient(kind) called with SYSTEM and
// JETSTREAM), or its zero value when nothing is stored.
func (a *Analysis) kindsOf(alloc *ssa.Alloc, fk FieldKey) kindSet {
	kk := kindKey{alloc, fk}
	if ks, ok := a.kinds[kk]; ok {
		return ks
	}
	var ks kindSet
	stored := false
	add := func(v ssa.Value) {
		switch v := v.(type) {
		case *ssa.Const:
			ks.values = append(ks.values, constKey(v))
		case *ssa.Parameter:
			fn := v.Parent()
			i := slices.Index(fn.Params, v)
			if i < 0 || !a.idx.callsKnown(fn) {
				ks.unknown = true
				return
			}
			for _, c := range a.idx.calls[fn] {
				args := c.Common().Args
				if i >= len(args) {
					ks.unknown = true
					return
				}
				k, ok := args[i].(*ssa.Const)
				if !ok {
					ks.unknown = true
					return
				}
				ks.values = append(ks.values, constKey(k))
			}
		default:
			ks.unknown = true
		}
	}
	if refs := alloc.Referrers(); refs != nil {
		for _, r := range *refs {
			fa, ok := r.(*ssa.FieldAddr)
			if !ok || fa.Field != fk.Index {
				continue
			}
			if frefs := fa.Referrers(); frefs != nil {
				for _, fr := range *frefs {
					if s, ok := fr.(*ssa.Store); ok && s.Addr == fa {
						stored = true
						add(s.Val)
					}
				}
			}
		}
	} else {
		ks.unknown = true
	}
	if !stored && !ks.unknown {
		ks.values = append(ks.values, zeroKey(alloc, fk))
	}
	a.kinds[kk] = ks
	return ks
}

// zeroKey is the constant key of the zero value of field fk of the
// object alloc makes.
func zeroKey(alloc *ssa.Alloc, fk FieldKey) constStr {
	t := alloc.Type().Underlying().(*types.Pointer).Elem()
	s, ok := t.Underlying().(*types.Struct)
	if !ok || fk.Index >= s.NumFields() {
		return ""
	}
	switch ft := s.Field(fk.Index).Type().Underlying().(type) {
	case *types.Basic:
		switch {
		case ft.Info()&types.IsNumeric != 0:
			return constStr(constant.MakeInt64(0).ExactString())
		case ft.Info()&types.IsString != 0:
			return constStr(constant.MakeString("").ExactString())
		case ft.Info()&types.IsBoolean != 0:
			return constStr(constant.MakeBool(false).ExactString())
		}
	}
	return ""
}

// filter keeps the objects of s that can pass the guards: the known
// ones whose discriminators can hold the tested values, and the others
// constrained to hold them.
func (a *Analysis) filter(s set, gs []guard) set {
	var out set
	for _, id := range s.atoms {
		if a.passes(id, gs) {
			out.atoms = append(out.atoms, id)
		}
	}
	if !s.top {
		return out
	}
	cons := cloneCons(s.cons)
	for _, g := range gs {
		vs, ok := cons[g.field]
		switch {
		case g.eq && ok && !slices.Contains(vs, g.value):
			return out // none of the others can pass
		case g.eq:
			if cons == nil {
				cons = make(map[FieldKey][]constStr)
			}
			cons[g.field] = []constStr{g.value}
		case ok:
			vs = slices.DeleteFunc(vs, func(v constStr) bool { return v == g.value })
			if len(vs) == 0 {
				return out
			}
			cons[g.field] = vs
		}
	}
	out.top, out.cons = true, cons
	return out
}

// passes reports whether the object of atom id can pass the guards.
func (a *Analysis) passes(id int32, gs []guard) bool {
	al, ok := a.atomValue(id).(*ssa.Alloc)
	if !ok {
		return true
	}
	owner := Owner(al.Type())
	for _, g := range gs {
		if g.field.Owner != owner {
			continue
		}
		ks := a.kindsOf(al, g.field)
		if ks.unknown {
			continue
		}
		has := slices.Contains(ks.values, g.value)
		if g.eq && !has {
			return false
		}
		if !g.eq && !slices.ContainsFunc(ks.values, func(v constStr) bool { return v != g.value }) {
			return false
		}
	}
	return true
}

// satisfies reports whether the object of atom id can meet the
// constraints.
func (a *Analysis) satisfies(id int32, cons map[FieldKey][]constStr) bool {
	al, ok := a.atomValue(id).(*ssa.Alloc)
	if !ok || len(cons) == 0 {
		return true
	}
	owner := Owner(al.Type())
	for f, vs := range cons {
		if f.Owner != owner {
			continue
		}
		ks := a.kindsOf(al, f)
		if !ks.unknown && !slices.ContainsFunc(ks.values, func(v constStr) bool { return slices.Contains(vs, v) }) {
			return false
		}
	}
	return true
}
