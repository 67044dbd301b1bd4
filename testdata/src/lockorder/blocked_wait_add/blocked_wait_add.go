// Package blocked_wait_add shows a WaitGroup whose Add is guarded by the
// lock its Wait holds (gubernator's PeerClient: "GUARDED_BY(wgMutex)",
// so that no request is added while Shutdown drains them). Request locks
// wgMutex only around its Add; its deferred Done needs nothing, and a
// Wait only waits for requests that have passed their Add: Shutdown,
// waiting with wgMutex held, cannot deadlock with them; silent. Job
// locks jobMu after its Add, before its Done, and Drain waits holding
// jobMu: reported.
package blocked_wait_add

import "sync"

type Client struct {
	wgMutex sync.Mutex
	wg      sync.WaitGroup
	jobMu   sync.Mutex
	jobs    sync.WaitGroup
	n       int
}

func (c *Client) Request() {
	c.wgMutex.Lock()
	c.wg.Add(1)
	c.wgMutex.Unlock()
	defer c.wg.Done()
	c.n++
}

func (c *Client) Shutdown() {
	c.wgMutex.Lock()
	defer c.wgMutex.Unlock()
	c.wg.Wait()
}

func (c *Client) Job() {
	c.jobs.Add(1)
	defer c.jobs.Done()
	c.jobMu.Lock()
	c.n++
	c.jobMu.Unlock()
}

func (c *Client) Drain() {
	c.jobMu.Lock()
	defer c.jobMu.Unlock()
	c.jobs.Wait() // want `^c\.jobMu is held while waiting for c\.jobs, and the only Done caller, \(\*Client\)\.Job, locks c\.jobMu before it calls Done`
}
