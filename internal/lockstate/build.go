package lockstate

import (
	"cmp"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/ssa"
)

// Building the SSA the engine needs, and only that.
//
// Most functions touch no lock: they take none, call nothing that does,
// make no Cond, and (outside the standard library) never panic. Their
// summary is empty and they produce no report, so the engine does not
// build their SSA: a function declaration is relevant when its body
// (closures included) mentions a lock primitive (a method of the
// primitive table, a Locker interface's Lock or Unlock, sync.NewCond, a
// Cond's L), a function with a summary fact, a relevant function of this
// package (as a call or as a value), or, outside the standard library,
// the panic builtin or a function that never returns (t.Fatal: what a
// helper ensures when it returns, see panics.go), or calls what may run
// one of those (resolve.go: through a func-valued field or variable, a
// method of the package with the name of the interface method called, a
// String or Error method fmt calls). The others are given to go/ssa
// without a body. Function literals assigned to package variables are
// always built (with the package initializer). A
// package with no relevant function builds no SSA at all: that is most
// of the dependencies go vet and the standalone driver analyse for
// facts. (Like buildssa, only the direct imports get SSA packages; go/ssa
// creates what else it needs.)
//
// A declaration that makes a blocking channel or WaitGroup operation
// (or calls one that does), and that a relevant declaration mentions, is
// relevant too: a caller holding a lock waits there (channels.go). Its own
// callers need not be: the declarations that mention it without being
// built are remembered (unbuiltRefs), so that its calls are not taken as
// all known.
//
// What is lost: a type converted to an interface only in a function that
// is not relevant is not seen as possibly called through an interface
// (calls.go), so its methods' callers may be taken as all known.

