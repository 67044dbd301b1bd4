// Package perclass pins the bound on a summary's acquisitions of one
// class: Touch reaches Node.Mu through six paths; its summary keeps the
// four shortest (maxPerClass), which is all a caller can name and more
// than the class-level order edges need.
package perclass

import "sync"

type Node struct {
	Mu   sync.Mutex
	L, R *Node
}

func Touch(n *Node) { // want Touch:`lockstate\(acquires n.Mu, acquires n.L.Mu, acquires n.L.L.Mu, acquires n.R.Mu\)`
	n.Mu.Lock()
	n.Mu.Unlock()
	n.L.L.Mu.Lock()
	n.L.L.Mu.Unlock()
	n.L.Mu.Lock()
	n.L.Mu.Unlock()
	n.L.R.Mu.Lock()
	n.L.R.Mu.Unlock()
	n.R.Mu.Lock()
	n.R.Mu.Unlock()
	n.R.L.Mu.Lock()
	n.R.L.Mu.Unlock()
}
