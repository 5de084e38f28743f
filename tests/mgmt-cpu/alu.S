/* RV32I register-register and register-immediate arithmetic, LUI, AUIPC. */
#include "test.h"
	TEST_BEGIN

	TEST_RR 1,  add,  0x00000000, 0x00000000, 0x00000000
	TEST_RR 2,  add,  0x00000002, 0x00000001, 0x00000001
	TEST_RR 3,  add,  0x80000000, 0x7fffffff, 0x00000001
	TEST_RR 4,  add,  0x00000000, 0xffffffff, 0x00000001
	TEST_RR 5,  add,  0x7fffffff, 0x80000000, 0xffffffff
	TEST_RR 6,  sub,  0x00000000, 0x00000005, 0x00000005
	TEST_RR 7,  sub,  0xffffffff, 0x00000000, 0x00000001
	TEST_RR 8,  sub,  0x7fffffff, 0x80000000, 0x00000001
	TEST_RR 9,  and,  0x0f000f00, 0xff00ff00, 0x0f0f0f0f
	TEST_RR 10, or,   0xff0fff0f, 0xff00ff00, 0x0f0f0f0f
	TEST_RR 11, xor,  0xf00ff00f, 0xff00ff00, 0x0f0f0f0f
	TEST_RR 12, sll,  0x80000000, 0x00000001, 31
	TEST_RR 13, sll,  0x00000002, 0x00000001, 0xffffffe1   /* only rs2[4:0] counts */
	TEST_RR 14, srl,  0x00000001, 0x80000000, 31
	TEST_RR 15, srl,  0x7fffffff, 0xffffffff, 1
	TEST_RR 16, sra,  0xffffffff, 0x80000000, 31
	TEST_RR 17, sra,  0xc0000000, 0x80000000, 1
	TEST_RR 18, sra,  0x3fffffff, 0x7fffffff, 0xffffffe1
	TEST_RR 19, slt,  1, 0xffffffff, 0x00000000
	TEST_RR 20, slt,  0, 0x00000000, 0xffffffff
	TEST_RR 21, slt,  1, 0x80000000, 0x7fffffff
	TEST_RR 22, slt,  0, 0x00000005, 0x00000005
	TEST_RR 23, sltu, 0, 0xffffffff, 0x00000000
	TEST_RR 24, sltu, 1, 0x00000000, 0xffffffff
	TEST_RR 25, sltu, 0, 0x80000000, 0x7fffffff
	TEST_RR 26, sltu, 0, 0x00000005, 0x00000005

	TEST_RI 30, addi,  0x00000000, 0x00000001, -1
	TEST_RI 31, addi,  0x800007fe, 0x7fffffff, 0x7ff
	TEST_RI 32, addi,  0x7ffff800, 0x80000000, -0x800
	TEST_RI 33, andi,  0x00ffff00, 0x00ffff00, -256
	TEST_RI 34, andi,  0x00000700, 0x00ff0f00, 0x7ff
	TEST_RI 35, ori,   0xffffff0f, 0x00ff0f0f, -0xf1
	TEST_RI 36, xori,  0xff00f00f, 0x00ff0ff0, -0x1
	TEST_RI 37, slli,  0x80000000, 0x00000001, 31
	TEST_RI 38, slli,  0x00000010, 0x00000001, 4
	TEST_RI 39, srli,  0x00000001, 0x80000000, 31
	TEST_RI 40, srli,  0x0fffffff, 0xffffffff, 4
	TEST_RI 41, srai,  0xffffffff, 0x80000000, 31
	TEST_RI 42, srai,  0xf8000000, 0x80000000, 4
	TEST_RI 43, slti,  1, 0xfffffff0, -1
	TEST_RI 44, slti,  0, 0x00000000, -1
	TEST_RI 45, slti,  1, 0x00000000, 1
	TEST_RI 46, sltiu, 1, 0x00000000, -1    /* imm sign-extends, then compares unsigned */
	TEST_RI 47, sltiu, 0, 0xffffffff, 1
	TEST_RI 48, sltiu, 1, 0x00000000, 1     /* seqz */

	/* same register as both sources and destination */
	TEST_RR_SAME 50, add, 0x00000022, 0x00000011
	TEST_RR_SAME 51, sub, 0x00000000, 0x12345678
	TEST_RR_SAME 52, xor, 0x00000000, 0x12345678

	/* x0: writes are discarded, reads are zero */
	li gp, 53
	li a1, 0x55
	add x0, a1, a1
	addi x0, x0, 7
	mv a0, x0
	FAIL_IF_NE a0, zero
	li gp, 54
	li a1, -1
	add a0, a1, x0
	FAIL_IF_NE a0, a1

	/* LUI */
	li gp, 60
	lui a0, 0x80000
	li s11, 0x80000000
	FAIL_IF_NE a0, s11
	li gp, 61
	lui a0, 0xfffff
	addi a0, a0, -1
	li s11, 0xffffefff
	FAIL_IF_NE a0, s11
	/* AUIPC: pc-relative */
	li gp, 62
1:	auipc a0, 0
	la a1, 1b
	FAIL_IF_NE a0, a1
	li gp, 63
2:	auipc a0, 0x1
	la a1, 2b
	li a2, 0x1000
	add a1, a1, a2
	FAIL_IF_NE a0, a1

	/* back-to-back dependency chain (no forwarding hazards) */
	li gp, 70
	li a0, 1
	add a0, a0, a0
	add a0, a0, a0
	slli a0, a0, 2
	addi a0, a0, 3
	li s11, 19
	FAIL_IF_NE a0, s11

	j pass
	TEST_END
