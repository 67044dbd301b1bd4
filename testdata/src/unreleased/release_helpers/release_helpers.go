// Package release_helpers shows acquire and release helpers: lockAll
// returns holding both locks and unlockAll releases them, begin returns
// the release func. None of them is reported, nor are callers that pair
// them. Unlocking l.a by hand and then calling unlockAll releases l.a
// twice, a fatal error at run time.
package release_helpers

import "sync"

type Ledger struct {
	a, b    sync.Mutex
	debits  []int64
	credits []int64
}

func (l *Ledger) lockAll() {
	l.a.Lock()
	l.b.Lock()
}

func (l *Ledger) unlockAll() {
	l.b.Unlock()
	l.a.Unlock()
}

// begin locks the ledger and returns the func that unlocks it.
func (l *Ledger) begin() (release func()) {
	l.lockAll()
	return l.unlockAll
}

func (l *Ledger) Post(amount int64) {
	l.lockAll()
	defer l.unlockAll()
	l.debits = append(l.debits, amount)
	l.credits = append(l.credits, amount)
}

func (l *Ledger) Balance() int64 {
	release := l.begin()
	defer release()
	var sum int64
	for i := range l.debits {
		sum += l.credits[i] - l.debits[i]
	}
	return sum
}

func (l *Ledger) Reset() {
	l.lockAll()
	l.debits, l.credits = nil, nil
	l.unlockAll()
}

// Close releases a early, then releases everything.
func (l *Ledger) Close() {
	l.lockAll()
	l.debits = nil
	l.a.Unlock()
	l.credits = nil
	l.unlockAll() // want `^l\.a is not locked here \(it was already unlocked on this path\), but l\.unlockAll unlocks it: a fatal error at run time; remove the earlier unlock or this call$`
}
