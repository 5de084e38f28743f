/*
 * Cost as a finding (issue 13): an input whose processing takes more than
 * a budget per unit of work (a packet, a message, a request) aborts the
 * fuzzer like a crash, and libFuzzer keeps it as a crash-* artifact.
 *
 * The budget is 50 us of CPU per unit, times FUZZ_COST_SLACK for the
 * sanitizers and coverage instrumentation (5-10x slower than -O2 here),
 * plus a fixed allowance for one-time set-up. It is measured in CPU time
 * of this process (ITIMER_PROF / CLOCK_PROCESS_CPUTIME_ID), not wall
 * time, so a machine busy with other work does not make it fire: only
 * work this input makes us do counts. A loop that never ends is caught by
 * the same timer (SIGPROF) instead of libFuzzer's 20-minute timeout.
 *
 *   fuzz_cost_begin("packets", n);   ... process n units ...   fuzz_cost_end();
 */
#ifndef TESTS_FUZZ_FUZZ_COST_H
#define TESTS_FUZZ_FUZZ_COST_H

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define FUZZ_COST_UNIT_NS   50000ull          /* 50 us per unit of work */
#define FUZZ_COST_SLACK     20ull             /* sanitizers + coverage */
#define FUZZ_COST_FIXED_NS  50000000ull       /* 50 ms: set-up and teardown */

static const char *fuzz_cost_what;
static uint64_t fuzz_cost_units, fuzz_cost_budget_ns, fuzz_cost_t0;

static uint64_t fuzz_cost_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void fuzz_cost_fire(int sig)
{
	static const char m[] = "\n==COST== this input used more CPU than its budget (a loop that does not end, "
				"or work that grows faster than the input): a finding\n";
	(void)sig;
	(void)!write(2, m, sizeof(m) - 1);
	abort();
}

static inline void fuzz_cost_begin(const char *what, uint64_t units)
{
	struct itimerval it = { .it_value = { 0, 0 } };
	static int installed;

	if (!installed) {
		signal(SIGPROF, fuzz_cost_fire);
		installed = 1;
	}
	fuzz_cost_what = what;
	fuzz_cost_units = units ? units : 1;
	fuzz_cost_budget_ns = fuzz_cost_units * FUZZ_COST_UNIT_NS * FUZZ_COST_SLACK + FUZZ_COST_FIXED_NS;
	it.it_value.tv_sec = (time_t)(fuzz_cost_budget_ns / 1000000000ull);
	it.it_value.tv_usec = (suseconds_t)(fuzz_cost_budget_ns % 1000000000ull / 1000);
	fuzz_cost_t0 = fuzz_cost_cpu_ns();
	setitimer(ITIMER_PROF, &it, NULL);
}

static inline void fuzz_cost_end(void)
{
	struct itimerval off = { .it_value = { 0, 0 } };
	uint64_t used = fuzz_cost_cpu_ns() - fuzz_cost_t0;

	setitimer(ITIMER_PROF, &off, NULL);
	if (used > fuzz_cost_budget_ns) {
		fprintf(stderr, "\n==COST== %llu %s took %llu us of CPU, budget %llu us: a finding\n",
			(unsigned long long)fuzz_cost_units, fuzz_cost_what,
			(unsigned long long)(used / 1000), (unsigned long long)(fuzz_cost_budget_ns / 1000));
		abort();
	}
}

#endif
