package test_recursive_read_flag

import "testing"

func TestLookupUnderReadLock(t *testing.T) {
	r := &Registry{nodes: map[string]int{}}
	r.Register("meta", 1)
	r.mu.RLock()
	n, ok := r.Lookup("meta") // want `r\.mu is already read-locked by this goroutine; r\.Lookup locks it again with RLock`
	r.mu.RUnlock()
	if !ok || n != 1 {
		t.Fatal(n, ok)
	}
}
