/* Traps: illegal instructions, ECALL, EBREAK, misaligned loads, stores and
 * jump targets, access faults on loads, stores and fetches; mcause, mepc
 * and mtval; MRET back past the trapping instruction. */
#include "test.h"
	TEST_BEGIN

	/* illegal instructions (mcause 2, mtval = the instruction word) */
	TEST_TRAP 1, 2, .word 0x00000000            /* all zeros */
	li s11, 0
	FAIL_IF_NE t5, s11
	TEST_TRAP 2, 2, .word 0xffffffff            /* all ones */
	TEST_TRAP 3, 2, .word 0x02b50533            /* mul a0,a0,a1: no M extension */
	li s11, 0x02b50533
	FAIL_IF_NE t5, s11
	TEST_TRAP 4, 2, .word 0x40b51533            /* funct7 0x20 with sll */
	TEST_TRAP 5, 2, .word 0x02051513            /* slli with imm[5] set (RV64 encoding) */
	TEST_TRAP 6, 2, .word 0x0000a00b            /* custom-0 opcode */
	TEST_TRAP 7, 2, .word 0x00002063            /* branch funct3 010 */
	TEST_TRAP 8, 2, .word 0x00006003            /* load funct3 110 */
	TEST_TRAP 9, 2, .word 0x00004023            /* store funct3 100 */
	TEST_TRAP 10, 2, .word 0x00001067           /* jalr funct3 001 */
	TEST_TRAP 11, 2, .word 0x7b001073           /* csrw dcsr (0x7b0): not implemented */
	TEST_TRAP 12, 2, csrw cycle, a0             /* write to a read-only CSR */
	TEST_TRAP 13, 2, .word 0x00004073           /* SYSTEM funct3 100 */
	TEST_TRAP 14, 2, .word 0x10200073           /* sret: no S-mode */
	TEST_TRAP 15, 2, .word 0x00000001           /* compressed encoding: no C extension */

	/* ECALL and EBREAK */
	TEST_TRAP 20, 11, ecall
	TEST_TRAP 21, 3, ebreak

	/* misaligned loads (4) and stores (6); mtval = the address */
	li a1, DMEM_BASE
	TEST_TRAP 30, 4, lw a0, 1(a1)
	li s11, DMEM_BASE + 1
	FAIL_IF_NE t5, s11
	TEST_TRAP 31, 4, lw a0, 2(a1)
	TEST_TRAP 32, 4, lh a0, 3(a1)
	TEST_TRAP 33, 4, lhu a0, 1(a1)
	TEST_TRAP 34, 6, sw a0, 3(a1)
	li s11, DMEM_BASE + 3
	FAIL_IF_NE t5, s11
	TEST_TRAP 35, 6, sh a0, 1(a1)
	/* a trapping load must not write its destination */
	li gp, 36
	li a0, 0x1234
	la t6, 1f
	lw a0, 2(a1)
	j fail
1:	li t6, 0
	li s11, 0x1234
	FAIL_IF_NE a0, s11

	/* access faults: unmapped address (load 5, store 7), store to IMEM */
	li a1, 0x60000000
	TEST_TRAP 40, 5, lw a0, 0(a1)
	FAIL_IF_NE t5, a1
	TEST_TRAP 41, 7, sw a0, 0(a1)
	li a1, 0x00000100
	TEST_TRAP 42, 7, sw a0, 0(a1)
	li a1, 0x10004000                          /* one past the end of DMEM */
	TEST_TRAP 43, 5, lb a0, 0(a1)
	li a1, 0x40000001
	TEST_TRAP 44, 5, lb a0, 0(a1)              /* registers take whole words only */
	li a1, 0x40004000                          /* no register block there */
	TEST_TRAP 45, 5, lw a0, 0(a1)

	/* misaligned jump target (0): the jump traps, rd is not written */
	li gp, 50
	la t6, 2f
	la a1, 3f
	li ra, 0x777
4:	jalr ra, 2(a1)
	j fail
3:	j fail
2:	li t6, 0
	li s11, 0
	FAIL_IF_NE t3, s11
	la s11, 4b
	FAIL_IF_NE t4, s11
	addi s11, a1, 2
	FAIL_IF_NE t5, s11
	li s11, 0x777
	FAIL_IF_NE ra, s11
	/* taken branch to a misaligned target traps too; not taken does not */
	li gp, 51
	la t6, 5f
6:	beq zero, zero, 6b + 2
	j fail
5:	li t6, 0
	li s11, 0
	FAIL_IF_NE t3, s11
	la s11, 6b
	FAIL_IF_NE t4, s11
	li gp, 52
	bne zero, zero, 7f + 2
	j 8f
7:	j fail
8:
	/* instruction access fault (1): fetch outside IMEM, mepc = mtval = target */
	li gp, 53
	la t6, 9f
	li a1, 0x00004000
	jr a1
	j fail
9:	li t6, 0
	li s11, 1
	FAIL_IF_NE t3, s11
	FAIL_IF_NE t4, a1
	FAIL_IF_NE t5, a1

	/* a handler that resumes with MRET after mepc += 4 */
	li gp, 60
	la a1, resume_handler
	csrw mtvec, a1
	li a0, 0
	ecall
	addi a0, a0, 1
	ebreak
	addi a0, a0, 1
	li s11, 2
	FAIL_IF_NE a0, s11
	la a1, trap_handler
	csrw mtvec, a1
	j pass

	.balign 4
resume_handler:
	csrr t0, mepc
	addi t0, t0, 4
	csrw mepc, t0
	mret

	TEST_END
