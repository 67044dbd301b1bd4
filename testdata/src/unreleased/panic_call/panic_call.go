// Package panic_call shows calls that can panic (the callee, or a
// function it calls, panics on some path) made while m.mu is held and
// released by a plain Unlock: a recovered panic leaves the machine
// locked. Silent: a callee that recovers its own panic, a standard
// library call (never considered panicking), and a deferred Unlock.
package panic_call

import (
	"fmt"
	"regexp"
	"slices"
	"sync"
)

var next = map[string][]string{"idle": {"running"}, "running": {"idle", "done"}}

type Machine struct {
	mu     sync.Mutex
	state  string
	filter *regexp.Regexp
}

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

func (m *Machine) Transition(to string) {
	m.mu.Lock()
	m.mustValid(to) // want `^m\.mu is held across m\.mustValid, which can panic, and is released by a plain Unlock: a recovered panic leaves it locked forever; defer the Unlock right after Lock$`
	m.state = to
	m.mu.Unlock()
}

func (m *Machine) Step(to string) {
	m.mu.Lock()
	m.apply(to) // want `^m\.mu is held across m\.apply, which can panic`
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
