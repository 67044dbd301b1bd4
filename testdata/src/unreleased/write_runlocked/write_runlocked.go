// Package write_runlocked shows an RWMutex write-locked and released by a
// deferred RUnlock: a fatal error at run time, reported on the defer
// line. Using the RLocker's Lock/Unlock pair, which read-locks, is fine.
package write_runlocked

import "sync"

type Config struct {
	mu     sync.RWMutex
	values map[string]string
}

// Set releases the write lock with RUnlock.
func (c *Config) Set(key, value string) {
	c.mu.Lock()
	defer c.mu.RUnlock() // want `^c\.mu is write-locked but released with RUnlock: a fatal error at run time; use Unlock$`
	c.values[key] = value
}

// SetFixed pairs Lock with Unlock.
func (c *Config) SetFixed(key, value string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.values[key] = value
}

// Get read-locks through the RLocker.
func (c *Config) Get(key string) string {
	l := c.mu.RLocker()
	l.Lock()
	defer l.Unlock()
	return c.values[key]
}

// Snapshot hands the RLocker to a helper that takes a sync.Locker.
func (c *Config) Snapshot() map[string]string {
	out := map[string]string{}
	withLock(c.mu.RLocker(), func() {
		for k, v := range c.values {
			out[k] = v
		}
	})
	return out
}

func withLock(l sync.Locker, f func()) {
	l.Lock()
	defer l.Unlock()
	f()
}
