/*
 * Start-up code of the management firmware: stack, .data from its load
 * image in IMEM, .bss cleared, then main(). The trap vector hands every trap
 * to fw_trap() (main.c): the firmware takes none on purpose.
 */
	.section .text.start, "ax"
	.globl _start
_start:
	la sp, __stack_top
	la t0, trap_entry
	csrw mtvec, t0
	/* .data: copy from IMEM (LMA) to DMEM (VMA) */
	la t0, __data_load
	la t1, __data_start
	la t2, __data_end
1:	bgeu t1, t2, 2f
	lw t3, 0(t0)
	sw t3, 0(t1)
	addi t0, t0, 4
	addi t1, t1, 4
	j 1b
2:	/* .bss */
	la t1, __bss_start
	la t2, __bss_end
3:	bgeu t1, t2, 4f
	sw zero, 0(t1)
	addi t1, t1, 4
	j 3b
4:	call main
5:	j 5b

	.balign 4
trap_entry:
	la sp, __stack_top   /* whatever broke, give the report a stack */
	csrr a0, mcause
	csrr a1, mepc
	call fw_trap
6:	j 6b
