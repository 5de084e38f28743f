/*
 * Harness for the management core in Verilator.
 *
 *   mgmt_sim cpu +imem=TEST.hex         run one instruction test program;
 *                                       exit 0 only if it wrote 1 to SIM_TOHOST
 *   mgmt_sim fw +imem=FIRMWARE.hex NEXT.img    the firmware tests (fw_tests.c)
 *   mgmt_sim selftest-fail +imem=BAD.hex       firmware with a corrupted SHA-1 answer
 *   mgmt_sim fatal +imem=BAD.hex               firmware with an illegal instruction
 *   mgmt_sim recovery +imem=FIRMWARE.hex HANG.img LOCKUP.img   watchdog and lockup recovery
 *   mgmt_sim bench +imem=FIRMWARE.hex FW.img   the firmware benchmarks
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mgmt_pins.h"
#include "mgmt_sim.h"

#define CPU_TEST_MAX_CYCLES 2000000u

static int run_cpu_test(void)
{
	struct mgmt_pins p;

	memset(&p, 0, sizeof p);
	for (int i = 0; i < 4; i++)
		tb_cycle(&p);
	p.rst_n = 1;
	for (uint64_t n = 0; n < CPU_TEST_MAX_CYCLES; n++) {
		tb_cycle(&p);
		if (p.sim_console_valid)
			putchar(p.sim_console);
		if (p.cpu_lockup) {
			fprintf(stderr, "FAIL: core locked up after %llu clocks\n",
				(unsigned long long)tb_cycles());
			return 1;
		}
		if (p.sim_tohost_valid) {
			if (p.sim_tohost == 1) {
				printf("PASS (%llu clocks)\n", (unsigned long long)tb_cycles());
				return 0;
			}
			fprintf(stderr, "FAIL: test case %u failed (tohost 0x%x)\n",
				p.sim_tohost >> 1, p.sim_tohost);
			return 1;
		}
	}
	fprintf(stderr, "FAIL: no result after %u clocks\n", CPU_TEST_MAX_CYCLES);
	return 1;
}

int main(int argc, char **argv)
{
	int rc;

	if (argc < 2) {
		fprintf(stderr, "usage: %s cpu|fw|fw-noengine|selftest-fail|fatal|bench +imem=FILE [args]\n", argv[0]);
		return 2;
	}
	tb_open(argc, argv);
	if (strcmp(argv[1], "cpu") == 0)
		rc = run_cpu_test();
	else if (strcmp(argv[1], "fw") == 0)
		rc = run_fw_tests(argc - 2, argv + 2, true);
	else if (strcmp(argv[1], "fw-noengine") == 0)
		rc = run_fw_tests(argc - 2, argv + 2, false);
	else if (strcmp(argv[1], "selftest-fail") == 0)
		rc = run_fw_selftest_fail(argc - 2, argv + 2);
	else if (strcmp(argv[1], "recovery") == 0)
		rc = run_fw_recovery(argc - 2, argv + 2);
	else if (strcmp(argv[1], "fatal") == 0)
		rc = run_fw_fatal(argc - 2, argv + 2);
	else if (strcmp(argv[1], "bench") == 0)
		rc = run_fw_bench(argc - 2, argv + 2);
	else {
		fprintf(stderr, "unknown mode %s\n", argv[1]);
		rc = 2;
	}
	tb_close();
	return rc;
}
