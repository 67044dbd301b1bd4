package lockstate

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
)

// Code whose SSA was not built (build.go: function bodies that touch no
// lock and make no blocking operation a lock may be held across, and
// package variable initialisers) is read as syntax for the channel and
// WaitGroup containers it mentions (chanflow.go). By where the mention
// is:
//
//   - a fresh make(chan) stored into a container is an allocation of it,
//     with its capacity;
//   - an operation on it (a send, close, Done; a receive, a range, Wait)
//     is one the engine does not see: the container escapes in that
//     direction;
//   - returned as a directional channel (a Done() <-chan struct{}
//     accessor), it escapes in that direction only; len, cap and
//     comparisons are harmless;
//   - a value stored into it, or its address taken, leaves the engine
//     unable to say what it holds; any other use escapes it both ways.

// scanUnbuilt reads the unbuilt code for the containers it mentions.
func (ix *chanIndex) scanUnbuilt() {
	info := ix.pa.pass.TypesInfo
	var nodes []ast.Node
	for _, fd := range ix.pa.unbuilt {
		nodes = append(nodes, fd)
	}
	for _, f := range ix.pa.pass.Files {
		for _, d := range f.Decls {
			if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.VAR {
				nodes = append(nodes, gd)
			}
		}
	}
	for _, n := range nodes {
		var stack []ast.Node
		ast.Inspect(n, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			stack = append(stack, n)
			id, ok := n.(*ast.Ident)
			if !ok {
				return true
			}
			obj, _ := info.Uses[id].(*types.Var)
			if obj == nil {
				obj, _ = info.Defs[id].(*types.Var)
			}
			if obj == nil || obj.Pkg() == nil || (!obj.IsField() && obj.Parent() != obj.Pkg().Scope()) {
				return true
			}
			obj = obj.Origin()
			val, wg := isResourceType(obj.Type())
			if !val && !wg {
				return true
			}
			ix.mention(ix.container(obj, wg), info, stack, val)
			return true
		})
	}
}

// mention applies one mention of container c, an identifier on top of
// stack (its ancestors below).
func (ix *chanIndex) mention(c *chanContainer, info *types.Info, stack []ast.Node, val bool) {
	id := stack[len(stack)-1].(*ast.Ident)
	var e ast.Expr = id
	i := len(stack) - 2
	if i >= 0 {
		if sel, ok := stack[i].(*ast.SelectorExpr); ok && sel.Sel == id {
			e, i = sel, i-1
		}
	}
	for i >= 0 {
		if p, ok := stack[i].(*ast.ParenExpr); ok {
			e, i = p, i-1
			continue
		}
		break
	}
	both := func() { c.escSend, c.escRecv = true, true }
	if i < 0 {
		both()
		return
	}
	switch p := stack[i].(type) {
	case *ast.ValueSpec:
		for k, name := range p.Names {
			if name == id {
				if k < len(p.Values) {
					ix.stored(c, info, p.Values[k])
				}
				return // a declaration
			}
		}
		both()
	case *ast.KeyValueExpr:
		if p.Key == e {
			ix.stored(c, info, p.Value)
			return
		}
		both()
	case *ast.AssignStmt:
		for k, l := range p.Lhs {
			if l == e {
				if len(p.Lhs) == len(p.Rhs) {
					ix.stored(c, info, p.Rhs[k])
				} else {
					c.escaped = true
				}
				return
			}
		}
		both()
	case *ast.SendStmt:
		if p.Chan == e {
			c.escSend = true
			return
		}
		both()
	case *ast.UnaryExpr:
		switch {
		case p.Op == token.ARROW:
			c.escRecv = true
		case p.Op == token.AND:
			c.escaped = true
			both()
		default:
			both()
		}
	case *ast.RangeStmt:
		if p.X == e {
			c.escRecv = true
			return
		}
		both()
	case *ast.BinaryExpr:
		// a comparison (with nil)
	case *ast.CallExpr:
		if b, ok := info.Uses[identOf(p.Fun)].(*types.Builtin); ok {
			switch b.Name() {
			case "close":
				c.escSend = true
			case "len", "cap":
			default:
				both()
			}
			return
		}
		both()
	case *ast.SelectorExpr:
		// A method of a WaitGroup: x.wg.Wait().
		if sel, ok := info.Selections[p]; ok && p.X == e && !val {
			switch sel.Obj().Name() {
			case "Wait":
				c.escRecv = true
			case "Add", "Done", "Go":
				c.escSend = true
			default:
				both()
			}
			return
		}
		both()
	case *ast.ReturnStmt:
		if dir, ok := returnDir(info, stack[:i+1], p, e); ok {
			switch dir {
			case types.RecvOnly:
				c.escRecv = true
			case types.SendOnly:
				c.escSend = true
			default:
				both()
			}
			return
		}
		both()
	default:
		both()
	}
}

// stored applies a value stored into container c: a fresh make(chan) is
// an allocation of it; nil stores nothing; anything else is unknown.
func (ix *chanIndex) stored(c *chanContainer, info *types.Info, v ast.Expr) {
	if cp, ok := makeChanCap(info, v); ok {
		c.synCaps = append(c.synCaps, cp)
		return
	}
	if tv, ok := info.Types[v]; ok && tv.IsNil() {
		return
	}
	c.escaped = true
}

func identOf(e ast.Expr) *ast.Ident {
	id, _ := ast.Unparen(e).(*ast.Ident)
	return id
}

// returnDir returns the direction of the result that return statement
// ret (on top of stack) gives e as, when it is a channel.
func returnDir(info *types.Info, stack []ast.Node, ret *ast.ReturnStmt, e ast.Expr) (types.ChanDir, bool) {
	k := -1
	for j, r := range ret.Results {
		if r == e {
			k = j
		}
	}
	if k < 0 {
		return 0, false
	}
	for j := len(stack) - 1; j >= 0; j-- {
		var sig *types.Signature
		switch f := stack[j].(type) {
		case *ast.FuncLit:
			sig, _ = info.TypeOf(f).(*types.Signature)
		case *ast.FuncDecl:
			if obj, ok := info.Defs[f.Name].(*types.Func); ok {
				sig = obj.Signature()
			}
		default:
			continue
		}
		if sig == nil || k >= sig.Results().Len() {
			return 0, false
		}
		ch, ok := sig.Results().At(k).Type().Underlying().(*types.Chan)
		if !ok {
			return 0, false
		}
		return ch.Dir(), true
	}
	return 0, false
}

// makeChanCap returns the capacity of a make(chan T[, n]) expression
// (-1 when not constant).
func makeChanCap(info *types.Info, e ast.Expr) (int, bool) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return 0, false
	}
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return 0, false
	}
	if b, ok := info.Uses[id].(*types.Builtin); !ok || b.Name() != "make" || len(call.Args) == 0 {
		return 0, false
	}
	if tv, ok := info.Types[call.Args[0]]; !ok || tv.Type == nil {
		return 0, false
	} else if _, ok := tv.Type.Underlying().(*types.Chan); !ok {
		return 0, false
	}
	if len(call.Args) == 1 {
		return 0, true
	}
	if tv, ok := info.Types[call.Args[1]]; ok && tv.Value != nil {
		if n, exact := constant.Int64Val(tv.Value); exact {
			return int(n), true
		}
	}
	return -1, true
}
