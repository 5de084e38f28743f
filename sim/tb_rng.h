/*
 * The command line and the random numbers of the core and unit test benches
 * (sim/rc4, sim/sha1, sim/nextkey): --seed N and one count option, and the
 * xorshift generator they draw keys, messages and stalls from, written once.
 * A run is reproduced by its seed. Arguments starting with '+' are
 * Verilator's (+verilator+...) and left to it.
 */
#ifndef TB_RNG_H
#define TB_RNG_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t tb_rng_state;

/* xorshift64 (Marsaglia 2003), the high 32 bits but 16 */
static inline uint32_t rnd(void)
{
	tb_rng_state ^= tb_rng_state << 13;
	tb_rng_state ^= tb_rng_state >> 7;
	tb_rng_state ^= tb_rng_state << 17;
	return (uint32_t)(tb_rng_state >> 16);
}

/* Parses "[--seed N] [COUNT_OPT N]" into *seed and *count (left as they
 * are when absent) and seeds rnd(). Returns 0, or 2 after a usage line. */
static inline int tb_args(int argc, char **argv, const char *prog, const char *count_opt, unsigned *seed,
			  unsigned *count)
{
	for (int a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "--seed") && a + 1 < argc)
			*seed = (unsigned)strtoul(argv[++a], NULL, 0);
		else if (!strcmp(argv[a], count_opt) && a + 1 < argc)
			*count = (unsigned)strtoul(argv[++a], NULL, 0);
		else if (argv[a][0] != '+') {
			fprintf(stderr, "usage: %s [--seed N] [%s N]\n", prog, count_opt);
			return 2;
		}
	}
	tb_rng_state = 0x9e3779b97f4a7c15ull ^ *seed;
	return 0;
}

#endif
