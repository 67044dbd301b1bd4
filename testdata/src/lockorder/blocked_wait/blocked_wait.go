// Package blocked_wait shows wg.Wait made while holding a lock that the
// goroutines it waits for take before they call Done.
//
// Pool.Refresh holds p.mu while it refreshes every connection in a
// goroutine of its own and waits for them; each goroutine stores its
// result under p.mu before its deferred Done runs, so none can finish
// while Refresh holds p.mu: Refresh waits for them and they wait for
// Refresh. Reported on the Wait.
//
// Reload does the same with WaitGroup.Go: each function's Done comes when
// it returns, after it has locked p.mu.
//
// Near misses: a worker that can return before it locks (a path reaches
// Done without the lock, so the engine cannot show that every Done waits
// for it), workers that call Done before they lock, and read locks on
// both sides.
package blocked_wait

import "sync"

type Pool struct {
	mu    sync.Mutex
	conns []string
	alive map[string]bool
}

func (p *Pool) Refresh(ping func(string) bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var wg sync.WaitGroup
	for _, c := range p.conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok := ping(c)
			p.mu.Lock()
			p.alive[c] = ok
			p.mu.Unlock()
		}()
	}
	wg.Wait() // want `^p\.mu is held while waiting for wg, and the only Done caller, the function literal in \(\*Pool\)\.Refresh, locks p\.mu before it calls Done: the goroutines deadlock; release p\.mu first$`
}

func (p *Pool) Reload(load func(string) bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var wg sync.WaitGroup
	for _, c := range p.conns {
		wg.Go(func() {
			ok := load(c)
			p.mu.Lock()
			p.alive[c] = ok
			p.mu.Unlock()
		})
	}
	wg.Wait() // want `^p\.mu is held while waiting for wg, and the only Done caller, the function literal in \(\*Pool\)\.Reload, locks p\.mu before it calls Done: the goroutines deadlock; release p\.mu first$`
}

// Probe's workers may return before they lock: some Done calls do not
// wait for p.mu.
func (p *Pool) Probe(ping func(string) bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var wg sync.WaitGroup
	for _, c := range p.conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if !ping(c) {
				return
			}
			p.mu.Lock()
			p.alive[c] = true
			p.mu.Unlock()
		}()
	}
	wg.Wait()
}

// Count's workers call Done first, then lock.
func (p *Pool) Count(ping func(string) bool) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	var wg sync.WaitGroup
	n := 0
	for _, c := range p.conns {
		wg.Add(1)
		go func() {
			ok := ping(c)
			wg.Done()
			if ok {
				p.mu.Lock()
				n++
				p.mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return n
}

// Cache takes its lock for reading on both sides: readers do not exclude
// each other.
type Cache struct {
	mu   sync.RWMutex
	data map[string]string
}

func (c *Cache) Warm(keys []string, use func(string)) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.mu.RLock()
			v := c.data[k]
			c.mu.RUnlock()
			use(v)
		}()
	}
	wg.Wait()
}
