// want package:`lockorder\(S.a->S.b, S.a->S.c, S.b->S.c\)`

// Package manystates has a function whose paths reach one block with
// many distinct lock states: each of the locks a, b and c may or may not
// be held there (eight states). With the state budget lowered below
// that, the analysis drops the paths over the budget instead of giving
// the function up: it still records the acquisitions it saw (order edges
// for the callers), and its summary says nothing else, since what the
// dropped paths release or hold is not known.
package manystates

import "sync"

type S struct {
	a, b, c sync.Mutex
	n       int
}

func (s *S) Mixed(x, y, z bool) { // want Mixed:`lockstate\(acquires s.a if p1, acquires s.b if p2, acquires s.c if p3\)`
	if x {
		s.a.Lock()
	}
	if y {
		s.b.Lock()
	}
	if z {
		s.c.Lock()
	}
	s.n++
	if x {
		s.a.Unlock()
	}
	if y {
		s.b.Unlock()
	}
	if z {
		s.c.Unlock()
	}
}
