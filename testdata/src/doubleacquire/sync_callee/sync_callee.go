// Package sync_callee shows functions run synchronously by the standard
// library while the caller holds a lock: sync.Once.Do (a template
// registry installing its built-ins on first lookup), sort.Slice and
// slices.SortFunc (a leaderboard whose comparison reads scores through
// a locking accessor). Each locks the mutex the caller holds and blocks
// forever; the report is on the Do or sort call. A once-function that
// locks another mutex, and a comparison that reads the map directly, are
// fine.
package sync_callee

import (
	"slices"
	"sort"
	"sync"
)

type Templates struct {
	mu     sync.Mutex
	once   sync.Once
	byName map[string]string
}

func (t *Templates) Lookup(name string) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.once.Do(func() { // want `^t\.mu is already held; t\.once\.Do calls the function literal in \(\*Templates\)\.Lookup, which locks it again, so the call blocks forever \(sync\.Mutex is not reentrant\): release it before the call or call a variant that expects it held$`
		t.mu.Lock()
		defer t.mu.Unlock()
		t.byName = map[string]string{"greeting": "hello"}
	})
	return t.byName[name]
}

var (
	defaultsMu sync.Mutex
	defaults   = map[string]string{}
)

type Geo struct {
	mu    sync.Mutex
	once  sync.Once
	table map[string]string
}

func (g *Geo) Region(addr string) string {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.once.Do(func() {
		defaultsMu.Lock()
		g.table = defaults
		defaultsMu.Unlock()
	})
	return g.table[addr]
}

type Board struct {
	mu     sync.Mutex
	scores map[string]int
}

func (b *Board) Score(p string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.scores[p]
}

func (b *Board) Top() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var ps []string
	for p := range b.scores {
		ps = append(ps, p)
	}
	sort.Slice(ps, func(i, j int) bool { // want `^b\.mu is already held; sort\.Slice calls the function literal in \(\*Board\)\.Top, which calls \(\*Board\)\.Score, which locks it again, so the call blocks forever \(sync\.Mutex is not reentrant\): release it before the call or call a variant that expects it held$`
		return b.Score(ps[i]) > b.Score(ps[j])
	})
	return ps
}

func (b *Board) Bottom() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var ps []string
	for p := range b.scores {
		ps = append(ps, p)
	}
	slices.SortFunc(ps, func(x, y string) int { // want `^b\.mu is already held; slices\.SortFunc calls the function literal in \(\*Board\)\.Bottom, which calls \(\*Board\)\.Score, which locks it again, so the call blocks forever \(sync\.Mutex is not reentrant\): release it before the call or call a variant that expects it held$`
		return b.Score(x) - b.Score(y)
	})
	return ps
}

func (b *Board) Sorted() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var ps []string
	for p := range b.scores {
		ps = append(ps, p)
	}
	sort.Slice(ps, func(i, j int) bool { return b.scores[ps[i]] > b.scores[ps[j]] })
	return ps
}
