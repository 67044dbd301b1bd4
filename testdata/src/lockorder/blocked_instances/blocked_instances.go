// Package blocked_instances shows that the lock the counterpart takes
// must be the waiter's, not another lock of the same class.
//
// Node.Notify holds n.mu and sends on n.inbox; the node's own loop locks
// n.mu before each receive: reported. Tree.Push holds the parent's mutex
// and sends on a child's inbox; the child's loop locks the child's own
// mutex, another instance of Branch.mu, so the parent's lock does not
// stop it: silent.
package blocked_instances

import "sync"

type Node struct {
	mu    sync.Mutex
	inbox chan int
	sum   int
}

func NewNode() *Node {
	n := &Node{inbox: make(chan int)}
	go n.loop()
	return n
}

func (n *Node) loop() {
	for {
		n.mu.Lock()
		n.sum++
		n.mu.Unlock()
		<-n.inbox
	}
}

func (n *Node) Notify(v int) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.inbox <- v // want `^n\.mu is held while sending on n\.inbox, and the only receiver, \(\*Node\)\.loop, locks n\.mu before it receives: the goroutines deadlock; release n\.mu first$`
}

type Branch struct {
	mu       sync.Mutex
	inbox    chan int
	children []*Branch
	sum      int
}

func NewBranch() *Branch {
	b := &Branch{inbox: make(chan int)}
	go b.loop()
	return b
}

func (b *Branch) loop() {
	for {
		b.mu.Lock()
		b.sum++
		b.mu.Unlock()
		<-b.inbox
	}
}

func (b *Branch) Push(v int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, c := range b.children {
		c.inbox <- v
	}
}
