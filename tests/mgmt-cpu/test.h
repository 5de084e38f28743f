/*
 * Instruction tests for the management core (hdl/mgmt/mgmt_cpu.v).
 * Every test program is self-checking: it writes 1 to SIM_TOHOST when all
 * its cases pass, or (case << 1) | 1 on the first failure; the harness
 * (sim/mgmt/mgmt_sim.c) exits non-zero unless it sees 1.
 *
 * Registers: gp = number of the case running; s11 = expected value;
 * t6 = where an expected trap resumes (0: a trap is a failure). The trap
 * handler leaves mcause in t3, mepc in t4, mtval in t5.
 */
#define SIM_TOHOST 0x40000020
#define DMEM_BASE  0x10000000

/* branch-range-safe compare: jal reaches the fail label from anywhere */
.macro FAIL_IF_NE a, b
	beq \a, \b, 101f
	j fail
101:
.endm

.macro TEST_BEGIN
	.section .text.init, "ax"
	.globl _start
_start:
	li gp, 0
	li t6, 0
	la t0, trap_handler
	csrw mtvec, t0
	j tests_start
	.balign 4
trap_handler:
	csrr t3, mcause
	csrr t4, mepc
	csrr t5, mtval
	bnez t6, 1f
	j fail
1:	jr t6
tests_start:
.endm

.macro TEST_END
pass:
	li t0, SIM_TOHOST
	li t1, 1
	sw t1, 0(t0)
1:	j 1b
fail:
	li t0, SIM_TOHOST
	slli t1, gp, 1
	ori t1, t1, 1
	sw t1, 0(t0)
2:	j 2b
.endm

/* rd = op(rs1, rs2) */
.macro TEST_RR n, op, res, a, b
	li gp, \n
	li a1, \a
	li a2, \b
	\op a0, a1, a2
	li s11, \res
	FAIL_IF_NE a0, s11
.endm

/* rd = op(rs1, imm) */
.macro TEST_RI n, op, res, a, imm
	li gp, \n
	li a1, \a
	\op a0, a1, \imm
	li s11, \res
	FAIL_IF_NE a0, s11
.endm

/* rd = rs1 = rs2 (the same register read twice and written) */
.macro TEST_RR_SAME n, op, res, a
	li gp, \n
	li a3, \a
	\op a3, a3, a3
	li s11, \res
	FAIL_IF_NE a3, s11
.endm

/* branch taken / not taken */
.macro TEST_BR_TAKEN n, op, a, b
	li gp, \n
	li a1, \a
	li a2, \b
	\op a1, a2, 102f
	j fail
102:
.endm
.macro TEST_BR_NOT n, op, a, b
	li gp, \n
	li a1, \a
	li a2, \b
	\op a1, a2, 103f
	j 104f
103:	j fail
104:
.endm

/* the instruction at label 7 must trap with mcause = cause and mepc = 7b */
.macro TEST_TRAP n, cause, insn:vararg
	li gp, \n
	la t6, 108f
	li t3, -1
107:	\insn
	j fail
108:	li t6, 0
	li s11, \cause
	FAIL_IF_NE t3, s11
	la s11, 107b
	FAIL_IF_NE t4, s11
.endm
