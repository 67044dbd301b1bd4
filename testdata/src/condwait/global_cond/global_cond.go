// Package global_cond shows a Cond in a package variable, made by an init
// function on a package-level mutex (serf's testutil: condNotEmpty =
// sync.NewCond(&bindLock)). take holds bindLock around its predicate
// loop, which is the Cond's lock although the Cond and the mutex are
// different variables: silent. peek waits without it: reported.
package global_cond

import "sync"

var (
	bindLock     sync.Mutex
	free         []int
	condNotEmpty *sync.Cond
)

func init() {
	condNotEmpty = sync.NewCond(&bindLock)
}

func take() int {
	bindLock.Lock()
	defer bindLock.Unlock()
	for len(free) == 0 {
		condNotEmpty.Wait()
	}
	x := free[0]
	free = free[1:]
	return x
}

func give(x int) {
	bindLock.Lock()
	defer bindLock.Unlock()
	free = append(free, x)
	condNotEmpty.Broadcast()
}

func peek() {
	for len(free) == 0 {
		condNotEmpty.Wait() // want `^condNotEmpty\.Wait is called without holding condNotEmpty\.L`
	}
}
