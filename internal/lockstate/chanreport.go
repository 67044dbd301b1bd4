package lockstate

import (
	"cmp"
	"go/ast"
	"go/token"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// Deciding the blocked operations: a held lock that every counterpart of
// the operation (of each case of a select) must take first.

// counterKinds returns the kinds of operation that complete one of kind k.
func counterKinds(k ChanOpKind) []ChanOpKind {
	switch k {
	case ChanSend:
		return []ChanOpKind{ChanRecv}
	case ChanRecv:
		return []ChanOpKind{ChanSend, ChanClose}
	case WaitGroupWait:
		return []ChanOpKind{WaitGroupDone, waitGroupGo}
	}
	return nil
}

// collectBlocked finds the mixed deadlocks among the blocking operations
// the functions recorded with locks held.
func (pa *pkgAnalysis) collectBlocked(res *Result, funcs []*ssa.Function) {
	var recs []*blockRec
	for _, f := range res.funcs {
		recs = append(recs, f.blockRecs...)
		f.blockRecs = nil
	}
	if len(recs) == 0 {
		return
	}
	// A call that locks again a lock the goroutine holds blocks there
	// (doubleacquire reports it): a wait under that lock at the same call
	// is the same root cause, reported once.
	selfBlocked := make(map[token.Pos][]Class)
	for _, f := range res.funcs {
		for _, a := range f.acquires {
			for _, h := range a.Same {
				selfBlocked[a.Pos] = append(selfBlocked[a.Pos], h.Lock.Class)
			}
		}
	}
	ix := pa.chanIndexOf(funcs)
	seen := make(map[token.Pos]bool)
	for _, rec := range recs {
		if seen[rec.pos] {
			continue
		}
		if cs := selfBlocked[rec.pos]; len(cs) > 0 && len(rec.via) > 0 {
			rec = rec.without(cs)
			if len(rec.held) == 0 {
				continue
			}
		}
		if b, ok := ix.blocked(rec); ok {
			seen[rec.pos] = true
			res.blocked = append(res.blocked, b)
		}
	}
	slices.SortStableFunc(res.blocked, func(a, b BlockedOp) int { return cmp.Compare(a.Pos, b.Pos) })
}

// blocked decides one record: a held lock that every counterpart of every
// operation (each case of a select) must take first.
func (ix *chanIndex) blocked(rec *blockRec) (BlockedOp, bool) {
	kind := rec.ops[0].kind
	if len(rec.ops) > 1 || rec.ops[0].index >= 0 {
		kind = ChanSelect
	}
	for hi, h := range rec.held {
		var cps []Counterpart
		ok := true
		for oi, op := range rec.ops {
			c, found := ix.deadlocked(op, h, rec, hi, oi)
			if !found {
				ok = false
				break
			}
			cps = append(cps, c...)
		}
		if !ok {
			continue
		}
		b := BlockedOp{Pos: rec.pos, Kind: kind, Via: rec.via, Held: h, Counterparts: cps}
		for _, op := range rec.ops {
			b.Resource = append(b.Resource, ix.pa.chanExprAt(op.pos))
		}
		return b, true
	}
	return BlockedOp{}, false
}

// deadlocked returns the counterparts of op, each with the lock of h's
// class it must take first, or false when op can complete without h.
func (ix *chanIndex) deadlocked(op *chanOp, h Held, rec *blockRec, hi, oi int) ([]Counterpart, bool) {
	origins, ok := ix.originsOf(op.value)
	if !ok || len(origins) == 0 {
		return nil, false
	}
	kinds := counterKinds(op.kind)
	var others []*chanOp
	buffered := false
	for _, o := range origins {
		ix.flow(o)
		switch op.kind {
		case ChanSend:
			if !o.unbuffered() || o.escRecv {
				return nil, false
			}
		case ChanRecv, WaitGroupWait:
			if o.escSend {
				return nil, false
			}
			buffered = buffered || !o.unbuffered()
		}
		for _, x := range o.ops {
			if slices.Contains(kinds, x.kind) && x.instr != op.instr && !slices.Contains(others, x) {
				others = append(others, x)
			}
		}
	}
	if len(others) == 0 {
		return nil, false
	}
	slices.SortStableFunc(others, func(a, b *chanOp) int { return cmp.Compare(a.pos, b.pos) })
	// Are the waiter's lock and resource on one object?
	fKnown := oi < len(rec.opObj) && hi < len(rec.heldObj) && rec.heldObj[hi] != 0 && rec.opObj[oi] != 0
	fSame := fKnown && rec.heldObj[hi] == rec.opObj[oi]
	var out []Counterpart
	for _, x := range others {
		if op.kind == ChanRecv && buffered && ix.underSameLock(x, h) {
			return nil, false
		}
		gates := ix.gatesOf(x)
		if gos := ix.spawns(rec.fn, x.fn); gos != nil {
			gates = ix.gatesAfter(gos, x)
		}
		fn, kind := x.fn, x.kind
		if kind == waitGroupGo {
			if fn = goArgFunc(x.instr); fn == nil {
				return nil, false
			}
			kind = WaitGroupDone
		}
		found := false
		for _, a := range gates.acqs {
			if a.class != h.Lock.Class || (a.mode == Read && h.Mode == Read) {
				continue
			}
			if fKnown && a.path == 0 && fn == x.fn {
				continue // taken by a caller: which instance is not known
			}
			if fKnown && a.path != 0 && fn == x.fn {
				// The counterpart's lock and resource must be related
				// alike: both on one object, or on two.
				g := ix.gateFlowOf(x.fn)
				ab, xb := objectOf(g.fa, a.path), objectOf(g.fa, g.fa.pathOf(x.value))
				if ab != 0 && xb != 0 && (ab == xb) != fSame {
					continue
				}
			}
			out = append(out, Counterpart{
				Func: ix.pa.funcName(fn), Kind: kind, Resource: ix.pa.chanExprAt(x.pos),
				OpPos: ix.pa.callStart(x.pos), Lock: a.name, LockPos: a.pos, Loop: a.loop,
			})
			found = true
			break
		}
		if !found {
			return nil, false
		}
	}
	return out, true
}

// objectOf returns the object a lock or resource path belongs to: the
// path without its last field (and the load of a channel field), or 0.
func objectOf(fa *funcAnalysis, p pathID) pathID {
	if p <= 0 {
		return 0
	}
	n := fa.paths.node(p)
	if n.parent != 0 && n.step.kind == stepDeref {
		p = n.parent
		n = fa.paths.node(p)
	}
	if n.parent != 0 && n.step.kind == stepField {
		return n.parent
	}
	return 0
}

// chanExprAt returns the channel or WaitGroup as written at an
// operation's position (the arrow of a send or receive, the for of a
// range, the parenthesis of close or a WaitGroup method).
func (pa *pkgAnalysis) chanExprAt(pos token.Pos) string {
	if pa.chanExprs == nil {
		pa.chanExprs = make(map[token.Pos]string)
		for _, f := range pa.pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.SendStmt:
					pa.chanExprs[n.Arrow] = exprString(n.Chan)
				case *ast.UnaryExpr:
					if n.Op == token.ARROW {
						pa.chanExprs[n.OpPos] = exprString(n.X)
					}
				case *ast.RangeStmt:
					pa.chanExprs[n.For] = exprString(n.X)
				case *ast.CallExpr:
					if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok {
						pa.chanExprs[n.Lparen] = exprString(sel.X)
					} else if len(n.Args) == 1 {
						pa.chanExprs[n.Lparen] = exprString(n.Args[0])
					}
				}
				return true
			})
		}
	}
	if s, ok := pa.chanExprs[pos]; ok {
		return s
	}
	return "a channel"
}

// underSameLock reports whether a send or close is made holding the lock
// of h's class, on every path to it. On a buffered channel such a sender
// never waits for the receiver, and the receiver, holding the same lock,
// cannot run while it sends: a receive under the lock that came first
// would wait forever whatever the lock order, so the code must order it
// after the send by state the lock protects (net/http's wantConn.cancel
// receives only once done is set, and tryDeliver sets done as it sends
// and closes). The engine cannot see that state: no report.
func (ix *chanIndex) underSameLock(x *chanOp, h Held) bool {
	if x.kind != ChanSend && x.kind != ChanClose {
		return false
	}
	return slices.Contains(ix.pa.heldAtOp[x.instr], h.Lock.Class)
}

// without returns a copy of the record without the holdings of the given
// classes.
func (rec *blockRec) without(cs []Class) *blockRec {
	out := *rec
	out.held, out.heldObj = nil, nil
	for i, h := range rec.held {
		if slices.Contains(cs, h.Lock.Class) {
			continue
		}
		out.held = append(out.held, h)
		if i < len(rec.heldObj) {
			out.heldObj = append(out.heldObj, rec.heldObj[i])
		}
	}
	return &out
}
