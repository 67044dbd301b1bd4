package lockstate

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// go/ssa gives jumps no position, so a break, continue or goto is found
// in the syntax, from where the jumping block is known to be: after the
// statement holding its last positioned instruction, or, for an if's
// edge, at the start of the body (or else) the edge selects, or after
// the if. From there the first statement to run is looked for, over
// statements that compile to straight-line code and out of the end of
// if bodies and case clauses; go/ssa threads a jump to a block that only
// jumps on, so the edge may also implement the branch statement met
// next after a break's loop. A statement is taken only where the edge's
// target block has no instruction of the code passed over. An If whose
// condition has no position in a condition (a parameter, a local, a
// constant) is matched with the if testing that name after its block's
// last positioned instruction, or the only one. This is best-effort: a
// branch not found leaves the leak at the exit, or at an earlier branch.

type branchIndex struct {
	info    *types.Info
	ifs     []*ast.IfStmt
	fors    []*ast.ForStmt
	clauses []*ast.CaseClause
	// parent is each node's parent; where, each statement of a
	// statement list, its list and index.
	parent map[ast.Node]ast.Node
	where  map[ast.Stmt]listPos
	cache  map[edge][]*ast.BranchStmt
	// target is the statement each break or continue leaves (a loop,
	// switch or select); a goto has none.
	target map[*ast.BranchStmt]ast.Stmt
}

type listPos struct {
	list []ast.Stmt
	i    int
}

func (pa *pkgAnalysis) branchIndexOf(fn *ssa.Function) *branchIndex {
	if bi, ok := memoGet(pa, pa.branches, fn); ok {
		return bi
	}
	bi := &branchIndex{
		info:   pa.pass.TypesInfo,
		parent: make(map[ast.Node]ast.Node),
		where:  make(map[ast.Stmt]listPos),
		cache:  make(map[edge][]*ast.BranchStmt),
		target: make(map[*ast.BranchStmt]ast.Stmt),
	}
	var body *ast.BlockStmt
	switch syn := fn.Syntax().(type) {
	case *ast.FuncDecl:
		body = syn.Body
	case *ast.FuncLit:
		body = syn.Body
	}
	if body != nil {
		var stack []ast.Node // the nodes around n
		labeled := make(map[string]ast.Stmt)
		list := func(l []ast.Stmt) {
			for i, st := range l {
				bi.where[st] = listPos{l, i}
			}
		}
		ast.Inspect(body, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			if len(stack) > 0 {
				bi.parent[n] = stack[len(stack)-1]
			}
			stack = append(stack, n)
			switch n := n.(type) {
			case *ast.FuncLit:
				stack = stack[:len(stack)-1]
				return false
			case *ast.LabeledStmt:
				labeled[n.Label.Name] = n.Stmt
			case *ast.BranchStmt:
				if n.Label != nil {
					if t, ok := labeled[n.Label.Name]; ok && n.Tok != token.GOTO {
						bi.target[n] = t
					}
					break
				}
				for i := len(stack) - 2; i >= 0; i-- {
					switch t := stack[i].(type) {
					case *ast.ForStmt, *ast.RangeStmt:
						bi.target[n] = t.(ast.Stmt)
					case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
						if n.Tok == token.BREAK {
							bi.target[n] = t.(ast.Stmt)
						}
					}
					if bi.target[n] != nil {
						break
					}
				}
			case *ast.BlockStmt:
				list(n.List)
			case *ast.CaseClause:
				list(n.Body)
				bi.clauses = append(bi.clauses, n)
			case *ast.CommClause:
				list(n.Body)
			case *ast.IfStmt:
				bi.ifs = append(bi.ifs, n)
			case *ast.ForStmt:
				if n.Cond != nil {
					bi.fors = append(bi.fors, n)
				}
			}
			return true
		})
	}
	return memoPut(pa, pa.branches, fn, bi)
}

