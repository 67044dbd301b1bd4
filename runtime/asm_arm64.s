#include "textflag.h"

// func getg() uintptr
//
// getg returns the address of the current goroutine's runtime descriptor
// (the g), which arm64 keeps in a dedicated register.
TEXT ·getg(SB), NOSPLIT, $0-8
	MOVD g, R0
	MOVD R0, ret+0(FP)
	RET
