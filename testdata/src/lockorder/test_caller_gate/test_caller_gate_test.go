package test_caller_gate

import "testing"

func TestSwapBare(t *testing.T) {
	s := &Store{}
	s.swapLocked()
	if s.n != -1 {
		t.Fatal(s.n)
	}
}