// branchOf returns the break, continue or goto statements that the edge
// from b to succ implements, in the order they run (see above), or nil.
func (pa *pkgAnalysis) branchOf(fn *ssa.Function, b, succ *ssa.BasicBlock) []*ast.BranchStmt {
	if len(b.Instrs) == 0 {
		return nil
	}
	bi := pa.branchIndexOf(fn)
	k := edge{b, succ}
	if brs, ok := bi.cache[k]; ok {
		return brs
	}
	var from ast.Stmt
	var start token.Pos
	switch term := b.Instrs[len(b.Instrs)-1].(type) {
	case *ssa.Jump:
		from, start = bi.afterJump(b)
	case *ssa.If:
		from, start = bi.ifEdge(b, term, b.Succs[0] == succ)
	}
	var brs []*ast.BranchStmt
	if from != nil {
		brs = bi.branchesFrom(from, start, succ)
	}
	bi.cache[k] = brs
	return brs
}

type edge struct{ from, to *ssa.BasicBlock }

// leavesAround reports whether br leaves (or continues) a statement that
// holds pos: a break out of a loop entered with the lock already held
// is ordinary control flow, not what leaves the lock held. A goto, or a
// branch whose statement is unknown, counts as leaving.
func (pa *pkgAnalysis) leavesAround(fn *ssa.Function, br *ast.BranchStmt, pos token.Pos) bool {
	t, ok := pa.branchIndexOf(fn).target[br]
	return !ok || !pos.IsValid() || t.Pos() <= pos && pos < t.End()
}

// anchorOf returns the position of the last positioned instruction of
// b before its terminator, or NoPos.
func anchorOf(b *ssa.BasicBlock) token.Pos {
	anchor := token.NoPos
	for _, instr := range b.Instrs[:len(b.Instrs)-1] {
		if p := instr.Pos(); p.IsValid() && p > anchor {
			anchor = p
		}
	}
	return anchor
}

// afterJump returns the statement that runs after block b, which ends
// in a jump, and the position from which the code up to it is passed
// over: the statement after the one holding b's last positioned
// instruction, or the start of the body an if edge into b selects.
func (bi *branchIndex) afterJump(b *ssa.BasicBlock) (ast.Stmt, token.Pos) {
	if anchor := anchorOf(b); anchor.IsValid() {
		// The innermost statement of a list holding the anchor.
		var best ast.Stmt
		for st := range bi.where {
			if simpleStmt(st) && st.Pos() <= anchor && anchor < st.End() && (best == nil || st.Pos() > best.Pos()) {
				best = st
			}
		}
		if best == nil {
			return nil, token.NoPos
		}
		return bi.after(best), best.End()
	}
	if len(b.Preds) != 1 {
		return nil, token.NoPos
	}
	pred := b.Preds[0]
	ifInstr, ok := pred.Instrs[len(pred.Instrs)-1].(*ssa.If)
	if !ok {
		return nil, token.NoPos
	}
	return bi.ifEdge(pred, ifInstr, pred.Succs[0] == b)
}

// after returns the statement that runs when s completes normally, or
// nil when that is not a statement (a loop goes round, the function
// ends).
func (bi *branchIndex) after(s ast.Stmt) ast.Stmt {
	for range 64 {
		if w, ok := bi.where[s]; ok && w.i+1 < len(w.list) {
			return w.list[w.i+1]
		}
		switch p := bi.parent[s].(type) {
		case *ast.LabeledStmt:
			s = p
		case *ast.CaseClause, *ast.CommClause:
			// The end of a clause: after the switch or select.
			sw, ok := bi.parent[bi.parent[p]].(ast.Stmt)
			if !ok {
				return nil
			}
			s = sw
		case *ast.BlockStmt:
			switch q := bi.parent[p].(type) {
			case *ast.IfStmt:
				// The end of a body or an else: after the whole if.
				for {
					outer, ok := bi.parent[q].(*ast.IfStmt)
					if !ok || outer.Else != ast.Stmt(q) {
						break
					}
					q = outer
				}
				s = q
			case *ast.BlockStmt, *ast.LabeledStmt, *ast.CaseClause, *ast.CommClause:
				s = p // a bare block
			default:
				return nil // a loop's body, a function's
			}
		default:
			return nil
		}
	}
	return nil
}

