//go:build lockcheck

package runtime_test

const checking = true
