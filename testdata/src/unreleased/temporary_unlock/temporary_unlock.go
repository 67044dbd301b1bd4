// Package temporary_unlock shows the shape of crypto/tls's handshake
// locking: flushSlow is called with c.mu held, drops it around slow I/O
// with c.mu.Unlock(); defer c.mu.Lock(), and so returns holding it
// again. Callers that lock c.mu, defer the Unlock and call flushSlow,
// even twice, release it exactly once: nothing is reported.
package temporary_unlock

import (
	"io"
	"sync"
)

type Conn struct {
	mu      sync.Mutex
	w       io.Writer
	pending []byte
	err     error
}

// flushSlow writes the pending bytes. It is called with c.mu held and
// returns with it held, but does not hold it during the write.
func (c *Conn) flushSlow() error {
	buf := c.pending
	c.pending = nil
	c.mu.Unlock()
	defer c.mu.Lock()
	_, err := c.w.Write(buf)
	return err
}

// Write queues b and flushes it.
func (c *Conn) Write(b []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return c.err
	}
	c.pending = append(c.pending, b...)
	c.err = c.flushSlow()
	return c.err
}

// WriteTwo flushes a header and a body separately.
func (c *Conn) WriteTwo(header, body []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pending = append(c.pending, header...)
	if err := c.flushSlow(); err != nil {
		return err
	}
	c.pending = append(c.pending, body...)
	return c.flushSlow()
}