// relevantDecls returns the function declarations of the package whose
// SSA the engine needs.
func (pa *pkgAnalysis) relevantDecls() map[*ast.FuncDecl]bool {
	pass := pa.pass
	info := pass.TypesInfo
	declOf := make(map[*types.Func]*ast.FuncDecl)
	var decls []*ast.FuncDecl
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				if obj, ok := info.Defs[fd.Name].(*types.Func); ok {
					declOf[obj] = fd
				}
				decls = append(decls, fd)
			}
		}
	}
	cfgs, _ := pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)
	methodDecls := make(map[string][]*ast.FuncDecl) // the package's methods by name
	for obj, fd := range declOf {
		if obj.Signature().Recv() != nil {
			methodDecls[obj.Name()] = append(methodDecls[obj.Name()], fd)
		}
	}
	for _, list := range methodDecls {
		slices.SortFunc(list, func(a, b *ast.FuncDecl) int { return cmp.Compare(a.Pos(), b.Pos()) })
	}
	relevant := make(map[*ast.FuncDecl]bool)
	// refs lists the in-package functions each declaration mentions.
	refs := make(map[*ast.FuncDecl][]*ast.FuncDecl)
	blocks := make(map[*ast.FuncDecl]bool) // makes a blocking channel or WaitGroup operation
	for _, fd := range decls {
		direct := false
		// The whole body is walked, also once it is known to be relevant:
		// the functions it mentions may need building (blocks, below).
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if !blocks[fd] && blockingNode(info, n) {
				blocks[fd] = true
			}
			var obj types.Object
			switch n := n.(type) {
			case *ast.CallExpr:
				// What the call may run through a field, an
				// interface, or fmt (resolve.go).
				reached, fromFact := pa.reachDecls(n, declOf, methodDecls)
				refs[fd] = append(refs[fd], reached...)
				if fromFact {
					direct = true
					return false
				}
			case *ast.Ident:
				obj = info.Uses[n]
			case *ast.SelectorExpr:
				if sel, ok := info.Selections[n]; ok {
					obj = sel.Obj()
					if fn, ok := obj.(*types.Func); ok && !direct && types.IsInterface(sel.Recv()) && lockerMethods[fn.Name()].op != opNone &&
						isLockerIface(sel.Recv(), fn.Name()) {
						direct = true // a Lock or Unlock through a Locker
					}
					if fn, ok := obj.(*types.Func); ok && !direct && !pa.std && types.IsInterface(sel.Recv()) && fn.Pkg() != nil &&
						noReturnMethods[methodKey{pkg: fn.Pkg().Path(), typ: ownerName(sel.Recv()), method: fn.Name()}] {
						direct = true // t.Fatal through testing.TB: what it ensures
					}
				}
			}
			switch obj := obj.(type) {
			case *types.Func:
				obj = obj.Origin()
				if _, ok := primitiveOf(obj); ok {
					direct = true
				} else if callee, ok := declOf[obj]; ok {
					refs[fd] = append(refs[fd], callee)
				} else if direct {
				} else if obj.Pkg() != nil && obj.Pkg() != pass.Pkg && pa.hasFact(obj) {
					direct = true
				} else if !pa.std && cfgs != nil && cfgs.NoReturn(obj) {
					direct = true // log.Fatal, t.Fatal: what it ensures
				}
			case *types.Builtin:
				if obj.Name() == "panic" && !pa.std {
					direct = true
				}
			case *types.Var:
				if obj.IsField() && obj.Name() == "L" && obj.Pkg() != nil && condTypes[obj.Pkg().Path()+".Cond"] {
					direct = true
				}
			}
			return true
		})
		if direct {
			relevant[fd] = true
		}
	}
	// Callers (and mentioners) of relevant declarations are relevant.
	for changed := true; changed; {
		changed = false
		for _, fd := range decls {
			if relevant[fd] {
				continue
			}
			for _, r := range refs[fd] {
				if relevant[r] {
					relevant[fd], changed = true, true
					break
				}
			}
		}
	}
	// Declarations that block, or call one that does, mentioned by a
	// relevant one: a lock may be held across them.
	callers := make(map[*ast.FuncDecl][]*ast.FuncDecl)
	var work []*ast.FuncDecl
	for _, fd := range decls {
		for _, r := range refs[fd] {
			callers[r] = append(callers[r], fd)
		}
		if blocks[fd] {
			work = append(work, fd)
		}
	}
	for len(work) > 0 {
		fd := work[len(work)-1]
		work = work[:len(work)-1]
		for _, c := range callers[fd] {
			if !blocks[c] {
				blocks[c] = true
				work = append(work, c)
			}
		}
	}
	for _, fd := range decls {
		if relevant[fd] {
			work = append(work, fd)
		}
	}
	for len(work) > 0 {
		fd := work[len(work)-1]
		work = work[:len(work)-1]
		for _, r := range refs[fd] {
			if blocks[r] && !relevant[r] {
				relevant[r] = true
				work = append(work, r)
			}
		}
	}
	pa.unbuiltRefs = make(map[*ast.FuncDecl]bool)
	pa.unbuiltRefsProd = make(map[*ast.FuncDecl]bool)
	for _, fd := range decls {
		if !relevant[fd] {
			pa.unbuilt = append(pa.unbuilt, fd)
			prod := !inTestFile(pa.pass.Fset, fd.Pos())
			for _, r := range refs[fd] {
				pa.unbuiltRefs[r] = true
				if prod {
					pa.unbuiltRefsProd[r] = true
				}
			}
		}
	}
	return relevant
}

// blockingNode reports whether n is a channel operation that can block
// (a send, a receive, a range over a channel, a select) or names a
// WaitGroup's Wait.
func blockingNode(info *types.Info, n ast.Node) bool {
	switch n := n.(type) {
	case *ast.SendStmt, *ast.SelectStmt:
		return true
	case *ast.UnaryExpr:
		return n.Op == token.ARROW
	case *ast.RangeStmt:
		if tv, ok := info.Types[n.X]; ok && tv.Type != nil {
			_, ok := tv.Type.Underlying().(*types.Chan)
			return ok
		}
	case *ast.SelectorExpr:
		if sel, ok := info.Selections[n]; ok {
			if fn, ok := sel.Obj().(*types.Func); ok && fn.Name() == "Wait" && fn.Pkg() != nil && fn.Pkg().Path() == "sync" {
				return ownerName(sel.Recv()) == "WaitGroup"
			}
		}
	}
	return false
}

