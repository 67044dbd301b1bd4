// Package unfound_branches is a regression case of the locklint oracle
// (internal/oracle), shrunk from the program of seed 2058945. The // want
// and // maybe comments are the oracle's verdict; locklint departs from
// it as the finding says (findings.go), which TestRegressions checks.
//
// Finding: unfound-branches
// A break or continue is found in the syntax (go/ssa jumps have no
// position); when it is not, the leak is reported at the exit or an
// earlier branch instead. It was found only right after a statement
// with instructions or first in an if on a field or a TryLock; now
// also after assignments to locals (h = true), after an if or a loop,
// first in an if on a parameter, a local or a constant, and under !,
// && and || (lockstate positions.go). Still not found: an if on a name
// in a block with no instruction of its own, when several ifs test the
// name (this case), and a break first in a loop body (the loop's test
// folds away); the oracle takes a branch after an if or a loop, or
// first in a loop body or in an if on a name, as possibly not found
// (findableAfter).
//
// locklint reports, when recorded:
//   line 42: unreleased: s.mu2 is still locked at the end of the function, but other paths unlock it: unlock it on every path, or defer the Unlock right after Lock

package unfound_branches

import "sync"

type S struct {
	mu2 sync.Mutex
}

func (s *S) F(p0 bool, n int) {
	for i0 := 0; i0 < n; i0++ {
		s.mu2.Lock() // maybe: unreleased
		if p0 {
			s.mu2.Unlock()
		}
		if p0 {
		} else {
			break // want: unreleased
		}
	}
} // maybe: unreleased
