//go:build !lockcheck

package runtime

// checking is false: the package was built without the lockcheck tag. Every
// check is written as `if checking { ... }`, so the compiler drops them and
// the primitives cost what their sync counterparts cost.
const checking = false

// lockCheck takes no space when checking is off (it is the first field of
// each lock, so it adds no padding either). Its methods only let the
// checking code compile; they are never called.
type lockCheck struct{}

func (*lockCheck) load() *lockState                { return nil }
func (*lockCheck) install(s *lockState) *lockState { return s }
