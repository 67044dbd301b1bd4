// Package panic_call shows calls that can panic (the callee, or a
// function it calls, panics on some path) made while m.mu is held and
// released by a plain Unlock, in code where the panic is recovered and
// the program goes on, so the machine stays locked: Transition runs only
// under an HTTP handler (net/http recovers handler panics), Step only on
// a worker that defers a recover; Check, a handler, holds two locks
// across such a call and gets one report naming both. Silent: the same call where nothing
// recovers (Advance: the panic ends the process, and the lock with it),
// a callee that recovers its own panic, a standard library call (never
// considered panicking), a deferred Unlock, and calls whose arguments
// rule the callee's panic out (a fresh value where it panics on nil, an
// error already checked where it panics on a non-nil one).
package panic_call

import (
	"errors"
	"fmt"
	"log"
	"net/http"
	"regexp"
	"slices"
	"sync"
)

var next = map[string][]string{"idle": {"running"}, "running": {"idle", "done"}}

type Machine struct {
	mu      sync.Mutex
	statsMu sync.Mutex
	checks  int
	state   string
	filter  *regexp.Regexp
	steps   chan string
	last    *record
}

type record struct{ from, to string }

// mustValid panics on a transition the machine does not allow.
func (m *Machine) mustValid(to string) {
	if !slices.Contains(next[m.state], to) {
		panic(fmt.Sprintf("machine: %s -> %s not allowed", m.state, to))
	}
}

func (m *Machine) apply(to string) {
	m.mustValid(to)
	m.state = to
}

// valid reports whether the transition is allowed, recovering the panic.
func (m *Machine) valid(to string) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	m.mustValid(to)
	return true
}

// ServeHTTP moves the machine to the state the request names.
func (m *Machine) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	m.Transition(r.FormValue("to"))
}

func (m *Machine) Transition(to string) {
	m.mu.Lock()
	m.mustValid(to) // want `^m\.mu is held across m\.mustValid, which can panic, and is released by a plain Unlock: a recovered panic leaves it locked forever; defer the Unlock right after Lock$`
	m.state = to
	m.mu.Unlock()
}

// Check is a handler holding two locks across the call: one report
// names both.
func (m *Machine) Check(w http.ResponseWriter, r *http.Request) {
	m.mu.Lock()
	m.statsMu.Lock()
	m.checks++
	m.mustValid(r.FormValue("to")) // want `^m\.mu and m\.statsMu are held across m\.mustValid, which can panic, and are released by plain Unlocks: a recovered panic leaves them locked forever; defer each Unlock right after its Lock$`
	m.statsMu.Unlock()
	m.mu.Unlock()
}

// worker applies the steps sent to it; a bad step stops only this
// worker.
func (m *Machine) worker() {
	defer func() {
		if p := recover(); p != nil {
			log.Printf("worker stopped: %v", p)
		}
	}()
	for to := range m.steps {
		m.Step(to)
	}
}

func (m *Machine) Step(to string) {
	m.mu.Lock()
	m.apply(to) // want `^m\.mu is held across m\.apply, which can panic`
	m.mu.Unlock()
}

// Start runs a worker and moves to the first state.
func (m *Machine) Start(first string) {
	go m.worker()
	m.Advance(first)
}

// Advance has the shape of Step, but nothing recovers its panic.
func (m *Machine) Advance(to string) {
	m.mu.Lock()
	m.apply(to)
	m.mu.Unlock()
}

func (m *Machine) TryTransition(to string) bool {
	m.mu.Lock()
	ok := m.valid(to)
	if ok {
		m.state = to
	}
	m.mu.Unlock()
	return ok
}

func (m *Machine) SetFilter(pattern string) {
	m.mu.Lock()
	m.filter = regexp.MustCompile(pattern) // may panic, but in the standard library
	m.mu.Unlock()
}

func (m *Machine) Force(to string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.apply(to)
}

// keep panics when r is nil.
func (m *Machine) keep(r *record) {
	if r == nil {
		panic("machine: nil record")
	}
	m.last = r
}

// mustNotFail panics on an error.
func mustNotFail(err error) {
	if err != nil {
		panic(err)
	}
}

var errBusy = errors.New("busy")

func (m *Machine) check(to string) error {
	if m.state == to {
		return errBusy
	}
	return nil
}

// Record is called only under recovery (Handle), but its calls cannot
// panic: keep gets a fresh record, and mustNotFail an error already
// known to be nil.
func (m *Machine) Record(to string) error {
	m.mu.Lock()
	m.keep(&record{from: m.state, to: to})
	err := m.check(to)
	if err != nil {
		m.mu.Unlock()
		return err
	}
	mustNotFail(err)
	m.mu.Unlock()
	return nil
}

// Handle records the transition a request asks for.
func (m *Machine) Handle(w http.ResponseWriter, r *http.Request) {
	if err := m.Record(r.FormValue("to")); err != nil {
		http.Error(w, err.Error(), http.StatusConflict)
	}
}
