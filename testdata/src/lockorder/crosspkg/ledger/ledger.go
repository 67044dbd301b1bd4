// Package ledger is the upstream half of a cross-package inversion:
// (*Ledger).Append holds Ledger.Mu while (*Index).Add locks Index.Mu. On
// its own that order is consistent, and nothing is reported here; the
// package's fact carries the edge to its importers.
package ledger

import "sync"

// Index maps entry keys to positions.
type Index struct {
	Mu    sync.Mutex
	byKey map[string]int
}

// Add records the position of key. It locks ix.Mu.
func (ix *Index) Add(key string, pos int) {
	ix.Mu.Lock()
	defer ix.Mu.Unlock()
	if ix.byKey == nil {
		ix.byKey = map[string]int{}
	}
	ix.byKey[key] = pos
}

// Ledger is an append-only log with an index.
type Ledger struct {
	Mu      sync.Mutex
	entries []string
	idx     *Index
}

// Append adds an entry and indexes it, holding Ledger.Mu throughout.
func (l *Ledger) Append(key string) {
	l.Mu.Lock()
	defer l.Mu.Unlock()
	l.entries = append(l.entries, key)
	l.idx.Add(key, len(l.entries)-1)
}

// Len returns the number of entries.
func (l *Ledger) Len() int {
	l.Mu.Lock()
	defer l.Mu.Unlock()
	return len(l.entries)
}
