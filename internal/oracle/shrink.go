package oracle

import "slices"

// Shrinking a disagreeing program: greedy deletion of statements,
// flattening of ifs and loops, dropping of helpers and of unused locks,
// fields, flags and parameters, for as long as the program still shows
// the disagreement (keep reports whether it does).

// Clone returns a deep copy of p.
func (p *Program) Clone() *Program {
	c := *p
	c.Locks = slices.Clone(p.Locks)
	c.Helpers = slices.Clone(p.Helpers)
	c.Body = cloneStmts(p.Body)
	c.endLine = 0
	return &c
}

func cloneStmts(body []Stmt) []Stmt {
	if body == nil {
		return nil
	}
	out := make([]Stmt, len(body))
	for i, s := range body {
		out[i] = cloneStmt(s)
	}
	return out
}

func cloneStmt(s Stmt) Stmt {
	switch s := s.(type) {
	case *LockOp:
		c := *s
		return &c
	case *Call:
		c := *s
		return &c
	case *If:
		c := *s
		c.Then, c.Else = cloneStmts(s.Then), cloneStmts(s.Else)
		return &c
	case *Loop:
		c := *s
		c.Body = cloneStmts(s.Body)
		return &c
	case *Break:
		c := *s
		return &c
	case *Continue:
		c := *s
		return &c
	case *Return:
		c := *s
		return &c
	case *Panic:
		c := *s
		return &c
	case *SetFlag:
		c := *s
		return &c
	case *SetField:
		c := *s
		return &c
	case *DeferOp:
		c := *s
		return &c
	case *DeferCall:
		c := *s
		return &c
	case *DeferFunc:
		c := *s
		c.Body = cloneStmts(s.Body)
		return &c
	}
	panic("oracle: unknown statement")
}

// Shrink returns the smallest program it finds, by single edits of p
// each kept while keep holds of the result.
func Shrink(p *Program, keep func(*Program) bool) *Program {
	for {
		next := firstKept(p, keep)
		if next == nil {
			return p
		}
		p = next
	}
}

func firstKept(p *Program, keep func(*Program) bool) *Program {
	n := count(p.Body)
	for k := range n {
		for _, edit := range []func([]Stmt, *int) ([]Stmt, bool){deleteStmt, flattenThen, flattenElse, dropElse, unwrapLoop, plainCond} {
			c := p.Clone()
			i := k
			body, ok := edit(c.Body, &i)
			if !ok {
				continue
			}
			c.Body = body
			if keep(c) {
				return c
			}
		}
	}
	for i := range p.Helpers {
		if c, ok := dropHelper(p, i); ok && keep(c) {
			return c
		}
	}
	for _, drop := range []func(*Program) (*Program, bool){dropLock, dropParam, dropField, dropFlag} {
		if c, ok := drop(p); ok && keep(c) {
			return c
		}
	}
	return nil
}

// count returns the number of statements in body, nested ones included.
func count(body []Stmt) int {
	n := 0
	walk(body, func(Stmt) { n++ })
	return n
}

// atStmt finds the statement number *k (preorder) in body and applies f to
// its list and index; it decrements *k by the statements it passes.
func atStmt(body []Stmt, k *int, f func(list []Stmt, i int) ([]Stmt, bool)) ([]Stmt, bool) {
	for i, s := range body {
		if *k == 0 {
			return f(body, i)
		}
		*k--
		var sub *[]Stmt
		var subs []*[]Stmt
		switch s := s.(type) {
		case *If:
			subs = []*[]Stmt{&s.Then, &s.Else}
		case *Loop:
			subs = []*[]Stmt{&s.Body}
		case *DeferFunc:
			subs = []*[]Stmt{&s.Body}
		}
		for _, sub = range subs {
			if *k < count(*sub) {
				nb, ok := atStmt(*sub, k, f)
				if ok {
					*sub = nb
				}
				return body, ok
			}
			*k -= count(*sub)
		}
	}
	return body, false
}

func deleteStmt(body []Stmt, k *int) ([]Stmt, bool) {
	return atStmt(body, k, func(list []Stmt, i int) ([]Stmt, bool) {
		return slices.Delete(list, i, i+1), true
	})
}

func flattenThen(body []Stmt, k *int) ([]Stmt, bool) {
	return atStmt(body, k, func(list []Stmt, i int) ([]Stmt, bool) {
		s, ok := list[i].(*If)
		if !ok {
			return list, false
		}
		return slices.Concat(list[:i], s.Then, list[i+1:]), true
	})
}

func flattenElse(body []Stmt, k *int) ([]Stmt, bool) {
	return atStmt(body, k, func(list []Stmt, i int) ([]Stmt, bool) {
		s, ok := list[i].(*If)
		if !ok {
			return list, false
		}
		return slices.Concat(list[:i], s.Else, list[i+1:]), true
	})
}

func dropElse(body []Stmt, k *int) ([]Stmt, bool) {
	return atStmt(body, k, func(list []Stmt, i int) ([]Stmt, bool) {
		s, ok := list[i].(*If)
		if !ok || len(s.Else) == 0 {
			return list, false
		}
		s.Else = nil
		return list, true
	})
}

