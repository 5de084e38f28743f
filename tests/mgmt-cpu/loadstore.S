/* RV32I loads and stores: every width, every byte lane, sign and zero
 * extension; loads from instruction RAM (read-only data) and data RAM. */
#include "test.h"
	TEST_BEGIN

	/* loads from IMEM (rodata below) */
	li gp, 1
	la a1, data
	lw a0, 0(a1)
	li s11, 0x8070ff01
	FAIL_IF_NE a0, s11
	li gp, 2
	lb a0, 0(a1)
	li s11, 0x00000001
	FAIL_IF_NE a0, s11
	li gp, 3
	lb a0, 1(a1)
	li s11, 0xffffffff
	FAIL_IF_NE a0, s11
	li gp, 4
	lbu a0, 1(a1)
	li s11, 0x000000ff
	FAIL_IF_NE a0, s11
	li gp, 5
	lb a0, 3(a1)
	li s11, 0xffffff80
	FAIL_IF_NE a0, s11
	li gp, 6
	lbu a0, 2(a1)
	li s11, 0x00000070
	FAIL_IF_NE a0, s11
	li gp, 7
	lh a0, 0(a1)
	li s11, 0xffffff01
	FAIL_IF_NE a0, s11
	li gp, 8
	lh a0, 2(a1)
	li s11, 0xffff8070
	FAIL_IF_NE a0, s11
	li gp, 9
	lhu a0, 2(a1)
	li s11, 0x00008070
	FAIL_IF_NE a0, s11
	li gp, 10
	lhu a0, 4(a1)
	li s11, 0x00001234
	FAIL_IF_NE a0, s11
	li gp, 11
	lw a0, 8(a1)        /* positive offset */
	li s11, 0xdeadbeef
	FAIL_IF_NE a0, s11
	li gp, 12
	addi a2, a1, 12
	lw a0, -12(a2)      /* negative offset */
	li s11, 0x8070ff01
	FAIL_IF_NE a0, s11

	/* stores to DMEM, read back */
	li a1, DMEM_BASE + 0x100
	li gp, 20
	li a2, 0x11223344
	sw a2, 0(a1)
	lw a0, 0(a1)
	FAIL_IF_NE a0, a2
	li gp, 21
	li a2, 0xaa
	sb a2, 1(a1)
	lw a0, 0(a1)
	li s11, 0x1122aa44
	FAIL_IF_NE a0, s11
	li gp, 22
	sb a2, 3(a1)
	lw a0, 0(a1)
	li s11, 0xaa22aa44
	FAIL_IF_NE a0, s11
	li gp, 23
	li a2, 0xbbcc
	sh a2, 2(a1)
	lw a0, 0(a1)
	li s11, 0xbbccaa44
	FAIL_IF_NE a0, s11
	li gp, 24
	sh a2, 0(a1)
	lw a0, 0(a1)
	li s11, 0xbbccbbcc
	FAIL_IF_NE a0, s11
	li gp, 25
	lh a0, 2(a1)
	li s11, 0xffffbbcc
	FAIL_IF_NE a0, s11
	li gp, 26
	li a2, 0x12345678
	sb a2, 0(a1)        /* only the low byte is stored */
	lbu a0, 0(a1)
	li s11, 0x78
	FAIL_IF_NE a0, s11
	li gp, 27
	sw a2, -4(a1)
	lw a0, -4(a1)
	FAIL_IF_NE a0, a2
	li gp, 28
	lw a0, 0(a1)        /* the store below did not touch the neighbour */
	li s11, 0xbbccbb78
	FAIL_IF_NE a0, s11
	/* store then load the same register, and a load into x0 */
	li gp, 29
	sw a1, 8(a1)
	lw a1, 8(a1)
	li s11, DMEM_BASE + 0x100
	FAIL_IF_NE a1, s11
	li gp, 30
	lw x0, 0(a1)
	FAIL_IF_NE x0, zero
	/* top of DMEM */
	li gp, 31
	li a1, DMEM_BASE + 0x3ffc
	li a2, 0x5a5a5a5a
	sw a2, 0(a1)
	lw a0, 0(a1)
	FAIL_IF_NE a0, a2

	j pass
	TEST_END

	.section .rodata
	.balign 4
data:
	.word 0x8070ff01
	.word 0x00001234
	.word 0xdeadbeef
