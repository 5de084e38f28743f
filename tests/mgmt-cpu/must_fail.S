/* The harness's own check: this program's case 7 expects 1 + 1 = 3, so the
 * run must end in a failure report for case 7 and a non-zero exit. If it
 * passed, the harness could not tell a failing test from a passing one. */
#include "test.h"
	TEST_BEGIN
	TEST_RR 6, add, 2, 1, 1
	TEST_RR 7, add, 3, 1, 1
	j pass
	TEST_END
