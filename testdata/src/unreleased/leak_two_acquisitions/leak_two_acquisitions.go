// Package leak_two_acquisitions: a lock taken in either branch of an if
// and left held at one return is one mistake, reported once at the
// return with both acquisitions as related positions (go vet and
// golangci-lint showed it twice).
package leak_two_acquisitions

import "sync"

type S struct{ mu sync.Mutex }

func (s *S) F(p, q bool) {
	if p {
		s.mu.Lock()
	} else {
		s.mu.Lock()
	}
	if q {
		s.mu.Unlock()
		return
	}
	return // want `^s\.mu is still locked after this return, but other paths unlock it: unlock it before the return, or defer the Unlock right after Lock$`
}
