// Package test_role shows that the objects an order edge's locks belong
// to are learnt from the code outside test files by default: initLeaf
// only ever gets leaf connections and Stats only locks gateway ones, as
// far as the package's own code goes, so the class-level inversion
// between them cannot close: silent. The test file turns a registered
// gateway connection into a leaf and hands it to processConnect; that
// closes the cycle only under the test's control (a timing hazard of the
// test, left out like the lock orders test files take; test_role_flag is
// the same package with -lockstate.testhazards, reported).
package test_role

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
