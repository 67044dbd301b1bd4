// Package if_fix pins the suggested fix for a Wait guarded by an if:
// when the if has no init statement and no else, the fix replaces the
// if keyword by for, so the condition is re-checked after every
// wake-up. An if with an else, or with an init statement (whose
// variable a for would never update), is reported without a fix.
package if_fix

import "sync"

// Mailbox holds messages for one receiver.
type Mailbox struct {
	mu   sync.Mutex
	cond *sync.Cond
	msgs []string
	hits int
}

func NewMailbox() *Mailbox {
	m := &Mailbox{}
	m.cond = sync.NewCond(&m.mu)
	return m
}

func (m *Mailbox) Send(msg string) {
	m.mu.Lock()
	m.msgs = append(m.msgs, msg)
	m.mu.Unlock()
	m.cond.Signal()
}

// Recv: a plain if; fixable.
func (m *Mailbox) Recv() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.msgs) == 0 {
		m.cond.Wait() // want `^m\.cond\.Wait is not in a loop that re-checks the condition`
	}
	msg := m.msgs[0]
	m.msgs = m.msgs[1:]
	return msg
}

// RecvCounted: an if with an else; no fix.
func (m *Mailbox) RecvCounted() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.msgs) == 0 {
		m.cond.Wait() // want `^m\.cond\.Wait is not in a loop that re-checks the condition`
	} else {
		m.hits++
	}
	msg := m.msgs[0]
	m.msgs = m.msgs[1:]
	return msg
}

// RecvInit: an if with an init statement; no fix.
func (m *Mailbox) RecvInit() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	if n := len(m.msgs); n == 0 {
		m.cond.Wait() // want `^m\.cond\.Wait is not in a loop that re-checks the condition`
	}
	msg := m.msgs[0]
	m.msgs = m.msgs[1:]
	return msg
}