// branchesFrom returns the branch statements that run first from s on,
// over straight-line statements, and then after each break's statement
// (a jump go/ssa threads), while succ holds no instruction of the code
// passed over, which starts at start.
func (bi *branchIndex) branchesFrom(s ast.Stmt, start token.Pos, succ *ssa.BasicBlock) []*ast.BranchStmt {
	var out []*ast.BranchStmt
	for n := 0; s != nil && n < 64; n++ {
		switch st := s.(type) {
		case *ast.BranchStmt:
			if st.Tok == token.FALLTHROUGH || !bi.passable(succ, start, st.Pos()) {
				return out
			}
			out = append(out, st)
			t, ok := bi.target[st]
			if !ok || st.Tok != token.BREAK {
				return out
			}
			s = bi.after(t)
			continue
		case *ast.EmptyStmt:
		default:
			if !simpleStmt(s) {
				return out
			}
		}
		s = bi.after(s)
	}
	return out
}

// passable reports whether succ holds no positioned instruction of the
// code from start to end: the edge into it goes past that code.
func (bi *branchIndex) passable(succ *ssa.BasicBlock, start, end token.Pos) bool {
	for _, instr := range succ.Instrs {
		if p := instr.Pos(); p.IsValid() && start <= p && p < end {
			return false
		}
	}
	return true
}

// ifEdge returns the statement an edge of an if condition leads to, and
// where the code passed over from it starts: the first statement of the
// body (then) or of the else, the statement after the if without an
// else; for a loop's condition, the first statement of its body, or the
// statement after the loop; for a case's expression, the first statement
// of its clause. nil when the edge goes on evaluating the condition (a
// && b) or the statement is not known.
func (bi *branchIndex) ifEdge(b *ssa.BasicBlock, ifInstr *ssa.If, first bool) (ast.Stmt, token.Pos) {
	cond := ifInstr.Cond.Pos()
	var stmt ast.Stmt // an *ast.IfStmt or *ast.ForStmt
	var expr ast.Expr
	if cond.IsValid() {
		// The innermost if or for whose condition holds the position.
		for _, s := range bi.ifs {
			if s.Cond.Pos() <= cond && cond < s.Cond.End() && (stmt == nil || s.Pos() > stmt.Pos()) {
				stmt, expr = s, s.Cond
			}
		}
		for _, s := range bi.fors {
			if s.Cond.Pos() <= cond && cond < s.Cond.End() && (stmt == nil || s.Pos() > stmt.Pos()) {
				stmt, expr = s, s.Cond
			}
		}
	}
	if stmt == nil && cond.IsValid() && first {
		for _, cc := range bi.clauses {
			for _, e := range cc.List {
				if e.Pos() <= cond && cond < e.End() && len(cc.Body) > 0 {
					return cc.Body[0], cc.Colon
				}
			}
		}
	}
	if stmt == nil {
		// A condition positioned elsewhere or not at all (a
		// parameter, a local, a constant).
		if stmt = bi.ifByName(b, ifInstr.Cond); stmt == nil {
			return nil, token.NoPos
		}
		expr, cond = stmt.(*ast.IfStmt).Cond, token.NoPos
	}
	// Which way the edge goes, through ! && || (go/ssa's cond).
	then, ok := edgeSide(expr, cond, first)
	if !ok {
		return nil, token.NoPos
	}
	switch s := stmt.(type) {
	case *ast.IfStmt:
		if then {
			if len(s.Body.List) == 0 {
				return bi.after(s), s.Body.Lbrace
			}
			return s.Body.List[0], s.Body.Lbrace
		}
		switch els := s.Else.(type) {
		case nil:
			return bi.after(s), s.Body.Rbrace
		case *ast.BlockStmt:
			if len(els.List) == 0 {
				return bi.after(s), els.Lbrace
			}
			return els.List[0], els.Lbrace
		}
		return nil, token.NoPos // else if: more conditions
	case *ast.ForStmt:
		if then {
			if len(s.Body.List) == 0 {
				return nil, token.NoPos
			}
			return s.Body.List[0], s.Body.Lbrace
		}
		return bi.after(s), s.Body.Rbrace
	}
	return nil, token.NoPos
}

