package test_recursive_read

import "testing"

func TestLookupUnderReadLock(t *testing.T) {
	r := &Registry{nodes: map[string]int{}}
	r.Register("meta", 1)
	r.mu.RLock()
	n, ok := r.Lookup("meta")
	r.mu.RUnlock()
	if !ok || n != 1 {
		t.Fatal(n, ok)
	}
}

func TestLookupUnderWriteLock(t *testing.T) {
	r := &Registry{nodes: map[string]int{}}
	r.mu.Lock()
	_, ok := r.Lookup("meta") // want `r\.mu is write-locked by this goroutine; r\.Lookup locks it with RLock, which waits for the writer`
	r.mu.Unlock()
	if ok {
		t.Fatal("found")
	}
}
