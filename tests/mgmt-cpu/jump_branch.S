/* RV32I conditional branches, JAL and JALR. */
#include "test.h"
	TEST_BEGIN

	TEST_BR_TAKEN 1,  beq,  5, 5
	TEST_BR_NOT   2,  beq,  5, 6
	TEST_BR_TAKEN 3,  bne,  5, 6
	TEST_BR_NOT   4,  bne,  5, 5
	TEST_BR_TAKEN 5,  blt,  -1, 0
	TEST_BR_NOT   6,  blt,  0, -1
	TEST_BR_NOT   7,  blt,  3, 3
	TEST_BR_TAKEN 8,  blt,  0x80000000, 0x7fffffff
	TEST_BR_TAKEN 9,  bge,  0, -1
	TEST_BR_TAKEN 10, bge,  3, 3
	TEST_BR_NOT   11, bge,  -1, 0
	TEST_BR_TAKEN 12, bltu, 0, -1
	TEST_BR_NOT   13, bltu, -1, 0
	TEST_BR_NOT   14, bltu, 3, 3
	TEST_BR_TAKEN 15, bgeu, -1, 0
	TEST_BR_TAKEN 16, bgeu, 3, 3
	TEST_BR_NOT   17, bgeu, 0, -1

	/* backward branch: a loop of 10 */
	li gp, 20
	li a0, 0
	li a1, 10
1:	addi a0, a0, 1
	bne a0, a1, 1b
	li s11, 10
	FAIL_IF_NE a0, s11

	/* JAL: link = pc + 4, forward and backward targets */
	li gp, 21
	jal ra, 2f
3:	j fail
2:	la a1, 3b
	FAIL_IF_NE ra, a1
	li gp, 22
	j 5f
4:	j 6f
5:	jal x0, 4b          /* backward, no link */
	j fail
6:
	/* JALR: target = rs1 + imm with bit 0 cleared; link = pc + 4 */
	li gp, 23
	la a1, 7f
	addi a1, a1, -4
	jalr ra, 4(a1)
8:	j fail
7:	la a2, 8b
	FAIL_IF_NE ra, a2
	li gp, 24
	la a1, 9f
	addi a1, a1, 1      /* odd: bit 0 is cleared by JALR */
	jalr ra, 0(a1)
	j fail
9:
	/* JALR with rd = rs1: the link must not disturb the target */
	li gp, 25
	la a1, 10f
	jalr a1, 0(a1)
11:	j fail
10:	la a2, 11b
	FAIL_IF_NE a1, a2

	/* a branch right after a load of its operand */
	li gp, 26
	li a1, DMEM_BASE
	li a2, 77
	sw a2, 0(a1)
	lw a3, 0(a1)
	beq a3, a2, 12f
	j fail
12:
	j pass
	TEST_END
