// want package:`lockorder\(S.A->S.B, S.A->S.C, S.B->S.C\)`

// Package manystates has a function whose paths reach one block with
// many distinct lock states: each of the locks A, B and C may or may not
// be held there (eight states). With the state budget lowered below
// that, the analysis drops the paths over the budget instead of giving
// the function up: it still records the acquisitions it saw (order edges
// for the callers), and its summary says nothing else, since what the
// dropped paths release or hold is not known.
package manystates

import "sync"

type S struct {
	A, B, C sync.Mutex // exported, so that the fact keeps them (see leaflocks)
	n       int
}

func (s *S) Mixed(x, y, z bool) { // want Mixed:`lockstate\(acquires s.A if p1, acquires s.B if p2, acquires s.C if p3\)`
	if x {
		s.A.Lock()
	}
	if y {
		s.B.Lock()
	}
	if z {
		s.C.Lock()
	}
	s.n++
	if x {
		s.A.Unlock()
	}
	if y {
		s.B.Unlock()
	}
	if z {
		s.C.Unlock()
	}
}
