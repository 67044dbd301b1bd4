// want package:`lockorder\(.*\)`

// Package reach pins the summaries of calls the static call graph does
// not show (resolve.go): through a func-valued field the package only
// sets to a method of the owner, and the String method fmt calls.
package reach

import (
	"fmt"
	"sync"
)

// H calls through a field the package only sets to a method of the
// owner, and formats itself with a String method that locks.
type H struct {
	Mu   sync.Mutex // exported: a private leaf lock is left out of the facts
	hook func()
}

func NewH() *H {
	h := &H{}
	h.hook = h.bump
	return h
}

func (h *H) bump() { // want bump:`lockstate\(acquires h.Mu\)`
	h.Mu.Lock()
	h.Mu.Unlock()
}

func (h *H) String() string { // want String:`lockstate\(acquires h.Mu\)`
	h.Mu.Lock()
	defer h.Mu.Unlock()
	return "h"
}

func (h *H) fire() { // want fire:`lockstate\(acquires h.Mu\)`
	h.hook()
}

func (h *H) describe() string { // want describe:`lockstate\(acquires h.Mu\)`
	return fmt.Sprintf("%v", h)
}
