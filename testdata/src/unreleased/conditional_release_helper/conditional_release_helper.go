// Package conditional_release_helper shows a counter-guarded helper
// pair, the shape of syscall's acquireForkLock and releaseForkLock:
// beginSnapshot write-locks the global tableLock only when no snapshot
// is running, and endSnapshot unlocks it only when the last one ends.
// Neither helper always locks or always unlocks, so Snapshot, which
// pairs them, leaves nothing held, and calling Snapshot twice in a row
// is fine: the second call does not unlock a lock that is "not locked
// here".
package conditional_release_helper

import "sync"

var (
	tableLock sync.RWMutex // write-locked while any snapshot runs
	countMu   sync.Mutex   // guards running
	running   int          // snapshots sharing the write lock
	table     = map[string]int{}
)

func beginSnapshot() {
	countMu.Lock()
	defer countMu.Unlock()
	if running == 0 {
		tableLock.Lock()
	}
	running++
}

func endSnapshot() {
	countMu.Lock()
	defer countMu.Unlock()
	if running <= 0 {
		panic("endSnapshot without beginSnapshot")
	}
	running--
	if running == 0 {
		tableLock.Unlock()
	}
}

// Snapshot copies the table while no writer can change it.
func Snapshot() map[string]int {
	beginSnapshot()
	out := make(map[string]int, len(table))
	for k, v := range table {
		out[k] = v
	}
	endSnapshot()
	return out
}

// Compare takes two snapshots one after the other.
func Compare() bool {
	before := Snapshot()
	after := Snapshot()
	return len(before) == len(after)
}
