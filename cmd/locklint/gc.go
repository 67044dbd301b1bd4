package main

// The collector's settings of a standalone run.
//
// A run allocates a lot and keeps little: each package's syntax, types
// and SSA are dropped once its facts are out. At Go's default GOGC=100
// the collector took a third of the CPU of a run on nats-server, while
// its peak stayed at half of golintmu's. So a standalone run collects at
// GOGC=400 under a soft memory limit of 1.5 GiB: small and middle-sized
// runs collect rarely, and large ones (std with its tests) are held near
// the limit. Where the live heap itself grows past half the limit (a
// repository larger than any we measured), holding it there would make
// the collector run back to back, so after each collection the limit is
// raised to twice the live heap: the default's behaviour. A user's GOGC or
// GOMEMLIMIT leaves everything as the user set it. BENCHMARKS.md has the
// figures.

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

const (
	standaloneGCPercent = 400
	standaloneMemLimit  = 1536 << 20
)

// tuneStandaloneGC sets the collector of a standalone run (see above)
// unless the environment sets GOGC or GOMEMLIMIT.
func tuneStandaloneGC(getenv func(string) string) {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(standaloneGCPercent)
	debug.SetMemoryLimit(standaloneMemLimit)
	watchLiveHeap(standaloneMemLimit)
}

// nextMemLimit returns the memory limit to set after a collection that
// left live bytes in use, under limit cur.
func nextMemLimit(live, cur int64) int64 {
	if 2*live > cur {
		return 2 * live
	}
	return cur
}

// watchLiveHeap raises the memory limit after each collection as
// nextMemLimit says, for the rest of the process.
func watchLiveHeap(limit int64) {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var arm func()
	arm = func() {
		sentinel := new([16]byte)
		runtime.SetFinalizer(sentinel, func(*[16]byte) {
			metrics.Read(sample)
			if sample[0].Value.Kind() == metrics.KindUint64 {
				if next := nextMemLimit(int64(sample[0].Value.Uint64()), limit); next != limit {
					limit = next
					debug.SetMemoryLimit(limit)
				}
			}
			arm()
		})
	}
	arm()
}
