// Package correlated_field shows a lock taken and released under the same
// comparison of a field, loaded afresh each time (the shape of
// nats-server's (*client).sendRouteSubOrUnSubProtos: `if sub.client !=
// nil && sub.client != c { sub.client.mu.Lock() } ... if sub.client !=
// nil && sub.client != c { sub.client.mu.Unlock() }`). Two loads of one
// field with no store between compare alike, so the two conditions
// correlate and nothing leaks. Mismatched is the near miss: it unlocks
// only if another field is set too, and the lock may stay held.
package correlated_field

import "sync"

type client struct {
	mu   sync.Mutex
	name string
}

type sub struct {
	client *client
	owner  *client
	subj   string
}

func Names(subs []*sub, self *client) []string {
	var out []string
	for _, s := range subs {
		var name string
		if s.client != nil && s.client != self {
			s.client.mu.Lock()
		}
		if s.client != nil {
			name = s.client.name
		}
		if s.client != nil && s.client != self {
			s.client.mu.Unlock()
		}
		out = append(out, name)
	}
	return out
}

func Mismatched(s *sub, self *client) {
	if s.client != nil && s.client != self {
		s.client.mu.Lock()
	}
	if s.client != nil && s.client != self && s.owner != nil {
		s.client.mu.Unlock()
	}
} // want `s\.client\.mu is still locked at the end of the function, but other paths unlock it`