// hasFact reports whether an imported function has a summary fact.
func (pa *pkgAnalysis) hasFact(fn *types.Func) bool {
	return pa.importedSummary(fn).lockEffects()
}

// buildSSA builds the package's SSA with the bodies of the relevant
// declarations only, and returns its source functions (declarations in
// file order, each followed by its closures, as buildssa lists them).
func (pa *pkgAnalysis) buildSSA(relevant map[*ast.FuncDecl]bool) []*ssa.Function {
	pass := pa.pass
	prog := ssa.NewProgram(pass.Fset, ssa.BareInits) // init need not call the imports' inits (not all are created)
	if cfgs, ok := pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs); ok {
		prog.SetNoReturn(cfgs.NoReturn)
	}
	files := make([]*ast.File, len(pass.Files))
	for i, f := range pass.Files {
		pruned := false
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil && !relevant[fd] {
				pruned = true
				break
			}
		}
		if !pruned {
			files[i] = f
			continue
		}
		copied := *f
		copied.Decls = make([]ast.Decl, len(f.Decls))
		for j, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil && !relevant[fd] {
				stub := *fd
				stub.Body = nil // go/ssa then builds the parameters only
				d = &stub
			}
			copied.Decls[j] = d
		}
		files[i] = &copied
	}
	// go/ssa needs the package of every package-level function or
	// variable the built code names (only direct imports can be named;
	// methods are created on demand). Creating an import makes a member
	// for each of its objects, which for a package importing large APIs
	// cost more than building its own code: only the imports the built
	// code refers to are created.
	for _, p := range pa.importsReferenced(files) {
		prog.CreatePackage(p, nil, nil, true)
	}
	pkg := prog.CreatePackage(pass.Pkg, files, pass.TypesInfo, false)
	pkg.Build()
	pa.prog = prog
	var funcs []*ssa.Function
	var add func(fn *ssa.Function)
	add = func(fn *ssa.Function) {
		funcs = append(funcs, fn)
		if lit, ok := fn.Syntax().(*ast.FuncLit); ok {
			pa.litFuncs[lit] = fn
		}
		for _, anon := range fn.AnonFuncs {
			add(anon)
		}
	}
	// Function literals assigned to package variables (var hook =
	// func() {...}): the package initializer builds them whole.
	if init := pkg.Func("init"); init != nil {
		for _, anon := range init.AnonFuncs {
			add(anon)
		}
	}
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || !relevant[fd] {
				continue
			}
			obj, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			if fn := prog.FuncValue(obj); fn != nil {
				add(fn)
			}
		}
	}
	return funcs
}

// importsReferenced returns the imports of the package whose
// package-level functions or variables the given files (with the bodies
// that are not built removed) refer to, in import order.
func (pa *pkgAnalysis) importsReferenced(files []*ast.File) []*types.Package {
	pass := pa.pass
	needed := make(map[*types.Package]bool)
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			id, ok := n.(*ast.Ident)
			if !ok {
				return true
			}
			var obj types.Object
			switch o := pass.TypesInfo.Uses[id].(type) {
			case *types.Func:
				obj = o
			case *types.Var:
				obj = o
			default:
				return true // types and constants need no SSA package
			}
			if obj.Pkg() == nil || obj.Pkg() == pass.Pkg || obj.Parent() != obj.Pkg().Scope() {
				return true
			}
			needed[obj.Pkg()] = true
			return true
		})
	}
	var out []*types.Package
	for _, p := range pass.Pkg.Imports() {
		if needed[p] {
			out = append(out, p)
		}
	}
	return out
}
