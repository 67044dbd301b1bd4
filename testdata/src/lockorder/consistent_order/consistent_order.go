// Package consistent_order takes several locks, always in one order:
// Server.connsMu before Server.metricsMu, and the package variable
// registryMu before both. Close releases metricsMu before it takes
// connsMu, and Stats copies under connsMu and releases it before taking
// registryMu, so no function holds them in the other order. Nothing here
// is reported.
package consistent_order

import (
	"net"
	"sync"
)

var (
	registryMu sync.Mutex
	servers    = map[string]*Server{}
)

type Server struct {
	name string

	connsMu sync.Mutex
	conns   map[net.Conn]bool

	metricsMu sync.Mutex
	accepted  int
	closed    int
}

// Register takes registryMu, then the server's locks in their order.
func Register(s *Server) {
	registryMu.Lock()
	defer registryMu.Unlock()
	s.connsMu.Lock()
	defer s.connsMu.Unlock()
	s.metricsMu.Lock()
	defer s.metricsMu.Unlock()
	servers[s.name] = s
	s.accepted, s.closed = 0, 0
}

// Track takes connsMu then metricsMu.
func (s *Server) Track(c net.Conn) {
	s.connsMu.Lock()
	defer s.connsMu.Unlock()
	s.conns[c] = true
	s.metricsMu.Lock()
	s.accepted++
	s.metricsMu.Unlock()
}

// Close counts first and releases metricsMu before it takes connsMu.
func (s *Server) Close(c net.Conn) error {
	s.metricsMu.Lock()
	s.closed++
	s.metricsMu.Unlock()

	s.connsMu.Lock()
	delete(s.conns, c)
	s.connsMu.Unlock()
	return c.Close()
}

// Stats copies under connsMu and releases it before it takes registryMu.
func (s *Server) Stats() (open, peers int) {
	s.connsMu.Lock()
	open = len(s.conns)
	s.connsMu.Unlock()

	registryMu.Lock()
	defer registryMu.Unlock()
	return open, len(servers)
}

// Unregister takes registryMu then connsMu, as Register does.
func Unregister(name string) {
	registryMu.Lock()
	defer registryMu.Unlock()
	s, ok := servers[name]
	if !ok {
		return
	}
	delete(servers, name)
	s.connsMu.Lock()
	for c := range s.conns {
		c.Close()
	}
	clear(s.conns)
	s.connsMu.Unlock()
}
