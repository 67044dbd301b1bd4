#include "textflag.h"

// func getg() uintptr
//
// getg returns the address of the current goroutine's runtime descriptor
// (the g), which the runtime keeps in thread-local storage.
TEXT ·getg(SB), NOSPLIT, $0-8
	MOVQ (TLS), AX
	MOVQ AX, ret+0(FP)
	RET

// func callers(pcs []uintptr) int
//
// callers fills pcs with return addresses found by walking the frame
// pointer chain, starting with the return address of its caller's caller.
// The walk stops at the end of the chain, when a frame pointer leaves the
// goroutine's stack bounds [g.stack.lo, g.stack.hi) (g.stack is the first
// field of the runtime's g), when the chain does not move up the stack, or
// when pcs is full. It is a leaf with no frame, so BP is its caller's frame
// pointer. Assembly functions are never preempted asynchronously, so the
// stack cannot move under the walk.
TEXT ·callers(SB), NOSPLIT, $0-32
	MOVQ (TLS), R8
	MOVQ 0(R8), R9             // g.stack.lo
	MOVQ 8(R8), R10            // g.stack.hi
	MOVQ pcs_base+0(FP), DI
	MOVQ pcs_len+8(FP), CX
	MOVQ BP, SI
	XORQ AX, AX

loop:
	CMPQ AX, CX
	JGE  done
	CMPQ SI, R9
	JB   done
	LEAQ 16(SI), DX
	CMPQ DX, R10
	JA   done
	MOVQ 8(SI), DX             // return address
	MOVQ DX, (DI)(AX*8)
	INCQ AX
	MOVQ 0(SI), DX             // caller's frame pointer
	CMPQ DX, SI
	JBE  done
	MOVQ DX, SI
	JMP  loop

done:
	MOVQ AX, ret+24(FP)
	RET
