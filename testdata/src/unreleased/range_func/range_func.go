// Package range_func shows locks released inside the body of a
// range-over-func loop before leaving the function (the shape of
// nats-server's gsl.(*GenericSublist).Insert: an invalid token unlocks
// and returns from inside `for t := range strings.SplitSeq(...)`).
// go/ssa compiles the body into a closure the iterator calls; the engine
// follows each way the body ends into its caller, so Insert and Count
// leak nothing. Find is the near miss: it returns from inside the loop
// without unlocking, while the path after the loop unlocks.
package range_func

import (
	"errors"
	"strings"
	"sync"
)

var errInvalid = errors.New("invalid subject")

type Index struct {
	mu    sync.Mutex
	nodes map[string]int
}

func (x *Index) Insert(subject string) error {
	x.mu.Lock()
	for tok := range strings.SplitSeq(subject, ".") {
		if tok == "" {
			x.mu.Unlock()
			return errInvalid
		}
		x.nodes[tok]++
	}
	x.mu.Unlock()
	return nil
}

func (x *Index) Count(subject string) int {
	n := 0
	x.mu.Lock()
	for tok := range strings.SplitSeq(subject, ".") {
		if tok == "*" {
			continue
		}
		if tok == ">" {
			break
		}
		n += x.nodes[tok]
	}
	x.mu.Unlock()
	return n
}

func (x *Index) Find(subject string) (string, bool) {
	x.mu.Lock()
	for tok := range strings.SplitSeq(subject, ".") {
		if x.nodes[tok] > 1 {
			return tok, true // want `x\.mu is still locked after this return, but other paths unlock it`
		}
	}
	x.mu.Unlock()
	return "", false
}

func (x *Index) groups() func(func([]string) bool) {
	return func(yield func([]string) bool) {}
}

func seqOf(list []string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for _, s := range list {
			if !yield(s) {
				return
			}
		}
	}
}

// Purge returns from a nested range-over-func loop after unlocking.
func (x *Index) Purge(limit int) error {
	x.mu.Lock()
	n := 0
	for g := range x.groups() {
		for tok := range seqOf(g) {
			if n > limit {
				x.mu.Unlock()
				return errInvalid
			}
			delete(x.nodes, tok)
			n++
		}
		if n > 2*limit {
			x.mu.Unlock()
			return errInvalid
		}
	}
	x.mu.Unlock()
	return nil
}
