package main

// This file is -cpuprofile and -memprofile.

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
)

// startProfiles starts the CPU profile into cpu, if not empty, and
// returns the function that stops it and writes the heap profile into
// mem, if not empty.
func startProfiles(cpu, mem string) (stop func(), err error) {
	stop = func() {}
	if cpu != "" {
		f, err := os.Create(cpu)
		if err != nil {
			return nil, fmt.Errorf("-cpuprofile: %v", err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return nil, fmt.Errorf("-cpuprofile: %v", err)
		}
		stop = func() {
			pprof.StopCPUProfile()
			f.Close()
		}
	}
	if mem != "" {
		f, err := os.Create(mem)
		if err != nil {
			stop()
			return nil, fmt.Errorf("-memprofile: %v", err)
		}
		stopCPU := stop
		stop = func() {
			stopCPU()
			runtime.GC() // up-to-date statistics
			if err := pprof.WriteHeapProfile(f); err != nil {
				fmt.Fprintf(os.Stderr, "-memprofile: %v\n", err)
			}
			f.Close()
		}
	}
	return stop, nil
}
