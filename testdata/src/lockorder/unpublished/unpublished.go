// Package unpublished shows a lock of an object the function has just
// allocated and not yet let out: no other goroutine can hold it or wait
// for it, so taking another lock under it orders nothing (the shape of
// nats-server's createGateway, which configures a new client under its
// own lock, reading the reload lock, before registering it). NewConn is
// silent. Publish is the near miss: it registers the client before
// taking the reload lock under the client's, and Reload, which locks the
// registered clients under the reload lock, can then deadlock with it.
package unpublished

import "sync"

type client struct {
	mu  sync.Mutex
	cfg string
}

type Server struct {
	reloadMu sync.RWMutex
	mu       sync.Mutex
	cfg      string
	conns    []*client
}

func (s *Server) register(c *client) {
	s.mu.Lock()
	s.conns = append(s.conns, c)
	s.mu.Unlock()
}

func (s *Server) NewConn() *client {
	c := &client{}
	c.mu.Lock()
	s.reloadMu.RLock()
	c.cfg = s.cfg
	s.reloadMu.RUnlock()
	c.mu.Unlock()
	s.register(c)
	return c
}

func (s *Server) Publish() *client {
	c := &client{}
	s.register(c)
	c.mu.Lock()
	s.reloadMu.RLock() // want `lock order inversion: \(\*Server\)\.Publish takes client\.mu then Server\.reloadMu; \(\*Server\)\.Reload takes Server\.reloadMu then client\.mu`
	c.cfg = s.cfg
	s.reloadMu.RUnlock()
	c.mu.Unlock()
	return c
}

func (s *Server) Reload(cfg string) {
	s.reloadMu.Lock()
	defer s.reloadMu.Unlock()
	s.cfg = cfg
	s.mu.Lock()
	conns := append([]*client(nil), s.conns...)
	s.mu.Unlock()
	for _, c := range conns {
		c.mu.Lock() // want `lock order inversion: \(\*Server\)\.Reload takes Server\.reloadMu then client\.mu; \(\*Server\)\.Publish takes client\.mu then Server\.reloadMu`
		c.cfg = cfg
		c.mu.Unlock()
	}
}
