// Package transfer shows two locks of one class held together in the
// order the arguments give: Transfer(a, b) and a concurrent Transfer(b, a)
// each hold one account and wait for the other (and Transfer(a, a) blocks
// on itself). Both Transfer and (*Account).MoveTo are reported at the
// second Lock. Near misses, all silent:
//   - TransferOrdered picks which account to lock first by id, and Swap
//     does the same through the lockPair helper: every caller takes them
//     in one global order;
//   - (*Node).Grow locks a node then its parent, reached through the
//     first: every caller climbs the tree child before parent, an order
//     the tree itself fixes;
//   - (*Pipe).Pump locks two different fields of one object, c.in then
//     c.out: which buffer comes first is fixed by the field, not by an
//     argument.
package transfer

import (
	"errors"
	"sync"
)

var ErrInsufficient = errors.New("insufficient funds")

type Account struct {
	id      int64
	mu      sync.Mutex
	balance int64
}

// Transfer locks from, then to: Transfer(b, a) at the same time deadlocks.
func Transfer(from, to *Account, amount int64) error {
	from.mu.Lock()
	defer from.mu.Unlock()
	to.mu.Lock() // want `^from\.mu and to\.mu are both Account\.mu, held together by Transfer in the order its arguments give: a concurrent call with the two swapped deadlocks \(and the same lock twice blocks forever\); lock them in a fixed order \(by a unique key\), or mark deliberate nesting with //locklint:nested <reason>$`
	defer to.mu.Unlock()
	if from.balance < amount {
		return ErrInsufficient
	}
	from.balance -= amount
	to.balance += amount
	return nil
}

// MoveTo is Transfer as a method: the receiver, then the argument.
func (a *Account) MoveTo(to *Account, amount int64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	to.mu.Lock() // want `^a\.mu and to\.mu are both Account\.mu, held together by \(\*Account\)\.MoveTo in the order its arguments give: `
	defer to.mu.Unlock()
	a.balance -= amount
	to.balance += amount
}

// TransferOrdered locks the account with the smaller id first.
func TransferOrdered(a, b *Account, amount int64) error {
	first, second := a, b
	if b.id < a.id {
		first, second = b, a
	}
	first.mu.Lock()
	defer first.mu.Unlock()
	second.mu.Lock()
	defer second.mu.Unlock()
	if a.balance < amount {
		return ErrInsufficient
	}
	a.balance -= amount
	b.balance += amount
	return nil
}

// lockPair locks two accounts in id order and returns holding both.
func lockPair(a, b *Account) {
	first, second := a, b
	if b.id < a.id {
		first, second = b, a
	}
	first.mu.Lock()
	second.mu.Lock()
}

func unlockPair(a, b *Account) {
	a.mu.Unlock()
	b.mu.Unlock()
}

// Swap exchanges two balances under lockPair.
func Swap(a, b *Account) {
	lockPair(a, b)
	defer unlockPair(a, b)
	a.balance, b.balance = b.balance, a.balance
}

type Node struct {
	mu     sync.Mutex
	parent *Node
	size   int
}

// Grow locks a node, then its parent: the parent is reached through the
// node, so every caller climbs the tree the same way.
func (n *Node) Grow(delta int) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.size += delta
	if p := n.parent; p != nil {
		p.mu.Lock()
		p.size += delta
		p.mu.Unlock()
	}
}

// GrowParent is Grow written with the path spelled out.
func (n *Node) GrowParent(delta int) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.parent == nil {
		return
	}
	n.parent.mu.Lock()
	n.parent.size += delta
	n.parent.mu.Unlock()
}

type Buffer struct {
	mu   sync.Mutex
	data []byte
}

type Pipe struct {
	in, out *Buffer
}

// Pump moves the input buffer to the output buffer, always in then out.
func (c *Pipe) Pump() int {
	c.in.mu.Lock()
	defer c.in.mu.Unlock()
	c.out.mu.Lock()
	defer c.out.mu.Unlock()
	n := len(c.in.data)
	c.out.data = append(c.out.data, c.in.data...)
	c.in.data = c.in.data[:0]
	return n
}
