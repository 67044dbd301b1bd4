// Package deepphis holds a lock reached through loop phis with many
// identical edges: old is set in a loop under a condition of many &&
// terms (each of which adds an edge carrying the previous value), the
// shape of nats-server's (*Server).addLeafNodeConnection. Resolving the
// lock's path must take time linear in the phis: before paths were
// memoised for the values met on the way (and a value met again while it
// was being resolved stopped the recursion), each edge resolved the loop
// phi again, six edges deep to a depth cut of 32, and the engine never
// finished on that package.
package deepphis

import "sync"

type node struct {
	Mu                     sync.Mutex // exported, so that the fact keeps it (see leaflocks)
	a, b, c, d, e, f, name string
}

// Replace finds the node with these attributes, if any, and locks it.
func Replace(nodes []*node, a, b, c, d, e, f string) { // want Replace:`lockstate\(acquires nodes\[\*\].Mu\)`
	var old *node
	for _, n := range nodes {
		n.Mu.Lock()
		if n.a == a && n.b == b && n.c == c && n.d == d && n.e == e && n.f == f && n.name != "" {
			old = n
		}
		n.Mu.Unlock()
		if old != nil {
			break
		}
	}
	if old != nil {
		old.Mu.Lock()
		old.name = ""
		old.Mu.Unlock()
	}
}
