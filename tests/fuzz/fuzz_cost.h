/*
 * Cost as a finding (issue 13): an input whose processing takes more than
 * a budget per unit of work (a packet, a message, a request) aborts the
 * fuzzer like a crash, and libFuzzer keeps it as a crash-* artifact.
 *
 * The budget is 50 us of CPU per unit, times FUZZ_COST_SLACK for the
 * sanitizers and coverage instrumentation (5-10x slower than -O2 here),
 * plus a fixed allowance for per-input set-up: 20 ms, or 4 times what the
 * empty input costs this target on this machine if that is more (measured
 * once, the fastest of three runs: fuzz_card_engine's set-up alone took
 * 9.5-15 ms of CPU on a quiet machine and over 21 ms twice on a busy one,
 * a "finding" that was only the fixed 20 ms being too tight). It is measured in CPU time
 * of the fuzzing thread (CLOCK_THREAD_CPUTIME_ID), not wall time, so a
 * machine busy with other work does not make it fire: only work this input
 * makes us do counts. A loop that never ends is caught by a CPU-time
 * watchdog (SIGPROF at 10 times the budget) instead of libFuzzer's
 * 20-minute timeout.
 *
 *   fuzz_cost_run("packets", n, process, data, size);
 */
#ifndef TESTS_FUZZ_FUZZ_COST_H
#define TESTS_FUZZ_FUZZ_COST_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define FUZZ_COST_UNIT_NS   50000ull          /* 50 us per unit of work */
#define FUZZ_COST_SLACK     20ull             /* sanitizers + coverage */
#define FUZZ_COST_FIXED_NS  20000000ull       /* 20 ms: per-input set-up and teardown */
#define FUZZ_COST_HANG_NS   2000000000ull     /* the watchdog: budget x 10 + 2 s */

static uint64_t fuzz_cost_cpu_ns(void)
{
	struct timespec ts;

	/* this thread only: libFuzzer's and ASan's helper threads do not count */
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void fuzz_cost_fire(int sig)
{
	static const char m[] = "\n==COST== this input kept the CPU busy for 10 times its budget (a loop that "
				"does not end?): a finding\n";
	(void)sig;
	(void)!write(2, m, sizeof(m) - 1);
	abort();
}

/* Arm the watchdog for `budget_ns` (process CPU time, SIGPROF). */
static inline void fuzz_cost_watchdog(uint64_t budget_ns)
{
	struct itimerval it = { .it_value = { 0, 0 } };
	static int installed;
	uint64_t ns = budget_ns ? budget_ns * 10 + FUZZ_COST_HANG_NS : 0;

	if (!installed) {
		signal(SIGPROF, fuzz_cost_fire);
		installed = 1;
	}
	it.it_value.tv_sec = (time_t)(ns / 1000000000ull);
	it.it_value.tv_usec = (suseconds_t)(ns % 1000000000ull / 1000);
	setitimer(ITIMER_PROF, &it, NULL);
}

/* CPU time of one fn(data, size), under a watchdog armed for `budget_ns`. */
static inline uint64_t fuzz_cost_time(void (*fn)(const uint8_t *, size_t), const uint8_t *data, size_t size,
				      uint64_t budget_ns)
{
	uint64_t t0 = fuzz_cost_cpu_ns(), used;

	fuzz_cost_watchdog(budget_ns);
	fn(data, size);
	used = fuzz_cost_cpu_ns() - t0;
	fuzz_cost_watchdog(0);
	return used;
}

/* The per-input set-up allowance: see the top of this file. */
static inline uint64_t fuzz_cost_fixed_ns(void (*fn)(const uint8_t *, size_t))
{
	static uint64_t fixed;
	static const uint8_t none[1];

	if (fixed == 0) {
		uint64_t least = UINT64_MAX;

		for (int i = 0; i < 3; i++) {
			uint64_t t = fuzz_cost_time(fn, none, 0, FUZZ_COST_FIXED_NS);

			least = t < least ? t : least;
		}
		fixed = 4 * least > FUZZ_COST_FIXED_NS ? 4 * least : FUZZ_COST_FIXED_NS;
	}
	return fixed;
}

/*
 * Run fn(data, size), which does `units` units of work, within the budget.
 * The first run of new code pays for page faults and lazy set-up, so a run
 * over budget is repeated once, and only a repeat over budget too is a
 * finding (fn must cope with running twice on the same input).
 */
static inline void fuzz_cost_run(const char *what, uint64_t units, void (*fn)(const uint8_t *, size_t),
				 const uint8_t *data, size_t size)
{
	uint64_t budget = (units ? units : 1) * FUZZ_COST_UNIT_NS * FUZZ_COST_SLACK + fuzz_cost_fixed_ns(fn);
	uint64_t used = 0;

	for (int attempt = 0; attempt < 2; attempt++) {
		used = fuzz_cost_time(fn, data, size, budget);
		if (used <= budget)
			return;
	}
	fprintf(stderr, "\n==COST== %llu %s took %llu us of CPU (twice over), budget %llu us: a finding\n",
		(unsigned long long)units, what, (unsigned long long)(used / 1000),
		(unsigned long long)(budget / 1000));
	abort();
}

#endif
