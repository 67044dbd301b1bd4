// Package callback shows a function passed to a helper that calls it
// while holding the lock: a registry whose each holds r.mu while it
// calls fn for every service. PruneStale passes a closure that locks
// r.mu to delete a stale service: each calls it with r.mu held, so the
// Lock blocks forever; the report is on the call that passes the closure.
// Addrs passes a closure that does not lock, forEachAsync starts its
// function in a new goroutine (which simply waits for the lock), and
// visit calls its function only after releasing r.mu: all fine. walk
// passes its own parameter on to each, so a closure passed to walk that
// locks r.mu is reported at the call of walk.
package callback

import (
	"sort"
	"sync"
)

type Service struct {
	Name  string
	Stale bool
}

type Registry struct {
	mu       sync.Mutex
	services map[string]*Service
	pruned   int
}

func (r *Registry) each(fn func(*Service)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range r.services {
		fn(s)
	}
}

func (r *Registry) Addrs() []string {
	var out []string
	r.each(func(s *Service) { out = append(out, s.Name) })
	sort.Strings(out)
	return out
}

func (r *Registry) PruneStale() {
	r.each(func(s *Service) { // want `^r\.each holds r\.mu while it calls the function passed to it, and the function literal in \(\*Registry\)\.PruneStale locks it again, so the call blocks forever \(sync\.Mutex is not reentrant\): that function runs with r\.mu held; do not lock it there, or act after r\.each returns$`
		if s.Stale {
			r.mu.Lock()
			delete(r.services, s.Name)
			r.pruned++
			r.mu.Unlock()
		}
	})
}

func (r *Registry) forEachAsync(fn func(*Service)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range r.services {
		go fn(s)
	}
}

func (r *Registry) PruneAsync() {
	r.forEachAsync(func(s *Service) {
		r.mu.Lock()
		delete(r.services, s.Name)
		r.mu.Unlock()
	})
}

func (r *Registry) visit(fn func(*Service)) {
	r.mu.Lock()
	list := make([]*Service, 0, len(r.services))
	for _, s := range r.services {
		list = append(list, s)
	}
	r.mu.Unlock()
	for _, s := range list {
		fn(s)
	}
}

func (r *Registry) PruneCopy() {
	r.visit(func(s *Service) {
		r.mu.Lock()
		delete(r.services, s.Name)
		r.mu.Unlock()
	})
}

// walk hands its function to each.
func (r *Registry) walk(fn func(*Service)) { r.each(fn) }

func (r *Registry) Count() int {
	n := 0
	r.walk(func(*Service) { // want `^r\.walk holds r\.mu while it calls the function passed to it, and the function literal in \(\*Registry\)\.Count locks it again, so the call blocks forever \(sync\.Mutex is not reentrant\): that function runs with r\.mu held; do not lock it there, or act after r\.walk returns$`
		r.mu.Lock()
		n++
		r.mu.Unlock()
	})
	return n
}
