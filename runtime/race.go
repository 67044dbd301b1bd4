//go:build race

package runtime

// raceEnabled is true when the race detector is on.
const raceEnabled = true
