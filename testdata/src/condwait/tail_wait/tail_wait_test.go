package tail_wait

import "testing"

// The test waits once on purpose: it does not make Wait's callers stop
// re-checking (test files do not weaken production functions).
func TestWaitReturnsAtOnce(t *testing.T) {
	q := New()
	q.Add(1)
	if !q.Wait() {
		t.Fatal("closed")
	}
}