func unwrapLoop(body []Stmt, k *int) ([]Stmt, bool) {
	return atStmt(body, k, func(list []Stmt, i int) ([]Stmt, bool) {
		s, ok := list[i].(*Loop)
		if !ok || branches(s.Body) {
			return list, false
		}
		return slices.Concat(list[:i], s.Body, list[i+1:]), true
	})
}

// plainCond drops the negation of an if's condition.
func plainCond(body []Stmt, k *int) ([]Stmt, bool) {
	return atStmt(body, k, func(list []Stmt, i int) ([]Stmt, bool) {
		s, ok := list[i].(*If)
		if !ok || !s.Cond.Not {
			return list, false
		}
		s.Cond.Not = false
		return list, true
	})
}

// branches reports whether body has a break or continue outside nested
// loops.
func branches(body []Stmt) bool {
	for _, s := range body {
		switch s := s.(type) {
		case *Break, *Continue:
			return true
		case *If:
			if branches(s.Then) || branches(s.Else) {
				return true
			}
		}
	}
	return false
}

// dropHelper removes helper i, if nothing calls it.
func dropHelper(p *Program, i int) (*Program, bool) {
	used := false
	walk(p.Body, func(s Stmt) {
		switch s := s.(type) {
		case *Call:
			used = used || s.Helper == i
		case *DeferCall:
			used = used || s.Helper == i
		}
	})
	if used {
		return nil, false
	}
	c := p.Clone()
	c.Helpers = slices.Delete(c.Helpers, i, i+1)
	walk(c.Body, func(s Stmt) {
		switch s := s.(type) {
		case *Call:
			if s.Helper > i {
				s.Helper--
			}
		case *DeferCall:
			if s.Helper > i {
				s.Helper--
			}
		}
	})
	return c, true
}

// values calls f on every Value of body (the argument of a call only
// when the helper is guarded: the others have none).
func values(p *Program, body []Stmt, f func(*Value)) {
	walk(body, func(s Stmt) {
		switch s := s.(type) {
		case *Call:
			if p.Helpers[s.Helper].Kind.Guarded() {
				f(&s.Arg)
			}
		case *DeferCall:
			if p.Helpers[s.Helper].Kind.Guarded() {
				f(&s.Arg)
			}
		case *If:
			f(&s.Cond)
		case *SetFlag:
			f(&s.Value)
		}
	})
}

// dropLock removes a lock nothing uses.
func dropLock(p *Program) (*Program, bool) {
	if len(p.Locks) == 1 {
		return nil, false
	}
	used := make([]bool, len(p.Locks))
	for _, h := range p.Helpers {
		used[h.Lock] = true
	}
	walk(p.Body, func(s Stmt) {
		switch s := s.(type) {
		case *LockOp:
			used[s.Lock] = true
		case *DeferOp:
			used[s.Lock] = true
		}
	})
	values(p, p.Body, func(v *Value) {
		if v.Kind == VTry {
			used[v.Index] = true
		}
	})
	l := slices.Index(used, false)
	if l < 0 {
		return nil, false
	}
	c := p.Clone()
	c.Locks = slices.Delete(c.Locks, l, l+1)
	shift := func(i *int) {
		if *i > l {
			*i--
		}
	}
	for i := range c.Helpers {
		shift(&c.Helpers[i].Lock)
	}
	walk(c.Body, func(s Stmt) {
		switch s := s.(type) {
		case *LockOp:
			shift(&s.Lock)
		case *DeferOp:
			shift(&s.Lock)
		}
	})
	values(c, c.Body, func(v *Value) {
		if v.Kind == VTry {
			shift(&v.Index)
		}
	})
	return c, true
}

func dropParam(p *Program) (*Program, bool) { return dropInput(p, VParam) }
func dropField(p *Program) (*Program, bool) { return dropInput(p, VField) }
func dropFlag(p *Program) (*Program, bool)  { return dropInput(p, VFlag) }

// dropInput removes a parameter, field or flag nothing reads or sets,
// renumbering the others.
func dropInput(p *Program, kind ValueKind) (*Program, bool) {
	var n int
	switch kind {
	case VParam:
		n = p.Params
	case VField:
		n = p.Fields
	case VFlag:
		n = p.Flags
	}
	used := make([]bool, n)
	values(p, p.Body, func(v *Value) {
		if v.Kind == kind {
			used[v.Index] = true
		}
	})
	walk(p.Body, func(s Stmt) {
		switch s := s.(type) {
		case *SetField:
			if kind == VField {
				used[s.Field] = true
			}
		case *SetFlag:
			if kind == VFlag {
				used[s.Flag] = true
			}
		}
	})
	i := slices.Index(used, false)
	if i < 0 {
		return nil, false
	}
	c := p.Clone()
	shift := func(j *int) {
		if *j > i {
			*j--
		}
	}
	values(c, c.Body, func(v *Value) {
		if v.Kind == kind {
			shift(&v.Index)
		}
	})
	walk(c.Body, func(s Stmt) {
		switch s := s.(type) {
		case *SetField:
			if kind == VField {
				shift(&s.Field)
			}
		case *SetFlag:
			if kind == VFlag {
				shift(&s.Flag)
			}
		}
	})
	switch kind {
	case VParam:
		c.Params--
	case VField:
		c.Fields--
	case VFlag:
		c.Flags--
	}
	return c, true
}
