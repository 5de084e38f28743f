/* Zicsr instructions on the machine-mode CSRs, FENCE, FENCE.I, WFI. */
#include "test.h"
	TEST_BEGIN

	li gp, 1
	li a1, 0x12345678
	csrrw a0, mscratch, a1
	csrrw a0, mscratch, zero
	FAIL_IF_NE a0, a1
	li gp, 2
	li a1, 0x0f0f
	csrw mscratch, a1
	li a2, 0xf000
	csrrs a0, mscratch, a2
	FAIL_IF_NE a0, a1
	csrr a0, mscratch
	li s11, 0xff0f
	FAIL_IF_NE a0, s11
	li gp, 3
	li a2, 0x00ff
	csrrc a0, mscratch, a2
	li s11, 0xff0f
	FAIL_IF_NE a0, s11
	csrr a0, mscratch
	li s11, 0xff00
	FAIL_IF_NE a0, s11
	li gp, 4
	csrrwi a0, mscratch, 0x15
	li s11, 0xff00
	FAIL_IF_NE a0, s11
	csrrsi a0, mscratch, 0x0a
	li s11, 0x15
	FAIL_IF_NE a0, s11
	csrrci a0, mscratch, 0x03
	li s11, 0x1f
	FAIL_IF_NE a0, s11
	csrr a0, mscratch
	li s11, 0x1c
	FAIL_IF_NE a0, s11
	/* csrrs with rs1 = x0 does not write (legal on read-only CSRs) */
	li gp, 5
	csrrs a0, misa, x0
	li s11, 0x40000100
	FAIL_IF_NE a0, s11
	li gp, 6
	csrr a0, mhartid
	FAIL_IF_NE a0, zero
	li gp, 7
	csrr a0, mstatus
	li s11, 0x1800
	FAIL_IF_NE a0, s11
	/* mtvec: low bits are forced to direct mode */
	li gp, 8
	csrr a3, mtvec
	li a1, 0x103
	csrw mtvec, a1
	csrr a0, mtvec
	li s11, 0x100
	FAIL_IF_NE a0, s11
	csrw mtvec, a3
	/* mepc, mcause, mtval are writable */
	li gp, 9
	li a1, 0x222
	csrw mepc, a1
	csrr a0, mepc
	li s11, 0x220
	FAIL_IF_NE a0, s11
	li gp, 10
	li a1, 0x80000007
	csrw mcause, a1
	csrr a0, mcause
	FAIL_IF_NE a0, a1
	li gp, 11
	csrw mtval, a1
	csrr a0, mtval
	FAIL_IF_NE a0, a1
	/* the cycle counter counts */
	li gp, 12
	rdcycle a0
	nop
	nop
	rdcycle a1
	sub a2, a1, a0
	li s11, 3
	bltu a2, s11, fail_far
	csrr a3, mcycle
	bltu a3, a1, fail_far
	rdcycleh a0
	FAIL_IF_NE a0, zero
	/* MRET jumps to mepc */
	li gp, 13
	la a1, 1f
	csrw mepc, a1
	mret
	j fail
1:
	/* FENCE, FENCE.I, WFI are no-ops here */
	li gp, 14
	li a0, 1
	fence
	fence.i
	wfi
	addi a0, a0, 1
	li s11, 2
	FAIL_IF_NE a0, s11
	j pass
fail_far:
	j fail
	TEST_END
