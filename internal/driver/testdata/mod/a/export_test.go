package a

// OnlyInTest exists in the test variant of a only: package a_test sees
// its fact only if its import of a resolves to that variant.
func OnlyInTest() int { return 2 }
