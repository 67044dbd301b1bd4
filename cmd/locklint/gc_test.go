package main

import (
	"math"
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestTuneStandaloneGC checks that a standalone run raises its GC target
// under a memory limit, unless the user set GOGC or GOMEMLIMIT.
func TestTuneStandaloneGC(t *testing.T) {
	prevPercent := debug.SetGCPercent(100)
	prevLimit := debug.SetMemoryLimit(math.MaxInt64)
	defer func() {
		debug.SetGCPercent(prevPercent)
		debug.SetMemoryLimit(prevLimit)
	}()
	for _, env := range []map[string]string{{"GOGC": "50"}, {"GOMEMLIMIT": "1GiB"}} {
		tuneStandaloneGC(func(k string) string { return env[k] })
		assert.Equal(t, 100, debug.SetGCPercent(100), "%v: GOGC left alone", env)
		assert.Equal(t, int64(math.MaxInt64), debug.SetMemoryLimit(-1), "%v: limit left alone", env)
	}
	tuneStandaloneGC(func(string) string { return "" })
	assert.Equal(t, standaloneGCPercent, debug.SetGCPercent(100), "GOGC raised")
	assert.Equal(t, int64(standaloneMemLimit), debug.SetMemoryLimit(-1), "limit set")
}

// TestNextMemLimit checks that the limit follows a live heap past half
// of it, and only then.
func TestNextMemLimit(t *testing.T) {
	assert.Equal(t, int64(1000), nextMemLimit(400, 1000))
	assert.Equal(t, int64(1000), nextMemLimit(500, 1000))
	assert.Equal(t, int64(1200), nextMemLimit(600, 1000))
}
