package oracle

// Where a leak through a break or continue is reported.
//
// The oracle's convention: a break or continue leaves with a lock held
// when the lock was taken inside the loop it leaves (or continues); the
// leak is then reported there, at the last such statement run on the
// path, and otherwise at the exit. A break out of a loop entered with
// the lock already held is ordinary control flow: the path goes on, and
// its exit is what leaves the lock held. (The engine walks back from
// the exit over the edges paths holding the lock take, and reports the
// first break or continue it crosses out of a loop that holds the
// acquisition, and the exit when some path crosses none.)

// structure is what the oracle needs to know of the nesting of F's
// statements: the loops around each statement line, the loop each break
// or continue leaves, and which of them the engine can find.
type structure struct {
	loops    map[int][]*Loop // by line: the loops around the statement, innermost last
	branchOf map[Stmt]*Loop  // break or continue: the loop it leaves
	findable map[Stmt]bool   // break or continue: the engine finds it (see findableAfter)
	afterTry map[Stmt]bool   // break or continue right after h = s.mu.TryLock()
	helpers  []Helper        // the program's helpers
}

func structureOf(p *Program) *structure {
	s := &structure{loops: map[int][]*Loop{}, branchOf: map[Stmt]*Loop{}, findable: map[Stmt]bool{}, afterTry: map[Stmt]bool{}, helpers: p.Helpers}
	s.list(p.Body, nil, nil)
	return s
}

// list records the statements of body, inside loops; in is the if whose
// branch body is, or nil.
func (s *structure) list(body []Stmt, loops []*Loop, in *If) {
	for i, st := range body {
		s.loops[st.line()] = loops
		switch st := st.(type) {
		case *Break, *Continue:
			s.branchOf[st] = loops[len(loops)-1]
			// The statement before it that compiles to instructions.
			j := i - 1
			for j >= 0 && noInstructions(body[j]) {
				j--
			}
			if j < 0 {
				s.findable[st] = in != nil && positionedCond(in.Cond)
			} else {
				s.findable[st] = findableAfter(body[j])
				if f, ok := body[j].(*SetFlag); ok && f.Value.Kind == VTry {
					s.afterTry[st] = true
				}
			}
		case *If:
			s.list(st.Then, loops, st)
			s.list(st.Else, loops, st)
		case *Loop:
			s.list(st.Body, append(loops[:len(loops):len(loops)], st), nil)
		}
	}
}

// findableAfter reports whether the engine surely finds a break or
// continue that follows statement prev, statements that compile to no
// instruction (noInstructions) aside: go/ssa gives jumps no position,
// and the engine (lockstate/positions.go) takes the statement that runs
// after the one holding the last positioned instruction of the jumping
// block. After a statement that compiles to blocks of its own (an if, a
// loop) it looks further, best-effort: the oracle takes such a branch,
// and one first in a loop's body or in an if on a parameter, a flag or
// a constant, as not found (Options.UnfoundBranches).
func findableAfter(prev Stmt) bool {
	switch prev := prev.(type) {
	case *LockOp, *Call, *DeferOp, *DeferCall, *DeferFunc, *SetField:
		return true
	case *SetFlag:
		return prev.Value.Kind == VTry
	}
	return false
}

// noInstructions reports whether a statement may compile to no
// instruction: h = true on a local (go/ssa renames it).
func noInstructions(s Stmt) bool {
	f, ok := s.(*SetFlag)
	return ok && f.Value.Kind != VTry
}

// positionedCond reports whether the SSA value of an if's condition has
// a position inside the condition, which the engine needs to find a
// branch opening its body: a call (TryLock), a field load. A parameter,
// a flag (a phi or a constant) or a constant has none, negated or not
// (go/ssa compiles if !c by swapping the branches).
func positionedCond(c Value) bool {
	return c.Kind == VTry || c.Kind == VField
}

// inside reports whether the statement at line site is inside loop l.
func (s *structure) inside(site int, l *Loop) bool {
	for _, x := range s.loops[site] {
		if x == l {
			return true
		}
	}
	return false
}

