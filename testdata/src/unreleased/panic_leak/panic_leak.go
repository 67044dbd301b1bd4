// Package panic_leak shows a panic raised while r.mu is held and only a
// plain Unlock on the normal path releases it: if anything recovers the
// panic (net/http recovers handler panics) the registry stays locked
// forever. A deferred Unlock releases it during the panic, and log.Fatalf
// and os.Exit end the process, so the lock does not matter there.
package panic_leak

import (
	"log"
	"os"
	"sync"
)

type Handler func(args []string) error

type Registry struct {
	mu       sync.Mutex
	handlers map[string]Handler
}

// Register panics on a duplicate with the lock held.
func (r *Registry) Register(name string, h Handler) {
	r.mu.Lock()
	if _, dup := r.handlers[name]; dup {
		panic("registry: duplicate handler " + name) // want `^r\.mu is still locked when this panic unwinds and no deferred Unlock releases it: if the panic is recovered \(net/http recovers handler panics\) the lock stays held forever; defer the Unlock right after Lock$`
	}
	r.handlers[name] = h
	r.mu.Unlock()
}

// MustRegister defers the Unlock, which runs during the panic.
func (r *Registry) MustRegister(name string, h Handler) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.handlers[name]; dup {
		panic("registry: duplicate handler " + name)
	}
	r.handlers[name] = h
}

// RegisterOrDie exits the process on a duplicate.
func (r *Registry) RegisterOrDie(name string, h Handler) {
	r.mu.Lock()
	if _, dup := r.handlers[name]; dup {
		log.Fatalf("registry: duplicate handler %s", name)
	}
	r.handlers[name] = h
	r.mu.Unlock()
}

// Run exits with the handler's status while holding the lock.
func (r *Registry) Run(name string, args []string) {
	r.mu.Lock()
	h, ok := r.handlers[name]
	if !ok {
		os.Exit(2)
	}
	r.mu.Unlock()
	if err := h(args); err != nil {
		log.Print(err)
	}
}
