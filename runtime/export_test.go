package runtime

// ResetLockOrder forgets every lock class and lock-order edge, so that the
// lock-order tests see new edges again under go test -count=N. Locks already
// used keep their old classes.
func ResetLockOrder() {
	graph.mu.Lock()
	defer graph.mu.Unlock()
	graph.classes = nil
}
