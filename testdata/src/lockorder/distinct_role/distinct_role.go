// Package distinct_role shows a lock class whose instances play roles
// that never meet (nats-server's client.mu for leaf and gateway
// connections). initLeaf holds a leaf connection's mu while it takes the
// gateway lock; stats holds the gateway lock while it locks the
// connections in gw.out and gw.in, which are only ever gateway
// connections. The two Conn.mu can never be one lock: silent. The
// package learns it from the code: the leaf reaches initLeaf only under
// `case leafKind:` on an immutable kind field, and only connections made
// with gatewayKind are put in the gateway's maps (directly, through a
// helper, or through a function that reads them).
//
// Hybrid and mixedStats are the near miss: a hybrid connection is
// registered in gw.out and also handed to initLeaf, so the cycle closes
// on one connection and is reported at both ends.
package distinct_role

import "sync"

const (
	clientKind = iota
	leafKind
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
	in  map[int]*Conn
}

// hub is gateway's twin, for the near miss.
type hub struct {
	sync.RWMutex
	out map[string]*Conn
}

type Server struct {
	gw    *gateway
	mixed *hub
}

func NewServer() *Server {
	return &Server{
		gw:    &gateway{out: make(map[string]*Conn), in: make(map[int]*Conn)},
		mixed: &hub{out: make(map[string]*Conn)},
	}
}

func (s *Server) AcceptLeaf(name string) {
	c := &Conn{kind: leafKind, name: name}
	go s.readLoop(c)
}

func (s *Server) AcceptGateway(name string, id int) {
	c := &Conn{kind: gatewayKind, name: name}
	s.registerOut(name, c)
	s.gw.Lock()
	s.gw.in[id] = c
	s.gw.Unlock()
	go s.readLoop(c)
}

func (s *Server) registerOut(name string, c *Conn) {
	s.gw.Lock()
	s.gw.out[name] = c
	s.gw.Unlock()
}

// readLoop is shared by every kind of connection.
func (s *Server) readLoop(c *Conn) {
	s.processConnect(c)
}

func (s *Server) processConnect(c *Conn) {
	switch c.kind {
	case gatewayKind:
		s.gatewayConnect(c)
	case leafKind:
		s.initLeaf(c)
	}
}

func (s *Server) gatewayConnect(c *Conn) {
	c.mu.Lock()
	c.name = "gw:" + c.name
	c.mu.Unlock()
}

func (s *Server) initLeaf(c *Conn) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s.gw.RLock()
	n := len(s.gw.out)
	s.gw.RUnlock()
	c.name = c.name + string(rune('0'+n))
}

func (s *Server) Stats() []string {
	var names []string
	s.gw.RLock()
	defer s.gw.RUnlock()
	for _, c := range s.gw.out {
		c.mu.Lock()
		names = append(names, c.name)
		c.mu.Unlock()
	}
	names = append(names, inbound(s.gw.in)...)
	return names
}

// inbound only reads the map it is given.
func inbound(in map[int]*Conn) []string {
	var names []string
	for _, c := range in {
		c.mu.Lock()
		names = append(names, c.name)
		c.mu.Unlock()
	}
	return names
}

func (s *Server) AcceptHybrid(name string) {
	c := &Conn{kind: leafKind, name: name}
	s.mixed.Lock()
	s.mixed.out[name] = c
	s.mixed.Unlock()
	s.hybridLeaf(c)
}

func (s *Server) hybridLeaf(c *Conn) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s.mixed.Lock() // want `^lock order inversion: \(\*Server\)\.hybridLeaf takes Conn\.mu then hub\.RWMutex; \(\*Server\)\.MixedStats takes hub\.RWMutex then Conn\.mu`
	c.name += "!"
	s.mixed.Unlock()
}

func (s *Server) MixedStats() int {
	n := 0
	s.mixed.RLock()
	defer s.mixed.RUnlock()
	for _, c := range s.mixed.out {
		c.mu.Lock() // want `^lock order inversion: \(\*Server\)\.MixedStats takes hub\.RWMutex then Conn\.mu; \(\*Server\)\.hybridLeaf takes Conn\.mu then hub\.RWMutex`
		n += len(c.name)
		c.mu.Unlock()
	}
	return n
}
