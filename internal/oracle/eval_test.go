package oracle

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The oracle's own specification: hand-written programs and the reports
// the oracle must want for them (the shapes of the acceptance corpus and
// of the passes' doc.go), so that a disagreement with locklint is the
// engine's, not the oracle's.

func lockOp(l int, op OpKind) *LockOp  { return &LockOp{Lock: l, Op: op} }
func param(i int) Value                { return Value{Kind: VParam, Index: i} }
func not(v Value) Value                { v.Not = true; return v }
func flagV(i int) Value                { return Value{Kind: VFlag, Index: i} }
func try(l int) Value                  { return Value{Kind: VTry, Index: l} }
func ifThen(c Value, then ...Stmt) *If { return &If{Cond: c, Then: then} }
func loop(body ...Stmt) *Loop          { return &Loop{Body: body} }
func setFlag(i int, v bool) *SetFlag {
	return &SetFlag{Flag: i, Value: Value{Kind: VConst, Const: v}}
}

// end stands for F's closing brace in a case's wants.
var end Stmt = &Return{}

type want struct {
	pass string
	at   Stmt
}

func TestExpect(t *testing.T) {
	mu := []Lock{{Name: "mu0", Kind: Mutex}}
	rw := []Lock{{Name: "rw0", Kind: RWMutex}}
	// Statements named so that the wants can point at them.
	l1, l2 := lockOp(0, OpLock), lockOp(0, OpLock)
	u1, u2 := lockOp(0, OpUnlock), lockOp(0, OpUnlock)
	ret, pan, brk := &Return{}, &Panic{}, &Break{}
	r1, r2 := lockOp(0, OpRLock), lockOp(0, OpRLock)
	tests := []struct {
		name     string
		p        *Program
		want     []want
		rejected bool
	}{
		{"double lock", &Program{Locks: mu, Body: []Stmt{l1, l2}}, []want{{DoubleAcquire, l2}}, false},
		{"lock, unlock, lock", &Program{Locks: mu, Body: []Stmt{l1, u1, l2}}, nil, false},
		{"flag variable", &Program{Locks: mu, Params: 1, Flags: 1, Body: []Stmt{
			ifThen(param(0), l1, setFlag(0, true)),
			ifThen(flagV(0), u1),
		}}, nil, false},
		{"flag tested the wrong way: F would release its caller's lock", &Program{Locks: mu, Params: 1, Flags: 1, Body: []Stmt{
			ifThen(param(0), l1, setFlag(0, true)),
			ifThen(not(flagV(0)), u1),
		}}, nil, true},
		{"early return", &Program{Locks: mu, Params: 1, Body: []Stmt{l1, ifThen(param(0), ret), u1}}, []want{{Unreleased, ret}}, false},
		{"acquire helper: never released", &Program{Locks: mu, Params: 1, Body: []Stmt{l1, ifThen(param(0), ret)}}, nil, false},
		{"deferred unlock", &Program{Locks: mu, Params: 1, Body: []Stmt{l1, &DeferOp{Lock: 0, Op: OpUnlock}, ifThen(param(0), ret)}}, nil, false},
		{"unlock and deferred unlock", &Program{Locks: mu, Body: []Stmt{l1, &DeferOp{Lock: 0, Op: OpUnlock}, u1}}, []want{{Unreleased, u1}}, false},
		{"double unlock", &Program{Locks: mu, Body: []Stmt{l1, u1, u2}}, []want{{Unreleased, u2}}, false},
		{"RLock then Unlock", &Program{Locks: rw, Body: []Stmt{r1, u1}}, []want{{Unreleased, u1}}, false},
		{"recursive RLock of a lock nothing write-locks: no writer can come between", &Program{Locks: rw, Body: []Stmt{r1, r2}}, nil, false},
		{"recursive RLock of a lock a helper write-locks", &Program{Locks: rw, Helpers: []Helper{{Kind: AcquireHelper}}, Body: []Stmt{r1, r2}}, []want{{DoubleAcquire, r2}}, false},
		{"recursive RLock of a lock F write-locks on another path", &Program{Locks: rw, Params: 1, Body: []Stmt{
			ifThen(param(0), l1, u1, ret), r1, r2,
		}}, []want{{DoubleAcquire, r2}}, false},
		{"recursive RLock of a lock only TryLock write-locks (it never queues)", &Program{Locks: rw, Params: 1, Body: []Stmt{
			ifThen(try(0), u1, ret), r1, r2,
		}}, nil, false},
		{"panic with a plain unlock", &Program{Locks: mu, Params: 1, Body: []Stmt{l1, ifThen(param(0), pan), u1}}, []want{{Unreleased, pan}}, false},
		{"panic with a deferred unlock", &Program{Locks: mu, Params: 1, Body: []Stmt{l1, &DeferOp{Lock: 0, Op: OpUnlock}, ifThen(param(0), pan)}}, nil, false},
		{"break out of the loop that locked", &Program{Locks: mu, Params: 1, Body: []Stmt{
			loop(l1, ifThen(param(0), brk), u1),
		}}, []want{{Unreleased, brk}}, false},
		{"break out of a loop entered holding the lock: the return leaks", &Program{Locks: mu, Params: 2, Body: []Stmt{
			l1, loop(ifThen(param(0), brk)), ifThen(param(1), ret), u1,
		}}, []want{{Unreleased, ret}}, false},
		{"lock in a loop", &Program{Locks: mu, Body: []Stmt{loop(l1)}}, []want{{DoubleAcquire, l1}}, false},
		{"TryLock", &Program{Locks: mu, Body: []Stmt{ifThen(try(0), u1)}}, nil, false},
		{"TryLock failing returns", &Program{Locks: mu, Body: []Stmt{ifThen(not(try(0)), ret), u1}}, nil, false},
		{"TryLock leak", &Program{Locks: mu, Params: 1, Body: []Stmt{ifThen(try(0), ifThen(param(0), ret), u1)}}, []want{{Unreleased, ret}}, false},
		{"guarded lock helper and a correlated unlock", &Program{Locks: mu, Params: 1,
			Helpers: []Helper{{Kind: AcquireIfHelper}},
			Body:    []Stmt{&Call{Helper: 0, Arg: param(0)}, ifThen(param(0), u1)},
		}, nil, false},
		{"guarded lock helper, then Lock", &Program{Locks: mu, Params: 1,
			Helpers: []Helper{{Kind: AcquireIfHelper}},
			Body:    []Stmt{&Call{Helper: 0, Arg: param(0)}, l1},
		}, []want{{DoubleAcquire, l1}}, false},
		{"leak at the end", &Program{Locks: mu, Params: 1, Body: []Stmt{l1, ifThen(param(0), u1)}}, []want{{Unreleased, end}}, false},
		{"leak at the end dropped: a release helper of the lock exists (doc.go)", &Program{Locks: mu, Params: 1,
			Helpers: []Helper{{Kind: ReleaseHelper}},
			Body:    []Stmt{l1, ifThen(param(0), u1)},
		}, nil, false},
		{"loop on n", &Program{Locks: mu, Body: []Stmt{&Loop{ByN: true, Body: []Stmt{l1}}}}, []want{{DoubleAcquire, l1}}, false},
		{"continue ending the body: not modelled", &Program{Locks: mu, Params: 1, Body: []Stmt{loop(ifThen(param(0), &Continue{}))}}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.p.Source("p")
			e := Expect(tt.p, Options{})
			if tt.rejected {
				assert.NotEmpty(t, e.Rejected)
				return
			}
			assert.Empty(t, e.Rejected)
			wants := make(map[Key]bool)
			for _, w := range tt.want {
				line := w.at.line()
				if w.at == end {
					line = tt.p.EndLine()
				}
				wants[Key{w.pass, line}] = true
			}
			got := make(map[Key]bool)
			for k := range e.Want {
				got[k] = true
			}
			assert.Equal(t, wants, got, "%s", numbered(tt.p.Source("p")))
		})
	}
}

// TestExpectShadowDefer: seed 5091909, shrunk. The RLock under the write
// lock blocks for ever; past it, which holding the next RUnlock ends is
// the engine's convention, so what the deferred RUnlock then finds (the
// engine: the write lock, a release in the wrong mode) is allowed, not
// wanted; it is neither on the real paths.
func TestExpectShadowDefer(t *testing.T) {
	rw := []Lock{{Name: "rw0", Kind: RWMutex}}
	r1, d := lockOp(0, OpRLock), &DeferOp{Lock: 0, Op: OpRUnlock}
	w, r2 := lockOp(0, OpLock), lockOp(0, OpRLock)
	p := &Program{Locks: rw, Body: []Stmt{
		r1, d,
		&Loop{Body: []Stmt{lockOp(0, OpRUnlock), &Loop{ByN: true, Body: []Stmt{w, r2}}}},
	}}
	p.Source("p")
	e := Expect(p, Options{OpaqueLoops: true})
	assert.Empty(t, e.Rejected)
	k := Key{Unreleased, d.line()}
	assert.NotContains(t, e.Want, k)
	assert.Contains(t, e.Maybe, k, "%s", numbered(p.Source("p")))
	assert.Contains(t, e.Want, Key{DoubleAcquire, r2.line()})
}
