// Package never_released shows a mutex declared inside a function that
// nothing else can reach, locked and never unlocked on any path: it is
// left locked for good. The variant that defers the Unlock is fine, and
// so, for this pass, is a local mutex that closures also lock and
// unlock: another function releases it, so it is not a lock that nothing
// ever releases.
package never_released

import (
	"strings"
	"sync"
)

// Histogram was concurrent once; the lock survived the rewrite, its
// Unlock did not.
func Histogram(values []int, width int) map[int]int {
	var mu sync.Mutex // guards buckets
	buckets := map[int]int{}
	mu.Lock()
	for _, v := range values {
		buckets[v/width]++
	}
	return buckets // want `^mu is locked and never unlocked: every later Lock of it blocks forever; unlock it, or defer the Unlock right after Lock$`
}

// Tally ends without a return statement.
func Tally(votes []string, out map[string]int) {
	var mu sync.Mutex // guards out
	mu.Lock()
	for _, v := range votes {
		out[v]++
	}
} // want `^mu is locked and never unlocked`

// TallyFixed defers the Unlock.
func TallyFixed(votes []string, out map[string]int) {
	var mu sync.Mutex
	mu.Lock()
	defer mu.Unlock()
	for _, v := range votes {
		out[v]++
	}
}

// CountWords shares mu with its goroutines, which unlock it.
func CountWords(docs []string) map[string]int {
	var (
		mu     sync.Mutex
		wg     sync.WaitGroup
		counts = map[string]int{}
	)
	for _, d := range docs {
		wg.Add(1)
		go func(d string) {
			defer wg.Done()
			for _, w := range strings.Fields(d) {
				mu.Lock()
				counts[w]++
				mu.Unlock()
			}
		}(d)
	}
	wg.Wait()
	mu.Lock()
	return counts
}
