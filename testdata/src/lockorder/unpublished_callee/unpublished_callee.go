// Package unpublished_callee shows a new object configured, under
// another lock, through its own methods that lock it with a deferred
// unlock (hashicorp/vault's NewClient holds the config's lock and calls
// client.AddHeader on the client it is making): a method that only locks
// its receiver and defers the unlock keeps nothing, so the client is not
// yet published and the edge orders nothing: silent. NewShared is the
// near miss: it registers the client (a method that keeps it) first, and
// the inversion with SetRedirect is reported.
package unpublished_callee

import "sync"

type Config struct {
	modifyLock sync.RWMutex
	redirect   string
}

type Client struct {
	modifyLock sync.RWMutex
	config     *Config
	headers    map[string]string
}

type Registry struct {
	mu      sync.Mutex
	clients []*Client
}

func NewClient(c *Config, key, value string) *Client {
	c.modifyLock.Lock()
	defer c.modifyLock.Unlock()
	client := &Client{config: c, headers: make(map[string]string)}
	client.AddHeader(key, value)
	return client
}

func NewShared(r *Registry, c *Config, key, value string) *Client {
	c.modifyLock.Lock()
	defer c.modifyLock.Unlock()
	client := &Client{config: c, headers: make(map[string]string)}
	r.add(client)
	client.AddHeader(key, value) // want `^lock order inversion: NewShared takes Config\.modifyLock then Client\.modifyLock; \(\*Client\)\.SetRedirect takes Client\.modifyLock then Config\.modifyLock`
	return client
}

func (r *Registry) add(c *Client) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.clients = append(r.clients, c)
}

func (c *Client) AddHeader(key, value string) {
	c.modifyLock.Lock()
	defer c.modifyLock.Unlock()
	c.headers[key] = value
}

func (c *Client) SetRedirect(to string) {
	c.modifyLock.Lock()
	defer c.modifyLock.Unlock()
	c.config.modifyLock.Lock() // want `^lock order inversion: \(\*Client\)\.SetRedirect takes Client\.modifyLock then Config\.modifyLock; NewShared takes Config\.modifyLock then Client\.modifyLock`
	defer c.config.modifyLock.Unlock()
	c.config.redirect = to
}
