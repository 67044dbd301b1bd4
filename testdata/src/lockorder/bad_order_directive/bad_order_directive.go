// Package bad_order_directive holds malformed //locklint:order comments
// (and an ignore naming no pass, which lockorder reports too).
// Each is reported at the comment and declares nothing: a declaration
// that silently failed to parse would leave the order it meant to enforce
// unchecked. The well-formed declaration beside them, which the code
// follows, is silent.
package bad_order_directive

import "sync"

// want +1 `^malformed directive: //locklint:order: no type or package variable "Nope" in lockorder/bad_order_directive$`
//locklint:order Nope.mu < Store.mu

// want +1 `^malformed directive: //locklint:order needs at least two locks: //locklint:order A\.mu < B\.mu \(got "Store\.mu"\)$`
//locklint:order Store.mu

// want +1 `^malformed directive: //locklint:order: Store has no field lock$`
//locklint:order Store.lock < Cache.mu

// want +1 `^malformed directive: //locklint:order: "Store" names a type; name its lock field \(Store\.mu\)$`
//locklint:order Store < Cache.mu

//locklint:order Store.mu < Cache.mu

type Store struct {
	mu   sync.Mutex
	rows map[string]string
}

type Cache struct {
	mu   sync.Mutex
	hits map[string]string
}

// Get takes Store.mu then Cache.mu, as declared.
func (s *Store) Get(c *Cache, k string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.rows[k]
	c.mu.Lock()
	c.hits[k] = v
	c.mu.Unlock()
	return v
}

// Hits has an ignore naming no locklint pass: it takes no effect, and
// lockorder reports it (the pass that reports malformed directives no
// other pass owns).
func (c *Cache) Hits() int {
	// want +1 `^malformed directive: //locklint:ignore names "lockordr", which is not a locklint pass \(condwait, doubleacquire, lockorder, unreleased\)$`
	//locklint:ignore lockordr typo in the pass name
	return len(c.hits)
}
