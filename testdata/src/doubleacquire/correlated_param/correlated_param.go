// Package correlated_param shows a getter that locks only when its
// caller says it does not hold the lock. Called with locked=true while
// holding b.mu it does not lock, which is fine; called with locked=false
// while holding b.mu it locks again and blocks forever.
package correlated_param

import "sync"

type Book struct {
	mu     sync.Mutex
	prices map[string]int
}

func (b *Book) get(sym string, locked bool) (int, bool) {
	if !locked {
		b.mu.Lock()
	}
	p, ok := b.prices[sym]
	if !locked {
		b.mu.Unlock()
	}
	return p, ok
}

// Price is the public getter.
func (b *Book) Price(sym string) (int, bool) { return b.get(sym, false) }

// Spread holds the lock and tells get so.
func (b *Book) Spread(bid, ask string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	x, _ := b.get(bid, true)
	y, _ := b.get(ask, true)
	return y - x
}

// SpreadWrong holds the lock but passes false for the second symbol.
func (b *Book) SpreadWrong(bid, ask string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	x, _ := b.get(bid, true)
	y, _ := b.get(ask, false) // want `^b\.mu is already held; b\.get locks it again`
	return y - x
}
