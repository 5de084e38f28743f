# An update image that locks the core up: its trap vector points outside
# IMEM (DMEM at 0x1000_0000) and it traps at once (check-mgmt-fw, recovery).
	.text
	.globl _start
_start:
	lui	t0, 0x10000
	csrw	mtvec, t0
	ebreak
