// Package unpublishedpaths shows that whether a new object has been let
// out is decided path by path (nats-server's createGateway again): Gate
// locks a new client, initialises it (init gives the client a Cond on its
// own lock, which lets nothing out), and only on the inbound branch hands
// it to a timer; on the outbound branch it then takes the reload lock
// under the client's, while the client is still unpublished. The client
// is a variable a closure captures, so its lock is reached through the
// variable. Silent. Leak is the near miss: it lets the client out on
// every path before taking the reload lock, and deadlocks with Reload.
package unpublishedpaths

import (
	"sync"
	"time"
)

type client struct {
	mu    sync.Mutex
	cond  *sync.Cond
	cfg   string
	timer *time.Timer
}

func (c *client) init() {
	c.cond = sync.NewCond(&c.mu)
	c.cfg = "new"
}

func (c *client) armTimer() {
	c.timer = time.AfterFunc(time.Second, func() { c.close() })
}

func (c *client) close() {
	c.mu.Lock()
	c.cfg = ""
	c.mu.Unlock()
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

func (s *Server) Gate(outbound bool) {
	c := &client{}
	c.mu.Lock()
	c.init()
	if !outbound {
		c.armTimer()
	}
	if outbound {
		s.reloadMu.RLock()
		c.cfg = s.cfg
		s.reloadMu.RUnlock()
	}
	c.mu.Unlock()
	s.register(c)
	go func() { c.close() }()
}

func (s *Server) Leak(outbound bool) {
	c := &client{}
	c.mu.Lock()
	c.init()
	c.armTimer()
	if outbound {
		s.reloadMu.RLock() // want `lock order inversion: \(\*Server\)\.Leak takes client\.mu then Server\.reloadMu; \(\*Server\)\.Reload takes Server\.reloadMu then client\.mu`
		c.cfg = s.cfg
		s.reloadMu.RUnlock()
	}
	c.mu.Unlock()
	s.register(c)
}

func (s *Server) Reload(cfg string) {
	s.reloadMu.Lock()
	defer s.reloadMu.Unlock()
	s.cfg = cfg
	s.mu.Lock()
	conns := append([]*client(nil), s.conns...)
	s.mu.Unlock()
	for _, c := range conns {
		c.mu.Lock() // want `lock order inversion: \(\*Server\)\.Reload takes Server\.reloadMu then client\.mu; \(\*Server\)\.Leak takes client\.mu then Server\.reloadMu`
		c.cfg = cfg
		c.mu.Unlock()
	}
}
