// Package caller_gate shows locks taken together inside functions whose
// callers all hold an outer lock (a gate held by the caller, not by the
// function itself). Reload locks two accounts in a closure that
// sync.Map.Range runs while Reload holds s.mu ("we must only allow one
// goroutine through here"), the shape of nats-server's
// updateAccountClaimsWithRefresh. moveLocked and swapLocked take the
// message blocks in opposite orders, but both are unexported and only
// ever called with s.mu held (the shape of nats-server's removeMsgBlock).
// Compact2's helper takes s.mu itself or relies on its callers, by a flag
// (the shape of nats-server's removeMsg(seq, needFSLock)); and Sync runs
// moveLocked in a callback it hands to an interface method under s.mu.
// All silent, although *Server is converted to an interface (fmt.Stringer):
// no interface of the package has moveLocked or swapLocked, so they can
// only be called directly. Merge, exported, can be called without s.mu by
// another package, so its pair of accounts is reported; so is Pool's
// drainLocked, which the package's drainer interface can call.
package caller_gate

import (
	"fmt"
	"sync"
)

type Account struct {
	mu      sync.Mutex
	name    string
	imports []string
}

type block struct {
	mu   sync.Mutex
	msgs int
}

type Server struct {
	mu       sync.Mutex
	accounts sync.Map
	first    *block
	last     *block
}

func (s *Server) Reload(a *Account) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.accounts.Range(func(k, v any) bool {
		acc := v.(*Account)
		if acc == a {
			return true
		}
		acc.mu.Lock()
		a.mu.Lock()
		acc.imports = append(acc.imports, a.name)
		a.mu.Unlock()
		acc.mu.Unlock()
		return true
	})
}

func (s *Server) moveLocked(from *block) {
	from.mu.Lock()
	s.last.mu.Lock()
	s.last.msgs += from.msgs
	from.msgs = 0
	s.last.mu.Unlock()
	from.mu.Unlock()
}

func (s *Server) swapLocked() {
	s.last.mu.Lock()
	s.first.mu.Lock()
	s.first.msgs, s.last.msgs = s.last.msgs, s.first.msgs
	s.first.mu.Unlock()
	s.last.mu.Unlock()
}

func (s *Server) Compact(b *block) {
	s.mu.Lock()
	s.moveLocked(b)
	s.mu.Unlock()
}

func (s *Server) Rotate() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.swapLocked()
}

// moveMaybeLocked takes s.mu unless its caller holds it.
func (s *Server) moveMaybeLocked(b *block, needLock bool) {
	lock := func() {
		if needLock {
			s.mu.Lock()
		}
	}
	unlock := func() {
		if needLock {
			s.mu.Unlock()
		}
	}
	lock()
	defer unlock()
	s.moveLocked(b)
}

func (s *Server) Compact2(b *block) { s.moveMaybeLocked(b, true) }

func (s *Server) Expire(b *block) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.moveMaybeLocked(b, false)
}

type Ranger interface{ Range(func(int) bool) }

func (s *Server) Sync(r Ranger, b *block) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r.Range(func(int) bool {
		s.moveLocked(b)
		return true
	})
}

func (s *Server) String() string { return "server" }

var _ fmt.Stringer = (*Server)(nil)

type drainer interface{ drainLocked(*block) }

type Pool struct {
	mu   sync.Mutex
	last *block
}

func (p *Pool) drainLocked(b *block) {
	b.mu.Lock()
	p.last.mu.Lock() // want `^b\.mu and p\.last\.mu are both block\.mu, held together by \(\*Pool\)\.drainLocked in the order its arguments give`
	p.last.msgs += b.msgs
	p.last.mu.Unlock()
	b.mu.Unlock()
}

func (p *Pool) Drain(b *block) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var d drainer = p
	d.drainLocked(b)
	p.drainLocked(b)
}

func Merge(dst, src *Account) {
	dst.mu.Lock()
	src.mu.Lock() // want `^dst\.mu and src\.mu are both Account\.mu, held together by Merge in the order its arguments give`
	dst.imports = append(dst.imports, src.imports...)
	src.mu.Unlock()
	dst.mu.Unlock()
}
