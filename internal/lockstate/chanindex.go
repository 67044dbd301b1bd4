package lockstate

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// The package's index of channel and WaitGroup containers and of the
// calls of its functions, built once per package when a blocking
// operation was recorded with a lock held (chanflow.go follows the
// resources through it).

// chanContainer is a field, package variable or local variable cell that
// holds a channel or a *sync.WaitGroup, or a WaitGroup field or package
// variable (the WaitGroup itself: wg).
type chanContainer struct {
	wg      bool              // holds a sync.WaitGroup itself
	loads   []ssa.Value       // what reads it (loads, struct field reads)
	stores  []ssa.Value       // the values stored into it
	addrs   []ssa.Value       // wg: its address (the *sync.WaitGroup values)
	uses    []ssa.Instruction // wg package variable: the instructions using its address
	synCaps []int             // capacities of the make(chan) stored into it in code not built
	escaped bool              // holds values the engine does not see (its address escapes, unknown stores)
	// escSend and escRecv: code the engine does not see may send on
	// (close, call Done on) what it holds, or receive from it (Wait).
	escSend, escRecv bool
	origin           *chanOrigin // wg, or synCaps: the origin it stands for
}

// chanIndex is the package's view of its resources, built on first use.
type chanIndex struct {
	pa      *pkgAnalysis
	conts   map[any]*chanContainer // by *types.Var (field or package variable) or *ssa.Alloc (a cell)
	origins map[any]*chanOrigin    // by *ssa.MakeChan, *ssa.Alloc or *chanContainer
	// sites lists the calls (Call, Go, Defer) of each function of the
	// package; unknown marks those also used otherwise (as values, from
	// code not built, exported, or through interfaces).
	sites    map[*ssa.Function][]ssa.CallInstruction
	unknown  map[*ssa.Function]bool
	backMemo map[ssa.Value][]*chanOrigin
	backBusy map[ssa.Value]bool
	gates    map[*ssa.Function]*gateFlow
	ctxMemo  map[*ssa.Function]*gateSet
	ctxBusy  map[*ssa.Function]bool
	mustMemo map[*ssa.Function][]mustAcq
	gateMemo map[*chanOp]*gateSet
}

// isResourceType reports whether t holds a channel or a pointer to a
// WaitGroup (a value a resource flows as), and whether it is a WaitGroup
// itself.
func isResourceType(t types.Type) (value, wg bool) {
	switch u := types.Unalias(t).Underlying().(type) {
	case *types.Chan:
		return true, false
	case *types.Pointer:
		return isWaitGroup(u.Elem()), false
	}
	return false, isWaitGroup(t)
}

func isWaitGroup(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	obj := n.Obj()
	return obj.Pkg() != nil && obj.Pkg().Path() == "sync" && obj.Name() == "WaitGroup"
}

// fieldVar returns the field a FieldAddr or Field selects.
func fieldVar(x ssa.Value, i int) *types.Var {
	if f := structFieldVar(x.Type(), i); f != nil {
		return f.Origin()
	}
	return nil
}

// chanIndex builds the index over the package's functions.
func (pa *pkgAnalysis) chanIndexOf(funcs []*ssa.Function) *chanIndex {
	if pa.chans != nil {
		return pa.chans
	}
	ix := &chanIndex{
		pa:       pa,
		conts:    make(map[any]*chanContainer),
		origins:  make(map[any]*chanOrigin),
		sites:    make(map[*ssa.Function][]ssa.CallInstruction),
		unknown:  make(map[*ssa.Function]bool),
		backMemo: make(map[ssa.Value][]*chanOrigin),
		backBusy: make(map[ssa.Value]bool),
		gates:    make(map[*ssa.Function]*gateFlow),
		ctxMemo:  make(map[*ssa.Function]*gateSet),
		ctxBusy:  make(map[*ssa.Function]bool),
		mustMemo: make(map[*ssa.Function][]mustAcq),
		gateMemo: make(map[*chanOp]*gateSet),
	}
	pa.chans = ix
	unknownObj := make(map[*types.Func]bool)
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				ix.indexContainers(instr)
				var callee ssa.Value
				if ci, ok := instr.(ssa.CallInstruction); ok && !ci.Common().IsInvoke() {
					callee = ci.Common().Value
					var target *ssa.Function
					switch v := callee.(type) {
					case *ssa.Function:
						target = v
					case *ssa.MakeClosure:
						target, _ = v.Fn.(*ssa.Function)
					}
					if target != nil && target.Synthetic == "" {
						target = originFunc(target)
						ix.sites[target] = append(ix.sites[target], ci)
					}
				}
				mc, _ := instr.(*ssa.MakeClosure)
				for _, op := range instr.Operands(nil) {
					if op == nil || *op == nil || *op == callee || (mc != nil && op == &mc.Fn) {
						continue
					}
					var f *ssa.Function
					switch v := (*op).(type) {
					case *ssa.Function:
						f = v
					case *ssa.MakeClosure:
						f, _ = v.Fn.(*ssa.Function)
					}
					if f == nil {
						continue
					}
					if f.Synthetic != "" {
						// A method value or expression: the method is
						// called from a wrapper.
						if obj, ok := f.Object().(*types.Func); ok {
							unknownObj[obj.Origin()] = true
						}
						continue
					}
					ix.unknown[originFunc(f)] = true
				}
			}
		}
	}
	ifaces := pa.interfaceMethods()
	for _, fn := range funcs {
		if fd, ok := fn.Syntax().(*ast.FuncDecl); ok && pa.unbuiltRefs[fd] {
			ix.unknown[fn] = true
		}
		if fn.Parent() != nil {
			continue
		}
		obj, ok := fn.Object().(*types.Func)
		if !ok || obj.Exported() || unknownObj[obj] || obj.Name() == "init" || obj.Name() == "main" {
			ix.unknown[fn] = true
			continue
		}
		if obj.Signature().Recv() != nil && ifaces[obj.Name()] {
			ix.unknown[fn] = true // may be called through an interface
		}
	}
	ix.scanUnbuilt()
	return ix
}

