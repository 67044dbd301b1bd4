// Package nested_directive marks deliberate nestings with
// //locklint:nested <reason>, on the line of the inner Lock or alone on
// the line above it. A marked nesting adds no order edge, so the cycles
// it would close disappear: (*Tree).Insert and (*Tree).Rebalance take
// Tree.mu and Tree.statsMu in opposite orders, and (*Conn).Send and
// (*Conn).Recycle take Conn.writeMu and Conn.stateMu in opposite orders,
// but one side of each is marked. The unmarked twins (*Queue).Push and
// (*Queue).Drain are reported. A //locklint:nested without a reason is
// itself reported, at the comment.
package nested_directive

import "sync"

type Tree struct {
	mu    sync.Mutex
	root  *node
	size  int
	built bool

	statsMu sync.Mutex
	depth   int
}

type node struct {
	key         string
	left, right *node
}

// Insert takes Tree.mu then statsMu.
func (t *Tree) Insert(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.root = &node{key: key, left: t.root}
	t.size++
	t.statsMu.Lock()
	t.depth++
	t.statsMu.Unlock()
}

// Rebalance runs only from the tree's single background goroutine, before
// any Insert may run, and says so where it nests the locks.
func (t *Tree) Rebalance() {
	t.statsMu.Lock()
	defer t.statsMu.Unlock()
	t.mu.Lock() //locklint:nested Rebalance runs once, before the tree is published
	t.built = true
	t.mu.Unlock()
	t.depth = 0
}

type Conn struct {
	writeMu sync.Mutex
	buf     []byte

	stateMu sync.Mutex
	closed  bool
}

// Send takes writeMu then stateMu.
func (c *Conn) Send(p []byte) bool {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	c.stateMu.Lock()
	closed := c.closed
	c.stateMu.Unlock()
	if closed {
		return false
	}
	c.buf = append(c.buf, p...)
	return true
}

// Recycle is called only on connections that the pool has taken out of
// service, so no Send can run concurrently.
func (c *Conn) Recycle() {
	c.stateMu.Lock()
	defer c.stateMu.Unlock()
	//locklint:nested the pool recycles only idle connections, never during Send
	c.writeMu.Lock()
	c.buf = c.buf[:0]
	c.writeMu.Unlock()
	c.closed = false
}

type Queue struct {
	itemsMu sync.Mutex
	items   []string

	waitMu  sync.Mutex
	waiters int
}

// Push takes itemsMu then waitMu.
func (q *Queue) Push(s string) {
	q.itemsMu.Lock()
	defer q.itemsMu.Unlock()
	q.items = append(q.items, s)
	q.waitMu.Lock() // want `^lock order inversion: \(\*Queue\)\.Push takes Queue\.itemsMu then Queue\.waitMu; \(\*Queue\)\.Drain takes Queue\.waitMu then Queue\.itemsMu: `
	q.waiters = 0
	q.waitMu.Unlock()
}

// Drain takes waitMu then itemsMu, with no directive: the twin of
// Recycle, reported.
func (q *Queue) Drain() []string {
	q.waitMu.Lock()
	defer q.waitMu.Unlock()
	q.itemsMu.Lock() // want `^lock order inversion: \(\*Queue\)\.Drain takes Queue\.waitMu then Queue\.itemsMu; \(\*Queue\)\.Push takes Queue\.itemsMu then Queue\.waitMu: `
	defer q.itemsMu.Unlock()
	out := q.items
	q.items = nil
	return out
}

type Cursor struct {
	mu  sync.Mutex
	pos int
	buf *Conn
}

// Advance nests Conn.writeMu under Cursor.mu and marks it without saying
// why: the directive is reported.
func (cu *Cursor) Advance() {
	cu.mu.Lock()
	defer cu.mu.Unlock()
	// want +1 `^malformed directive: //locklint:nested needs a reason: //locklint:nested <why this nesting is safe>$`
	//locklint:nested
	cu.buf.writeMu.Lock()
	cu.pos = len(cu.buf.buf)
	cu.buf.writeMu.Unlock()
}
