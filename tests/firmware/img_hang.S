# An update image that installs and runs but never reaches the firmware's
# loop: it spins without kicking the watchdog (check-mgmt-fw, recovery).
	.text
	.globl _start
_start:
	j	_start