// indexContainers notes what instr does to a container.
func (ix *chanIndex) indexContainers(instr ssa.Instruction) {
	pkg := ix.pa.pass.Pkg
	switch instr := instr.(type) {
	case *ssa.FieldAddr:
		v := fieldVar(instr.X, instr.Field)
		if v == nil {
			return
		}
		val, wg := isResourceType(v.Type())
		if !val && !wg {
			return
		}
		c := ix.container(v, wg)
		if wg {
			c.addrs = append(c.addrs, instr)
			return
		}
		for _, ref := range *instr.Referrers() {
			if !c.addrUse(instr, ref) {
				c.escaped = true // its address is used otherwise
			}
		}
	case *ssa.Field:
		v := fieldVar(instr.X, instr.Field)
		if v == nil {
			return
		}
		if val, _ := isResourceType(v.Type()); val {
			c := ix.container(v, false)
			c.loads = append(c.loads, instr)
		}
	case *ssa.Alloc:
		if val, _ := isResourceType(deref(instr.Type())); val {
			c := ix.container(instr, false)
			ix.cellUses(c, instr, 0)
		}
	}
	for _, op := range instr.Operands(nil) {
		g, ok := (*op).(*ssa.Global)
		if !ok || g.Pkg == nil || g.Pkg.Pkg != pkg {
			continue
		}
		obj, ok := g.Object().(*types.Var)
		if !ok {
			continue
		}
		val, wg := isResourceType(obj.Type())
		if !val && !wg {
			continue
		}
		c := ix.container(obj, wg)
		if wg {
			c.addrs = append(c.addrs, g)
			c.uses = append(c.uses, instr)
			continue
		}
		if !c.addrUse(g, instr) {
			c.escaped = true
		}
	}
}

// cellUses indexes the loads and stores of a local variable cell a and of
// the free variables of closures bound to it.
func (ix *chanIndex) cellUses(c *chanContainer, cell ssa.Value, depth int) {
	if depth > 4 {
		c.escaped = true
		return
	}
	for _, ref := range *cell.Referrers() {
		if c.addrUse(cell, ref) {
			continue
		}
		switch ref := ref.(type) {
		case *ssa.MakeClosure:
			fn, ok := ref.Fn.(*ssa.Function)
			if ok {
				for i, b := range ref.Bindings {
					if b == cell && i < len(fn.FreeVars) {
						ix.cellUses(c, fn.FreeVars[i], depth+1)
					}
				}
				continue
			}
		}
		c.escaped = true
	}
}

// addrUse notes what ref does with addr, the address of c: a load, a
// store into it, or a debug reference; false for any other use.
func (c *chanContainer) addrUse(addr ssa.Value, ref ssa.Instruction) bool {
	switch ref := ref.(type) {
	case *ssa.UnOp:
		if ref.Op == token.MUL {
			c.loads = append(c.loads, ref)
			return true
		}
	case *ssa.Store:
		if ref.Addr == addr {
			c.stores = append(c.stores, ref.Val)
			return true
		}
	case *ssa.DebugRef:
		return true
	}
	return false
}

func deref(t types.Type) types.Type {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// container returns the container keyed by k (a *types.Var or an
// *ssa.Alloc), making it on first use. A field or package variable of
// another package, or an exported one, escapes.
func (ix *chanIndex) container(k any, wg bool) *chanContainer {
	if c, ok := ix.conts[k]; ok {
		return c
	}
	c := &chanContainer{wg: wg}
	if v, ok := k.(*types.Var); ok && (v.Exported() || v.Pkg() != ix.pa.pass.Pkg) {
		c.escaped = true
	}
	ix.conts[k] = c
	return c
}
