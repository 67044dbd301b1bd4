// Package local_mutex shows a mutex declared inside a function to guard
// results gathered by goroutines. After wg.Wait the function locks it to
// read the results and, instead of unlocking, locks it again: it blocks
// forever. The variant with Unlock is fine.
package local_mutex

import "sync"

// FetchAll fetches every URL concurrently and returns the sizes.
func FetchAll(urls []string, fetch func(string) int) []int {
	var (
		mu      sync.Mutex
		wg      sync.WaitGroup
		results []int
	)
	for _, u := range urls {
		wg.Add(1)
		go func(u string) {
			defer wg.Done()
			n := fetch(u)
			mu.Lock()
			results = append(results, n)
			mu.Unlock()
		}(u)
	}
	wg.Wait()
	mu.Lock()
	out := append([]int(nil), results...)
	mu.Lock() // want `^mu is already held; this Lock blocks forever \(sync\.Mutex is not reentrant\)`
	return out
}

// FetchAllFixed releases the lock after copying the results.
func FetchAllFixed(urls []string, fetch func(string) int) []int {
	var (
		mu      sync.Mutex
		wg      sync.WaitGroup
		results []int
	)
	for _, u := range urls {
		wg.Add(1)
		go func(u string) {
			defer wg.Done()
			n := fetch(u)
			mu.Lock()
			results = append(results, n)
			mu.Unlock()
		}(u)
	}
	wg.Wait()
	mu.Lock()
	out := append([]int(nil), results...)
	mu.Unlock()
	return out
}
