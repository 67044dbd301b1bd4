// Package instance_order shows which pairs of instances of one lock
// class held together depend on the caller's arguments. TransferByKey
// looks both accounts up by keys its caller passes: a concurrent call
// with the keys swapped deadlocks, so it is reported. Compare locks the
// first replica, then each other one in slice order (the shape of raft's
// (*cluster).EnsureSame): every caller takes them in the order the
// slice fixes, and the wrapper function between the slice and the lock
// does not change that, so it is silent. Merge folds every other group
// into g, holding g and each other group's lock together in an order
// its argument gives, but always under the registry's write lock (the
// shape of etcd's (*watchBroadcasts).coalesce): concurrent merges
// exclude each other, so it is silent too.
package instance_order

import "sync"

type Account struct {
	mu      sync.Mutex
	balance int
}

type Bank struct {
	accounts map[string]*Account
}

func (b *Bank) TransferByKey(from, to string, n int) {
	src, dst := b.accounts[from], b.accounts[to]
	src.mu.Lock()
	defer src.mu.Unlock()
	dst.mu.Lock() // want `^src\.mu and dst\.mu are both Account\.mu, held together by \(\*Bank\)\.TransferByKey in the order its arguments give`
	defer dst.mu.Unlock()
	src.balance -= n
	dst.balance += n
}

type Replica struct {
	mu  sync.Mutex
	log []string
}

type Cluster struct {
	replicas []any
}

func asReplica(x any) *Replica { return x.(*Replica) }

// Compare reports whether every replica has the first one's log length.
func (c *Cluster) Compare() bool {
	first := asReplica(c.replicas[0])
	first.mu.Lock()
	defer first.mu.Unlock()
	for i, raw := range c.replicas {
		if i == 0 {
			continue
		}
		r := asReplica(raw)
		r.mu.Lock()
		same := len(r.log) == len(first.log)
		r.mu.Unlock()
		if !same {
			return false
		}
	}
	return true
}

type Group struct {
	mu      sync.Mutex
	members []string
}

type Registry struct {
	mu     sync.Mutex
	groups map[*Group]bool
}

func (reg *Registry) Merge(g *Group) {
	reg.mu.Lock()
	defer reg.mu.Unlock()
	for other := range reg.groups {
		if other == g {
			continue
		}
		g.mu.Lock()
		other.mu.Lock()
		other.members = append(other.members, g.members...)
		other.mu.Unlock()
		g.mu.Unlock()
	}
}
