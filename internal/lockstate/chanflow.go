package lockstate

import (
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Channel and WaitGroup resources, and every operation on them.
//
// A resource is named by where it is made (an origin): a make(chan), a
// WaitGroup variable or allocation, a WaitGroup field of one of the
// package's struct types, a WaitGroup package variable. Channels, and
// pointers to WaitGroups, are values: the engine follows each origin's
// values forward through the package's code, into
//
//   - containers: the fields of the package's struct types, the package
//     variables and the local variables (captured by closures) that hold
//     a channel or a *sync.WaitGroup; a value stored into one reaches
//     every load of it, in any function;
//   - closures (a captured value is the closure's free variable), phis,
//     conversions, and the parameters of the package's functions it is
//     passed to (a go statement's too).
//
// Every operation met on the way is an operation on the resource. Where a
// value may leave what the engine sees (an exported field, a container
// whose address is taken, an interface, a call of another package or of
// a function whose body was not built, a result, a send over a channel),
// the resource escapes: in the directions its static type allows there
// (a <-chan T result lets others receive, not send or close), so that a
// Done() <-chan struct{} accessor does not hide who closes the channel.
// Code the engine did not build (build.go) is scanned as syntax: a
// mention of a container there escapes it, except a fresh make(chan)
// stored into it, whose capacity is noted.
//
// Backwards, the resource of an operation is the origins its value can
// come from: through containers (their stores), free variables (the
// enclosing function's binding), parameters (the arguments at every call,
// when the function's calls are all known), phis and conversions. A value
// of any other source (a parameter of an exported function, a result, a
// field of another package's type) has an unknown origin, and its
// operation is never reported.

// chanOrigin is a resource: where a channel or WaitGroup is made.
type chanOrigin struct {
	make  *ssa.MakeChan  // a make(chan)
	alloc *ssa.Alloc     // a WaitGroup variable or allocation
	cont  *chanContainer // a WaitGroup field or package variable, or a container with allocations seen only as syntax
	caps  []int          // channels: the capacities of its allocations (-1: not constant)
	flown bool           // the forward flow has run
	vals  map[ssa.Value]bool
	ops   []*chanOp
	// escSend: code the engine does not see may send on it or close it
	// (a WaitGroup: call Done). escRecv: may receive from it (Wait).
	escSend, escRecv bool
}

// unbuffered reports whether every allocation of a channel origin is
// unbuffered.
func (o *chanOrigin) unbuffered() bool {
	if len(o.caps) == 0 {
		return false
	}
	for _, c := range o.caps {
		if c != 0 {
			return false
		}
	}
	return true
}

// originOf returns the origin for a make(chan), a WaitGroup allocation or
// a container standing for one.
func (ix *chanIndex) originOf(k any) *chanOrigin {
	if o, ok := ix.origins[k]; ok {
		return o
	}
	o := &chanOrigin{}
	switch k := k.(type) {
	case *ssa.MakeChan:
		o.make = k
		c := -1
		if s, ok := k.Size.(*ssa.Const); ok && s.Value != nil {
			if n, exact := constant.Int64Val(s.Value); exact {
				c = int(n)
			}
		}
		o.caps = []int{c}
	case *ssa.Alloc:
		o.alloc = k
	case *chanContainer:
		o.cont = k
		o.caps = k.synCaps
		o.escSend, o.escRecv = k.escaped || k.escSend, k.escaped || k.escRecv
	}
	ix.origins[k] = o
	return o
}

// originsOf returns the origins value v can come from, and false when one
// is unknown.
func (ix *chanIndex) originsOf(v ssa.Value) ([]*chanOrigin, bool) {
	if os, ok := ix.backMemo[v]; ok {
		return os, os != nil
	}
	if ix.backBusy[v] {
		return []*chanOrigin{}, true // a cycle (a loop's phi): what the other edges give
	}
	ix.backBusy[v] = true
	os, ok := ix.resolveOrigins(v)
	delete(ix.backBusy, v)
	if !ok {
		os = nil
	} else if os == nil {
		os = []*chanOrigin{}
	}
	ix.backMemo[v] = os
	return os, ok
}

func (ix *chanIndex) resolveOrigins(v ssa.Value) ([]*chanOrigin, bool) {
	var out []*chanOrigin
	add := func(os []*chanOrigin, ok bool) bool {
		for _, o := range os {
			if !containsOrigin(out, o) {
				out = append(out, o)
			}
		}
		return ok
	}
	fromContainer := func(c *chanContainer) ([]*chanOrigin, bool) {
		if c == nil || c.escaped {
			return nil, false
		}
		if c.wg {
			return []*chanOrigin{ix.originOf(c)}, true
		}
		if len(c.synCaps) > 0 && !add([]*chanOrigin{ix.originOf(c)}, true) {
			return nil, false
		}
		for _, s := range c.stores {
			if !add(ix.originsOf(s)) {
				return nil, false
			}
		}
		return out, true
	}
	switch v := v.(type) {
	case *ssa.MakeChan:
		return []*chanOrigin{ix.originOf(v)}, true
	case *ssa.Const:
		return nil, v.IsNil() // a nil channel: no origin
	case *ssa.Alloc:
		if isWaitGroup(deref(v.Type())) {
			return []*chanOrigin{ix.originOf(v)}, true
		}
	case *ssa.FieldAddr:
		if fv := fieldVar(v.X, v.Field); fv != nil && isWaitGroup(fv.Type()) {
			return fromContainer(ix.conts[fv])
		}
	case *ssa.Global:
		if obj, ok := v.Object().(*types.Var); ok && isWaitGroup(obj.Type()) {
			return fromContainer(ix.conts[obj])
		}
	case *ssa.UnOp:
		if v.Op != token.MUL {
			break
		}
		switch a := v.X.(type) {
		case *ssa.FieldAddr:
			return fromContainer(ix.conts[fieldVar(a.X, a.Field)])
		case *ssa.Global:
			if obj, ok := a.Object().(*types.Var); ok {
				return fromContainer(ix.conts[obj])
			}
		case *ssa.Alloc:
			return fromContainer(ix.conts[a])
		case *ssa.FreeVar:
			if cell := boundCell(a); cell != nil {
				return fromContainer(ix.conts[cell])
			}
		}
	case *ssa.Field:
		return fromContainer(ix.conts[fieldVar(v.X, v.Field)])
	case *ssa.FreeVar:
		fn := v.Parent()
		mc := makeClosureOf(fn)
		i := indexOf(fn.FreeVars, v)
		if mc == nil || i < 0 || i >= len(mc.Bindings) {
			return nil, false
		}
		return ix.originsOf(mc.Bindings[i])
	case *ssa.Parameter:
		fn := v.Parent()
		if o := fn.Origin(); o != nil {
			fn = o
		}
		if ix.unknown[fn] {
			return nil, false
		}
		i := indexOf(v.Parent().Params, v)
		for _, site := range ix.sites[fn] {
			args := site.Common().Args
			if i < 0 || i >= len(args) || !add(ix.originsOf(args[i])) {
				return nil, false
			}
		}
		return out, true
	case *ssa.Phi:
		for _, e := range v.Edges {
			if !add(ix.originsOf(e)) {
				return nil, false
			}
		}
		return out, true
	case *ssa.ChangeType:
		return ix.originsOf(v.X)
	}
	return nil, false
}

// boundCell returns the variable cell of the enclosing function that a
// closure's free variable is bound to, or nil.
func boundCell(fv *ssa.FreeVar) *ssa.Alloc {
	for depth := 0; depth < 8; depth++ {
		fn := fv.Parent()
		mc := makeClosureOf(fn)
		i := indexOf(fn.FreeVars, fv)
		if mc == nil || i < 0 || i >= len(mc.Bindings) {
			return nil
		}
		switch b := mc.Bindings[i].(type) {
		case *ssa.Alloc:
			return b
		case *ssa.FreeVar:
			fv = b
		default:
			return nil
		}
	}
	return nil
}

func indexOf[T comparable](list []T, x T) int {
	for i, y := range list {
		if y == x {
			return i
		}
	}
	return -1
}

func containsOrigin(list []*chanOrigin, o *chanOrigin) bool { return indexOf(list, o) >= 0 }

// maxFlowValues bounds the values one origin's flow visits; past it the
// resource is taken to escape.
const maxFlowValues = 4096

// flow follows an origin's values forward (see the comment at the top of
// the file), collecting its operations and where it escapes.
func (ix *chanIndex) flow(o *chanOrigin) {
	if o.flown {
		return
	}
	o.flown = true
	o.vals = make(map[ssa.Value]bool)
	var work []ssa.Value
	push := func(v ssa.Value) {
		if !o.vals[v] {
			o.vals[v] = true
			work = append(work, v)
		}
	}
	escape := func(v ssa.Value) {
		if ch, ok := v.Type().Underlying().(*types.Chan); ok {
			switch ch.Dir() {
			case types.SendOnly:
				o.escSend = true
				return
			case types.RecvOnly:
				o.escRecv = true
				return
			}
		}
		o.escSend, o.escRecv = true, true
	}
	into := func(c *chanContainer, v ssa.Value) {
		if c == nil || c.escaped || c.wg {
			escape(v)
			return
		}
		o.escSend = o.escSend || c.escSend
		o.escRecv = o.escRecv || c.escRecv
		for _, l := range c.loads {
			push(l)
		}
	}
	var globalUses []ssa.Instruction
	switch {
	case o.make != nil:
		push(o.make)
	case o.alloc != nil:
		push(o.alloc)
	case o.cont != nil && o.cont.wg:
		for _, a := range o.cont.addrs {
			if _, ok := a.(*ssa.Global); !ok {
				push(a)
			}
		}
		globalUses = o.cont.uses
	case o.cont != nil:
		for _, l := range o.cont.loads {
			push(l)
		}
	}
	// A WaitGroup package variable has no referrers in go/ssa: its uses
	// were indexed.
	for _, u := range globalUses {
		for _, a := range o.cont.addrs {
			if g, ok := a.(*ssa.Global); ok {
				ix.flowUse(o, g, u, push, escape, into)
			}
		}
	}
	for len(work) > 0 {
		if len(o.vals) > maxFlowValues {
			o.escSend, o.escRecv = true, true
			Debugf("%s: a channel or WaitGroup reaches more than %d values (budget): taken to escape", ix.pa.pkgPath, maxFlowValues)
			return
		}
		v := work[len(work)-1]
		work = work[:len(work)-1]
		refs := v.Referrers()
		if refs == nil {
			continue
		}
		for _, u := range *refs {
			ix.flowUse(o, v, u, push, escape, into)
		}
	}
}

// flowUse applies one use u of value v of origin o.
func (ix *chanIndex) flowUse(o *chanOrigin, v ssa.Value, u ssa.Instruction, push, escape func(ssa.Value), into func(*chanContainer, ssa.Value)) {
	pa := ix.pa
	op := func(kind ChanOpKind, index int, pos token.Pos) {
		x := pa.chanOp(kind, u, index, v, pos)
		if indexOf(o.ops, x) < 0 {
			o.ops = append(o.ops, x)
		}
	}
	switch u := u.(type) {
	case *ssa.DebugRef, *ssa.BinOp:
		return
	case *ssa.Send:
		if u.Chan == v {
			op(ChanSend, -1, u.Pos())
		}
		if u.X == v {
			escape(v)
		}
		return
	case *ssa.UnOp:
		switch {
		case u.Op == token.ARROW:
			op(ChanRecv, -1, u.Pos())
			return
		case u.Op == token.MUL && isWaitGroup(deref(v.Type())):
			return // a copy of the WaitGroup (vet reports it)
		}
	case *ssa.Select:
		for i, st := range u.States {
			if st.Chan == v {
				k := ChanRecv
				if st.Dir == types.SendOnly {
					k = ChanSend
				}
				op(k, i, st.Pos)
			}
			if st.Send == v {
				escape(v)
			}
		}
		return
	case *ssa.Phi, *ssa.ChangeType:
		push(u.(ssa.Value))
		return
	case *ssa.Store:
		if u.Addr == v {
			return // *wg = sync.WaitGroup{}
		}
		switch a := u.Addr.(type) {
		case *ssa.FieldAddr:
			into(ix.conts[fieldVar(a.X, a.Field)], v)
		case *ssa.Global:
			if obj, ok := a.Object().(*types.Var); ok {
				into(ix.conts[obj], v)
			} else {
				escape(v)
			}
		case *ssa.Alloc:
			into(ix.conts[a], v)
		case *ssa.FreeVar:
			if cell := boundCell(a); cell != nil {
				into(ix.conts[cell], v)
			} else {
				escape(v)
			}
		default:
			escape(v)
		}
		return
	case *ssa.MakeClosure:
		fn, ok := u.Fn.(*ssa.Function)
		if !ok || len(fn.Blocks) == 0 || isBoundWrapper(fn) {
			escape(v)
			return
		}
		for i, b := range u.Bindings {
			if b == v && i < len(fn.FreeVars) {
				push(fn.FreeVars[i])
			}
		}
		return
	case ssa.CallInstruction:
		c := u.Common()
		if b, ok := c.Value.(*ssa.Builtin); ok {
			switch b.Name() {
			case "close":
				op(ChanClose, -1, c.Pos())
			case "len", "cap":
			default:
				escape(v)
			}
			return
		}
		if k, wg := waitGroupOp(c); wg == v && k != 0 {
			op(k, -1, c.Pos())
			return
		} else if wg == v {
			return // Add with a delta taken to be positive
		}
		if c.IsInvoke() || c.Value == v {
			escape(v)
			return
		}
		var callee *ssa.Function
		switch f := c.Value.(type) {
		case *ssa.Function:
			callee = f
		case *ssa.MakeClosure:
			callee, _ = f.Fn.(*ssa.Function)
		}
		if callee == nil || len(callee.Blocks) == 0 || callee.Synthetic != "" || callee.Pkg == nil || callee.Pkg.Pkg != pa.pass.Pkg {
			escape(v)
			return
		}
		for i, a := range c.Args {
			if a == v && i < len(callee.Params) {
				push(callee.Params[i])
			}
		}
		return
	}
	escape(v)
}
