// Package panics pins how summaries say a function can panic: only
// panics of the source count (not the ones go/ssa inserts after a
// blocking select or around a range-over-func loop), a branch ruled out
// by a constant is dead code, and a panic under a test of a parameter
// carries that test as a guard, which callers translate into their own
// parameters or rule out with their arguments. A function that does not
// return when a test of a parameter fails ensures the test passed when
// it returns.
package panics

import "errors"

// invariants is false in this build, as a build-tag constant would be.
const invariants = false

type T struct{ n int }

// assertOnly panics only when invariants is on: never, in this build.
func assertOnly(t *T) {
	if invariants && t.n < 0 {
		panic("negative")
	}
}

// selectOnly has go/ssa's unreachable panic after its blocking select.
func selectOnly(a, b chan int) int {
	select {
	case v := <-a:
		return v
	case v := <-b:
		return v
	}
}

// rangeFunc has go/ssa's panics around a range-over-func loop.
func rangeFunc(seq func(func(int) bool)) int {
	n := 0
	for x := range seq {
		n += x
	}
	return n
}

func mustNonNil(t *T) { // want mustNonNil:`lockstate\(ensures p0 != nil, may-panic if p0 == nil\)`
	if t == nil {
		panic("nil T")
	}
}

func mustNoError(err error) { // want mustNoError:`lockstate\(ensures p0 == nil, may-panic if p0 != nil\)`
	if err != nil {
		panic(err)
	}
}

func strict(t *T, check bool) { // want strict:`lockstate\(may-panic if p1\)`
	if check && t.n < 0 {
		panic("negative")
	}
}

// Callers translate the guard into their parameters...
func forward(x *T) { // want forward:`lockstate\(ensures p0 != nil, may-panic if p0 == nil\)`
	mustNonNil(x)
}

func lenient(t *T, lax bool) { // want lenient:`lockstate\(may-panic if !p1\)`
	strict(t, !lax)
}

// ...or rule it out: a fresh value, a constant, a checked error.
func fresh() {
	mustNonNil(&T{})
}

func unchecked(t *T) {
	strict(t, false)
}

var errNope = errors.New("nope")

func checked(fail bool) error {
	var err error
	if fail {
		err = errNope
	}
	if err != nil {
		return err
	}
	mustNoError(err)
	return nil
}

// A guard the caller cannot express makes the panic unconditional.
func opaque(ts []*T) { // want opaque:`lockstate\(may-panic\)`
	mustNonNil(ts[0])
}
