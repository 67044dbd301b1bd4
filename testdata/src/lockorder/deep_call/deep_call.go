// Package deep_call shows an inversion whose edges are two calls deep on
// both sides: (*Pool).Close holds Pool.mu and calls logf, which calls
// (*Log).append, which locks Log.mu; (*Log).Flush holds Log.mu and calls
// size, which calls count, which locks Pool.mu. Each side is reported at
// its own call that leads to the second lock. Drain, which calls logf
// after releasing Pool.mu, is fine.
package deep_call

import (
	"io"
	"sync"
)

type Conn struct{ io.Closer }

type Log struct {
	mu    sync.Mutex
	lines []string
	w     io.Writer
}

func (l *Log) append(line string) {
	l.mu.Lock()
	l.lines = append(l.lines, line)
	l.mu.Unlock()
}

type Pool struct {
	mu    sync.Mutex
	conns []*Conn
	log   *Log
}

func (p *Pool) logf(msg string) { p.log.append("pool: " + msg) }

func (p *Pool) count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.conns)
}

func (p *Pool) size() int { return p.count() }

// Close logs while it holds Pool.mu.
func (p *Pool) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
	p.logf("closed") // want `^lock order inversion: \(\*Pool\)\.Close takes Pool\.mu then Log\.mu; \(\*Log\)\.Flush takes Log\.mu then Pool\.mu: goroutines in both can deadlock; take the locks in one order everywhere$`
}

// Flush asks the pool's size while it holds Log.mu: the other order.
func (l *Log) Flush(p *Pool) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := p.size() // want `^lock order inversion: \(\*Log\)\.Flush takes Log\.mu then Pool\.mu; \(\*Pool\)\.Close takes Pool\.mu then Log\.mu: goroutines in both can deadlock; take the locks in one order everywhere$`
	for _, line := range l.lines {
		if _, err := io.WriteString(l.w, line+"\n"); err != nil {
			return err
		}
	}
	l.lines = l.lines[:0]
	_ = n
	return nil
}

// Drain logs after it has released Pool.mu.
func (p *Pool) Drain() {
	p.mu.Lock()
	conns := p.conns
	p.conns = nil
	p.mu.Unlock()
	for _, c := range conns {
		c.Close()
	}
	p.logf("drained")
}
