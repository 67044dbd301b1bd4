// Package distinct_role_unbuilt is distinct_role's near miss through code
// the engine reads only as syntax: adopt, which touches no lock (so its
// SSA is not built), puts any connection it is given into gw.out, leaves
// included. What gw.out holds is then unknown, and the inversion between
// initLeaf and Stats is reported at both ends.
package distinct_role_unbuilt

import "sync"

const (
	leafKind = iota + 1
	gatewayKind
)

type Conn struct {
	mu   sync.Mutex
	kind int
	name string
}

type gateway struct {
	sync.RWMutex
	out map[string]*Conn
}

type Server struct{ gw *gateway }

func NewServer() *Server { return &Server{gw: &gateway{out: make(map[string]*Conn)}} }

func (s *Server) AcceptLeaf(name string) {
	c := &Conn{kind: leafKind, name: name}
	adopt(s.gw, c)
	s.processConnect(c)
}

func (s *Server) AcceptGateway(name string) {
	c := &Conn{kind: gatewayKind, name: name}
	s.gw.Lock()
	s.gw.out[name] = c
	s.gw.Unlock()
}

// adopt takes no lock: the engine does not build it.
func adopt(gw *gateway, c *Conn) { gw.out[c.name] = c }

func (s *Server) processConnect(c *Conn) {
	if c.kind == leafKind {
		s.initLeaf(c)
	}
}

func (s *Server) initLeaf(c *Conn) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s.gw.RLock() // want `^lock order inversion: \(\*Server\)\.initLeaf takes Conn\.mu then gateway\.RWMutex; \(\*Server\)\.Stats takes gateway\.RWMutex then Conn\.mu`
	c.name += string(rune('0' + len(s.gw.out)))
	s.gw.RUnlock()
}

func (s *Server) Stats() int {
	n := 0
	s.gw.RLock()
	defer s.gw.RUnlock()
	for _, c := range s.gw.out {
		c.mu.Lock() // want `^lock order inversion: \(\*Server\)\.Stats takes gateway\.RWMutex then Conn\.mu; \(\*Server\)\.initLeaf takes Conn\.mu then gateway\.RWMutex`
		n += len(c.name)
		c.mu.Unlock()
	}
	return n
}
