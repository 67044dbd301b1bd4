//go:build !lockcheck

package runtime_test

// checking mirrors the package's build: tests that run in both builds check
// reports only when it is true.
const checking = false
