/*
 * Two simulated cards as one engine ("cards:cardsim:A,cardsim:B",
 * driver/card/multi.c) against the software engine, byte for byte: flows
 * spread over both cards, batches mixing both, every completion equal. Then
 * card B's simulator is killed: B's operations end with MPPE_ERR_DEVICE
 * (there is no move to another engine yet), A's flows carry on exactly,
 * and a new flow goes to A.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "card/card_engine.h"
#include "cardsim_proc.h"
#include "mppe/engine.h"

#define NFLOWS 16
#define PKT    600

static struct cardsim_proc a, b;
static struct mppe_engine *hw, *sw;
static uint32_t hwf[NFLOWS], swf[NFLOWS];
static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int setup(void **state)
{
	char spec[300];
	(void)state;
	if (cardsim_start(&a, NULL) < 0 || cardsim_start(&b, NULL) < 0)
		return -1;
	snprintf(spec, sizeof(spec), "cards:%s,", cardsim_spec(&a));
	snprintf(spec + strlen(spec), sizeof(spec) - strlen(spec), "%s", cardsim_spec(&b));
	hw = mppe_engine_open(spec);
	if (!hw)
		fprintf(stderr, "open %s: %s\n", spec, mppe_engine_error());
	sw = mppe_engine_open("sw");
	return hw && sw ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	mppe_engine_close(hw);
	mppe_engine_close(sw);
	cardsim_stop(&a, 0);
	cardsim_stop(&b, 0);
	return 0;
}

/* Waits for n completions of e (the cards' own timeouts end a wait for a
 * card that never answers; a lost card ends at its next health check). */
static void collect(struct mppe_engine *e, struct mppe_completion *out, unsigned n)
{
	struct timespec ts = { 0, 200000 };
	unsigned got = 0;

	while (got < n) {
		int r = mppe_poll(e, out + got, n - got);
		assert_true(r >= 0);
		got += (unsigned)r;
		if (!r)
			nanosleep(&ts, NULL);
	}
}

/* One encrypt per listed flow, in one batch on each engine; compared. */
static void round_of(const unsigned *flows, unsigned n, const uint16_t *want_status)
{
	static uint8_t in[NFLOWS * 2][PKT], out_hw[NFLOWS * 2][PKT + 2], out_sw[NFLOWS * 2][PKT + 2];
	struct mppe_op hop[NFLOWS * 2] = { { 0 } }, sop[NFLOWS * 2] = { { 0 } };
	struct mppe_completion hc[NFLOWS * 2], sc[NFLOWS * 2];
	unsigned sent = 0;

	for (unsigned i = 0; i < n; i++) {
		uint16_t len = (uint16_t)(3 + rnd() % (PKT - 3));
		in[i][0] = 0;
		in[i][1] = 0x21;
		for (unsigned k = 2; k < len; k++)
			in[i][k] = (uint8_t)rnd();
		hop[i] = (struct mppe_op){ .cookie = i, .flow = hwf[flows[i]], .opcode = MPPE_OP_ENCRYPT, .in = in[i],
					   .in_len = len, .out = out_hw[i], .out_cap = PKT + 2 };
		sop[i] = hop[i];
		sop[i].flow = swf[flows[i]];
		sop[i].out = out_sw[i];
	}
	while (sent < n) {
		int r = mppe_submit(hw, hop + sent, n - sent);
		assert_true(r >= 0);
		sent += (unsigned)r;
	}
	assert_int_equal(mppe_submit(sw, sop, n), (int)n);
	collect(hw, hc, n);
	collect(sw, sc, n);
	for (unsigned i = 0; i < n; i++) {
		const struct mppe_completion *h = NULL;
		for (unsigned k = 0; k < n; k++)
			if (hc[k].cookie == i)
				h = &hc[k];
		assert_non_null(h);
		assert_int_equal(h->flow, hwf[flows[i]]);
		if (want_status && want_status[i] != MPPE_OK) {
			assert_int_equal(h->status, want_status[i]);
			continue;
		}
		assert_int_equal(h->status, MPPE_OK);
		assert_int_equal(sc[i].status, MPPE_OK);
		assert_int_equal(h->ccount, sc[i].ccount);
		assert_int_equal(h->out_len, sc[i].out_len);
		assert_memory_equal(out_hw[i], out_sw[i], h->out_len);
	}
}

static void test_spread_then_one_card_dies(void **state)
{
	struct mppe_flow_params p = { .dir = MPPE_DIR_TX, .key_bits = 128 };
	unsigned on[2] = { 0, 0 }, all[NFLOWS * 2], n = 0;
	struct card_global_counters g;
	(void)state;

	for (unsigned f = 0; f < NFLOWS; f++) {
		p.stateful = f % 3 == 0;
		p.key_bits = f % 4 == 1 ? 40 : 128;
		for (unsigned k = 0; k < 16; k++)
			p.start_key[k] = (uint8_t)rnd();
		assert_int_equal(mppe_flow_create(hw, &p, &hwf[f]), 0);
		assert_int_equal(mppe_flow_create(sw, &p, &swf[f]), 0);
		on[hwf[f] >> 24]++;
	}
	assert_int_equal(on[0], NFLOWS / 2);          /* fewest flows first: even spread */
	assert_int_equal(on[1], NFLOWS / 2);
	/* batches that mix both cards, every flow twice per batch */
	for (unsigned f = 0; f < NFLOWS; f++) {
		all[n++] = f;
		all[n++] = (f * 7) % NFLOWS;
	}
	for (unsigned r = 0; r < 10; r++)
		round_of(all, n, NULL);
	for (unsigned c = 0; c < 2; c++) {
		assert_int_equal(card_engine_card_counters(multi_card(hw, c), &g), 0);
		assert_int_equal(g.ops, 10 * NFLOWS);    /* each card did exactly its half */
	}
	assert_null(multi_card(hw, 2));

	/* card B dies */
	cardsim_stop(&b, SIGKILL);
	{
		uint16_t want[NFLOWS];
		for (unsigned f = 0; f < NFLOWS; f++) {
			all[f] = f;
			want[f] = (hwf[f] >> 24) == 1 ? MPPE_ERR_DEVICE : MPPE_OK;
		}
		round_of(all, NFLOWS, want);
		/* A's flows again, on their own: exact */
		n = 0;
		for (unsigned f = 0; f < NFLOWS; f++)
			if ((hwf[f] >> 24) == 0)
				all[n++] = f;
		round_of(all, n, NULL);
	}
	/* a new flow avoids the dead card */
	{
		uint32_t id;
		for (unsigned i = 0; i < 3; i++) {
			assert_int_equal(mppe_flow_create(hw, &p, &id), 0);
			assert_int_equal(id >> 24, 0);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_spread_then_one_card_dies, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
