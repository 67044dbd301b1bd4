// Package blocked_callee shows a blocking operation reached through a
// call made while holding the lock, and counterparts that take the lock
// in a helper.
//
// Uploader.Flush holds u.mu and calls u.waitIdle, which receives from
// u.idle; the only sender, the uploader's loop, calls u.markIdle, which
// locks u.mu, before each send. Reported on the call of waitIdle.
//
// Near misses: Syncer's loop calls a helper that locks only when a
// condition holds, so a send can be reached without the lock.
package blocked_callee

import "sync"

type Uploader struct {
	mu    sync.Mutex
	queue []string
	idle  chan struct{}
}

func NewUploader() *Uploader {
	u := &Uploader{idle: make(chan struct{})}
	go u.loop()
	return u
}

func (u *Uploader) markIdle() {
	u.mu.Lock()
	u.queue = u.queue[:0]
	u.mu.Unlock()
}

func (u *Uploader) loop() {
	for {
		u.markIdle()
		u.idle <- struct{}{}
	}
}

func (u *Uploader) waitIdle() {
	<-u.idle
}

func (u *Uploader) Flush() {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.waitIdle() // want `^u\.mu is held while calling u\.waitIdle, which receives from u\.idle, and the only sender, \(\*Uploader\)\.loop, locks u\.mu before it sends: the goroutines deadlock; release u\.mu first$`
}

type Syncer struct {
	mu    sync.Mutex
	dirty bool
	tick  chan struct{}
}

func NewSyncer() *Syncer {
	s := &Syncer{tick: make(chan struct{})}
	go s.loop()
	return s
}

func (s *Syncer) maybeClear(force bool) {
	if force {
		s.mu.Lock()
		s.dirty = false
		s.mu.Unlock()
	}
}

func (s *Syncer) loop() {
	for i := 0; ; i++ {
		s.maybeClear(i%2 == 0)
		s.tick <- struct{}{}
	}
}

func (s *Syncer) Wait() {
	s.mu.Lock()
	defer s.mu.Unlock()
	<-s.tick
}
