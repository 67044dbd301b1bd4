// Package test_role_flag is test_role with -lockstate.testhazards: the
// test file's code counts too, and there a registered gateway connection
// becomes a leaf and reaches initLeaf: the inversion with Stats is
// reported at both ends, in the package's test variant only (the test
// checks the reports itself: a want comment here would be expected of the
// variant without the test file too).
package test_role_flag

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
	s.processConnect(&Conn{kind: leafKind, name: name})
}

func (s *Server) AcceptGateway(name string) {
	c := &Conn{kind: gatewayKind, name: name}
	s.registerOut(c)
	s.processConnect(c)
}

func (s *Server) registerOut(c *Conn) {
	s.gw.Lock()
	s.gw.out[c.name] = c
	s.gw.Unlock()
}

func (s *Server) processConnect(c *Conn) {
	if c.kind == leafKind {
		s.initLeaf(c)
	}
}

func (s *Server) initLeaf(c *Conn) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s.gw.RLock()
	c.name += string(rune('0' + len(s.gw.out)))
	s.gw.RUnlock()
}

func (s *Server) Stats() int {
	n := 0
	s.gw.RLock()
	defer s.gw.RUnlock()
	for _, c := range s.gw.out {
		c.mu.Lock()
		n += len(c.name)
		c.mu.Unlock()
	}
	return n
}