// accumulates reports whether an RLock is in a loop whose body (that of
// the outermost loop around it: the cycle of blocks through it) has no
// Unlock or RUnlock of its lock, nor call of a helper that releases it
// (Options.ReadLoopsAccumulate).
func (s *structure) accumulates(op *LockOp) bool {
	loops := s.loops[op.Line]
	if len(loops) == 0 {
		return false
	}
	return !s.releasesOnCycle(loops[0].Body, op.Lock, 0)
}

// releasesOnCycle reports whether a statement list of a loop's body
// (depth: loops entered below the loop) has an Unlock or RUnlock of
// lock, or a call of a helper that releases it (guarded or not), that
// the loop can go around after: not in a list that always leaves the
// loop (by a return, a panic, or a break out of it).
func (st *structure) releasesOnCycle(body []Stmt, lock, depth int) bool {
	for _, s := range body {
		switch s.(type) {
		case *Return, *Panic:
			return false
		case *Break:
			if depth == 0 {
				return false
			}
		}
	}
	for _, s := range body {
		switch s := s.(type) {
		case *LockOp:
			if s.Lock == lock && !s.Op.Acquires() {
				return true
			}
		case *Call:
			if h := st.helpers[s.Helper]; h.Lock == lock && !h.Kind.Acquires() {
				return true
			}
		case *If:
			if st.releasesOnCycle(s.Then, lock, depth) || st.releasesOnCycle(s.Else, lock, depth) {
				return true
			}
		case *Loop:
			if st.releasesOnCycle(s.Body, lock, depth+1) {
				return true
			}
		}
	}
	return false
}

// redundantContinue returns the line of a continue that ends its loop's
// body (last in it, or last in an if that is, code that cannot run
// after them aside: go/ssa drops it): it jumps where the body
// would fall through anyway, so whether a leak through it belongs to it
// or to the exit is not decided by the acceptance corpus' rules, and
// the engine cannot tell the two edges apart. The oracle rejects such
// programs; 0 if there is none.
func redundantContinue(body []Stmt) int {
	found := 0
	walk(body, func(s Stmt) {
		if l, ok := s.(*Loop); ok && found == 0 {
			found = tailContinue(l.Body)
		}
	})
	return found
}

func tailContinue(body []Stmt) int {
	body = live(body)
	if len(body) == 0 {
		return 0
	}
	switch s := body[len(body)-1].(type) {
	case *Continue:
		return s.Line
	case *If:
		if l := tailContinue(s.Then); l != 0 {
			return l
		}
		return tailContinue(s.Else)
	}
	return 0
}

// goesRound reports whether a loop's body can reach its end or a
// continue (ignoring what its conditions are): whether the loop has a
// back edge. A loop without one (its body always returns, panics or
// breaks) has no phi for its counter in go/ssa: its only test is
// 0 < 2 (or 0 < n), which the engine decides (0 < n is one condition,
// as n is), so Options.OpaqueLoops does not make it opaque.
func goesRound(body []Stmt) bool {
	falls, cont := reaches(body)
	return falls || cont
}

// reaches reports whether a statement list of a loop's body can fall
// off its end, and whether it can run a continue of that loop.
func reaches(body []Stmt) (falls, cont bool) {
	for _, s := range body {
		switch s := s.(type) {
		case *Return, *Panic, *Break:
			return false, cont
		case *Continue:
			return false, true
		case *If:
			f1, c1 := reaches(s.Then)
			f2, c2 := reaches(s.Else)
			cont = cont || c1 || c2
			if !f1 && !f2 {
				return false, cont
			}
		}
		// An inner loop can always leave by its condition (and its
		// breaks and continues are its own).
	}
	return true, cont
}

// live returns the statements of a list up to the first one that
// cannot complete (a branch, a return, a panic, an if none of whose
// bodies can): those after it never run.
func live(body []Stmt) []Stmt {
	for i, s := range body {
		switch s := s.(type) {
		case *Return, *Panic, *Break, *Continue:
			return body[:i+1]
		case *If:
			if f1, _ := reaches(s.Then); !f1 {
				if f2, _ := reaches(s.Else); !f2 {
					return body[:i+1]
				}
			}
		}
	}
	return body
}
