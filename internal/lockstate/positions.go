package lockstate

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// go/ssa gives jumps no position, so a break, continue or goto is found
// in the syntax: the statement that follows, in the same statement list,
// the last positioned instruction of the jumping block; or, for a block
// with no instruction of its own, the first statement of the if body or
// case clause its predecessor's condition selects.

type branchIndex struct {
	lists   [][]ast.Stmt
	ifs     []*ast.IfStmt
	clauses []*ast.CaseClause
	cache   map[edge]*ast.BranchStmt
	// target is the statement each break or continue leaves (a loop,
	// switch or select); a goto has none.
	target map[*ast.BranchStmt]ast.Stmt
}

func (pa *pkgAnalysis) branchIndexOf(fn *ssa.Function) *branchIndex {
	if bi, ok := pa.branches[fn]; ok {
		return bi
	}
	bi := &branchIndex{cache: make(map[edge]*ast.BranchStmt), target: make(map[*ast.BranchStmt]ast.Stmt)}
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
		ast.Inspect(body, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
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
				bi.lists = append(bi.lists, n.List)
			case *ast.CaseClause:
				bi.lists = append(bi.lists, n.Body)
				bi.clauses = append(bi.clauses, n)
			case *ast.CommClause:
				bi.lists = append(bi.lists, n.Body)
			case *ast.IfStmt:
				bi.ifs = append(bi.ifs, n)
			}
			return true
		})
	}
	pa.branches[fn] = bi
	return bi
}

// branchOf returns the break, continue or goto statement that the edge
// from b to succ implements, or nil. go/ssa threads jumps, so the edge may
// leave a block that ends in a jump (a statement list ending in the
// branch) or one that ends in an if (an if whose body is the branch).
func (pa *pkgAnalysis) branchOf(fn *ssa.Function, b, succ *ssa.BasicBlock) *ast.BranchStmt {
	if len(b.Instrs) == 0 {
		return nil
	}
	bi := pa.branchIndexOf(fn)
	k := edge{b, succ}
	if br, ok := bi.cache[k]; ok {
		return br
	}
	var br *ast.BranchStmt
	switch term := b.Instrs[len(b.Instrs)-1].(type) {
	case *ssa.Jump:
		br = bi.afterJump(b)
	case *ssa.If:
		br = bi.ifBranch(term, b.Succs[0] == succ)
	}
	bi.cache[k] = br
	return br
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

func (bi *branchIndex) afterJump(b *ssa.BasicBlock) *ast.BranchStmt {
	anchor := token.NoPos
	for _, instr := range b.Instrs[:len(b.Instrs)-1] {
		if p := instr.Pos(); p.IsValid() && p > anchor {
			anchor = p
		}
	}
	if anchor.IsValid() {
		for _, list := range bi.lists {
			for i, st := range list {
				if i+1 < len(list) && simpleStmt(st) && st.Pos() <= anchor && anchor < st.End() {
					return branchStmt(list[i+1])
				}
			}
		}
		return nil
	}
	if len(b.Preds) != 1 {
		return nil
	}
	pred := b.Preds[0]
	ifInstr, ok := pred.Instrs[len(pred.Instrs)-1].(*ssa.If)
	if !ok {
		return nil
	}
	return bi.ifBranch(ifInstr, pred.Succs[0] == b)
}

// ifBranch finds the branch statement that opens the body an if
// condition selects (then, or else), or the case clause it selects.
func (bi *branchIndex) ifBranch(ifInstr *ssa.If, then bool) *ast.BranchStmt {
	cond := ifInstr.Cond.Pos()
	if !cond.IsValid() {
		return nil
	}
	// The innermost if whose condition holds the position.
	var best *ast.IfStmt
	for _, s := range bi.ifs {
		if s.Cond.Pos() <= cond && cond < s.Cond.End() && (best == nil || s.Pos() > best.Pos()) {
			best = s
		}
	}
	if best != nil {
		if then {
			return firstBranch(best.Body.List)
		}
		if els, ok := best.Else.(*ast.BlockStmt); ok {
			return firstBranch(els.List)
		}
		return nil
	}
	if !then {
		return nil
	}
	for _, cc := range bi.clauses {
		for _, e := range cc.List {
			if e.Pos() <= cond && cond < e.End() {
				return firstBranch(cc.Body)
			}
		}
	}
	return nil
}

func firstBranch(list []ast.Stmt) *ast.BranchStmt {
	if len(list) == 0 {
		return nil
	}
	return branchStmt(list[0])
}

func branchStmt(s ast.Stmt) *ast.BranchStmt {
	if br, ok := s.(*ast.BranchStmt); ok && br.Tok != token.FALLTHROUGH {
		return br
	}
	return nil
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