// edgeSide reports whether the edge of an If (its first successor, or
// its second) on the condition at pos leaves the whole condition e true
// (then) or false, following go/ssa's cond: !x swaps the two targets,
// and the left operand of && (||) goes on to the right one when true
// (false). ok is false when the edge goes on to another operand. An
// invalid pos is a bare name under !s.
func edgeSide(e ast.Expr, pos token.Pos, first bool) (then, ok bool) {
	t, f := 1, 0 // 1: then, 0: else, 2: the next operand
	for range 64 {
		switch x := e.(type) {
		case *ast.ParenExpr:
			e = x.X
			continue
		case *ast.UnaryExpr:
			if x.Op == token.NOT {
				t, f = f, t
				e = x.X
				continue
			}
		case *ast.BinaryExpr:
			if pos.IsValid() && (x.Op == token.LAND || x.Op == token.LOR) {
				if pos < x.Y.Pos() {
					if x.Op == token.LAND {
						t = 2
					} else {
						f = 2
					}
					e = x.X
				} else {
					e = x.Y
				}
				continue
			}
		}
		break
	}
	side := f
	if first {
		side = t
	}
	return side == 1, side != 2
}

// ifByName finds the if statement whose condition is the name go/ssa
// made an If condition without position of (a parameter, a local
// variable, a constant, under ! or parentheses): the first such if
// after the last positioned instruction of b, or the only one.
func (bi *branchIndex) ifByName(b *ssa.BasicBlock, cond ssa.Value) ast.Stmt {
	matches := func(id *ast.Ident) bool {
		obj := bi.info.Uses[id]
		switch v := cond.(type) {
		case *ssa.Parameter:
			return obj != nil && obj == v.Object()
		case *ssa.Phi:
			lv, ok := obj.(*types.Var)
			return ok && local(lv) && id.Name == v.Comment
		case *ssa.Const:
			switch o := obj.(type) {
			case *types.Const:
				return true
			case *types.Var:
				return local(o)
			}
		}
		return false
	}
	var cands []*ast.IfStmt
	for _, s := range bi.ifs {
		e := s.Cond
		for {
			if p, ok := e.(*ast.ParenExpr); ok {
				e = p.X
			} else if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.NOT {
				e = u.X
			} else {
				break
			}
		}
		if id, ok := e.(*ast.Ident); ok && s.Init == nil && matches(id) {
			cands = append(cands, s)
		}
	}
	if anchor := anchorOf(b); anchor.IsValid() {
		var best *ast.IfStmt
		for _, s := range cands {
			if s.Pos() > anchor && (best == nil || s.Pos() < best.Pos()) {
				best = s
			}
		}
		if best != nil {
			return best
		}
		return nil
	}
	if len(cands) == 1 {
		return cands[0]
	}
	return nil
}

// local reports whether v is a local variable (or parameter).
func local(v *types.Var) bool {
	return !v.IsField() && v.Pkg() != nil && v.Parent() != v.Pkg().Scope()
}

// simpleStmt reports whether a statement compiles to straight-line code,
// so that its last instruction can end the block that jumps next.
func simpleStmt(s ast.Stmt) bool {
	switch s.(type) {
	case *ast.ExprStmt, *ast.AssignStmt, *ast.IncDecStmt, *ast.SendStmt, *ast.DeclStmt, *ast.GoStmt, *ast.DeferStmt:
		return true
	}
	return false
}

// ifAround returns the position of the if statement whose body holds,
// as one of its statements, the call with this opening parenthesis,
// when the if has no init and no else (so "if" can become "for").
func (pa *pkgAnalysis) ifAround(fn *ssa.Function, lparen token.Pos) token.Pos {
	bi := pa.branchIndexOf(fn)
	for _, s := range bi.ifs {
		if s.Init != nil || s.Else != nil {
			continue
		}
		for _, st := range s.Body.List {
			es, ok := st.(*ast.ExprStmt)
			if !ok {
				continue
			}
			if call, ok := ast.Unparen(es.X).(*ast.CallExpr); ok && call.Lparen == lparen {
				return s.Pos()
			}
		}
	}
	return token.NoPos
}
