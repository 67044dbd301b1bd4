package unreleased

import (
	"bytes"
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
)

// deferFix returns the suggested fix "defer the Unlock right after Lock"
// when the edit is mechanical: the acquisition is a Lock statement in the
// function's top-level body, the only release is a plain Unlock statement
// in that same body, and nothing but a return of plain values follows it
// (so moving the release to the function's exit changes nothing else).
func deferFix(pass *analysis.Pass, acq token.Pos, releases []token.Pos) []analysis.SuggestedFix {
	if !acq.IsValid() || len(releases) != 1 {
		return nil
	}
	file := fileOf(pass, acq)
	if file == nil {
		return nil
	}
	lockStmt, body := callStmt(file, acq)
	unlockStmt, body2 := callStmt(file, releases[0])
	if lockStmt == nil || unlockStmt == nil || body == nil || body != body2 || !isFuncBody(file, body) {
		return nil
	}
	li, ui := indexOf(body.List, lockStmt), indexOf(body.List, unlockStmt)
	if li < 0 || ui <= li {
		return nil
	}
	if rest := body.List[ui+1:]; len(rest) > 1 || (len(rest) == 1 && !plainReturn(rest[0])) {
		return nil
	}
	tf := pass.Fset.File(acq)
	src, err := pass.ReadFile(tf.Name())
	if err != nil {
		return nil
	}
	text := func(n ast.Node) []byte { return src[tf.Offset(n.Pos()):tf.Offset(n.End())] }
	lineStart := tf.LineStart(tf.Line(lockStmt.Pos()))
	indent := src[tf.Offset(lineStart):tf.Offset(lockStmt.Pos())]
	if len(bytes.TrimSpace(indent)) != 0 {
		return nil
	}
	// Delete the Unlock's whole line when it stands alone on it.
	delFrom, delTo := unlockStmt.Pos(), unlockStmt.End()
	line := tf.Line(unlockStmt.Pos())
	if ls := tf.LineStart(line); len(bytes.TrimSpace(src[tf.Offset(ls):tf.Offset(unlockStmt.Pos())])) == 0 && line < tf.LineCount() {
		next := tf.LineStart(line + 1)
		if len(bytes.TrimSpace(src[tf.Offset(unlockStmt.End()):tf.Offset(next)])) == 0 {
			delFrom, delTo = ls, next
		}
	}
	newText := append([]byte("\n"), indent...)
	newText = append(newText, "defer "...)
	newText = append(newText, text(unlockStmt)...)
	return []analysis.SuggestedFix{{
		Message: fixDeferUnlockText,
		TextEdits: []analysis.TextEdit{
			{Pos: lockStmt.End(), End: lockStmt.End(), NewText: newText},
			{Pos: delFrom, End: delTo},
		},
	}}
}

func fileOf(pass *analysis.Pass, pos token.Pos) *ast.File {
	for _, f := range pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// callStmt finds the expression statement that is the call starting, or
// with its opening parenthesis, at pos (the engine gives acquisitions by
// where the call starts, releases by their parenthesis), and the block
// it stands in.
func callStmt(file *ast.File, pos token.Pos) (*ast.ExprStmt, *ast.BlockStmt) {
	path, _ := astutil.PathEnclosingInterval(file, pos, pos)
	for i, n := range path {
		call, ok := n.(*ast.CallExpr)
		if !ok || (call.Lparen != pos && call.Pos() != pos) {
			continue
		}
		if i+2 < len(path) {
			stmt, ok1 := path[i+1].(*ast.ExprStmt)
			block, ok2 := path[i+2].(*ast.BlockStmt)
			if ok1 && ok2 {
				return stmt, block
			}
		}
		return nil, nil
	}
	return nil, nil
}

func isFuncBody(file *ast.File, body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			found = found || n.Body == body
		case *ast.FuncLit:
			found = found || n.Body == body
		}
		return !found
	})
	return found
}

func indexOf(list []ast.Stmt, s ast.Stmt) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// plainReturn reports whether s is a return whose results cannot run
// code that would now execute under the lock (no calls, no receives).
func plainReturn(s ast.Stmt) bool {
	ret, ok := s.(*ast.ReturnStmt)
	if !ok {
		return false
	}
	plain := true
	for _, r := range ret.Results {
		ast.Inspect(r, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr, *ast.FuncLit:
				plain = false
			case *ast.UnaryExpr:
				if n.Op == token.ARROW {
					plain = false
				}
			}
			return plain
		})
	}
	return plain
}
