package origins

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// index is what one pass over the built functions finds: the calls of
// each function, where closures are made, the returns, and the loads
// and stores of each followed field.
type index struct {
	cfg      Config
	funcs    map[*ssa.Function]bool
	calls    map[*ssa.Function][]ssa.CallInstruction // static calls (call, go, defer)
	closures map[*ssa.Function][]*ssa.MakeClosure
	valueUse map[*ssa.Function]bool // used other than by being called
	returns  map[*ssa.Function][]*ssa.Return
	fields   map[FieldKey]*fieldInfo
	// wholeStores lists the package's struct types (by Owner) of which a
	// whole value is stored somewhere (`*p = x`, `s[i] = x`).
	wholeStores map[string]bool
}

type fieldInfo struct {
	stores  []*ssa.Store // stores to the field (Addr is a FieldAddr)
	reads   []ssa.Value  // loads of it, and reads of it from a struct value
	escapes bool         // its address is used other than to load or store
}

func buildIndex(cfg Config) *index {
	x := &index{
		cfg:      cfg,
		funcs:    make(map[*ssa.Function]bool),
		calls:    make(map[*ssa.Function][]ssa.CallInstruction),
		closures: make(map[*ssa.Function][]*ssa.MakeClosure),
		valueUse: make(map[*ssa.Function]bool),
		returns:  make(map[*ssa.Function][]*ssa.Return),
		fields:   make(map[FieldKey]*fieldInfo),

		wholeStores: make(map[string]bool),
	}
	byObj := make(map[types.Object][]*ssa.Function)
	for _, fn := range cfg.Funcs {
		x.funcs[fn] = true
		if obj := fn.Object(); obj != nil {
			byObj[obj] = append(byObj[obj], fn)
		}
	}
	// A wrapper (a bound method value, a method expression) calls its
	// method where this pass does not look: the method is used as a value.
	escape := func(fn *ssa.Function) {
		x.valueUse[fn] = true
		if fn.Synthetic != "" && fn.Object() != nil {
			for _, m := range byObj[fn.Object()] {
				x.valueUse[m] = true
			}
		}
	}
	field := func(fk FieldKey) *fieldInfo {
		fi := x.fields[fk]
		if fi == nil {
			fi = &fieldInfo{}
			x.fields[fk] = fi
		}
		return fi
	}
	var ops []*ssa.Value
	for _, fn := range cfg.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				var callee ssa.Value
				if c, ok := instr.(ssa.CallInstruction); ok {
					cc := c.Common()
					if !cc.IsInvoke() {
						callee = cc.Value
						switch v := cc.Value.(type) {
						case *ssa.Function:
							x.calls[v] = append(x.calls[v], c)
						case *ssa.MakeClosure:
							if f, ok := v.Fn.(*ssa.Function); ok {
								x.calls[f] = append(x.calls[f], c)
							}
						}
					}
				}
				switch v := instr.(type) {
				case *ssa.MakeClosure:
					f, ok := v.Fn.(*ssa.Function)
					if !ok {
						break
					}
					x.closures[f] = append(x.closures[f], v)
					if f.Synthetic != "" {
						escape(f)
					}
					if refs := v.Referrers(); refs != nil {
						for _, r := range *refs {
							c, ok := r.(ssa.CallInstruction)
							if _, dbg := r.(*ssa.DebugRef); dbg {
								continue
							}
							if !ok || c.Common().Value != v || c.Common().IsInvoke() {
								escape(f)
							}
						}
					}
				case *ssa.Return:
					x.returns[fn] = append(x.returns[fn], v)
				case *ssa.Store:
					if _, ok := v.Val.Type().Underlying().(*types.Struct); ok {
						if o := Owner(v.Val.Type()); o != "" {
							x.wholeStores[o] = true
						}
					}
				case *ssa.FieldAddr:
					fk, ok := fieldKey(cfg.Pkg, v.X.Type(), v.Field)
					if !ok {
						break
					}
					fi := field(fk)
					if refs := v.Referrers(); refs != nil {
						for _, r := range *refs {
							switch r := r.(type) {
							case *ssa.UnOp:
								if r.Op == token.MUL {
									fi.reads = append(fi.reads, r)
								} else {
									fi.escapes = true
								}
							case *ssa.Store:
								if r.Addr == v {
									fi.stores = append(fi.stores, r)
								} else {
									fi.escapes = true
								}
							case *ssa.FieldAddr, *ssa.DebugRef:
								// a field of a struct-valued field
							default:
								fi.escapes = true
							}
						}
					}
				case *ssa.Field:
					if fk, ok := fieldKey(cfg.Pkg, v.X.Type(), v.Field); ok {
						fi := field(fk)
						fi.reads = append(fi.reads, v)
					}
				}
				ops = instr.Operands(ops[:0])
				mc, _ := instr.(*ssa.MakeClosure)
				for _, op := range ops {
					if op == nil || *op == nil {
						continue
					}
					f, ok := (*op).(*ssa.Function)
					if !ok || *op == callee || (mc != nil && op == &mc.Fn) {
						continue
					}
					escape(f)
				}
			}
		}
	}
	return x
}

func fieldKey(pkg string, t types.Type, i int) (FieldKey, bool) {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != pkg {
		return FieldKey{}, false
	}
	s, ok := n.Underlying().(*types.Struct)
	if !ok || i >= s.NumFields() || s.Field(i).Exported() {
		return FieldKey{}, false
	}
	return FieldKey{Owner: Owner(n), Index: i}, true
}

// staticCallee returns the built function a call names, if any.
func (x *index) staticCallee(c *ssa.CallCommon) *ssa.Function {
	if c.IsInvoke() {
		return nil
	}
	var fn *ssa.Function
	switch v := c.Value.(type) {
	case *ssa.Function:
		fn = v
	case *ssa.MakeClosure:
		fn, _ = v.Fn.(*ssa.Function)
	}
	if fn == nil || !x.funcs[fn] || len(fn.Blocks) == 0 {
		return nil
	}
	return fn
}

// callsKnown reports whether every call of fn is in the index.
func (x *index) callsKnown(fn *ssa.Function) bool {
	if !x.funcs[fn] || fn.Synthetic != "" || x.valueUse[fn] || fn.Origin() != nil || fn.TypeParams().Len() > 0 {
		return false
	}
	if x.cfg.Hidden != nil && x.cfg.Hidden(fn) {
		return false
	}
	if fn.Parent() != nil {
		return true // a closure only called in place
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj.Exported() || obj.Name() == "init" || obj.Name() == "main" {
		return false
	}
	if obj.Signature().Recv() != nil && x.cfg.IfaceMethod != nil && x.cfg.IfaceMethod(obj.Name()) {
		return false // may be called through an interface
	}
	return true
}
