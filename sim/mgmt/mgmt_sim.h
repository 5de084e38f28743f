#ifndef MGMT_SIM_H
#define MGMT_SIM_H
/* fw_tests.c: the firmware on the core, driven through the admin mailbox. */
#include <stdbool.h>
int run_fw_tests(int argc, char **argv, bool engine);
int run_fw_bench(int argc, char **argv);
int run_fw_selftest_fail(int argc, char **argv);
int run_fw_recovery(int argc, char **argv);
int run_fw_fatal(int argc, char **argv);
#endif
