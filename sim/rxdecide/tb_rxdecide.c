/*
 * Test bench of the engine's receive-decision unit (hdl/mppe_rxdecide.v)
 * alone, against the decision the reference engine itself runs on every
 * received packet (mppe_rx_decide() of driver/mppe_flow.c, called by
 * mppe_flow_decrypt; tests/unit/test_mppe_flow.c checks that path against
 * RFC 3078's rules). Every header that matters (12-bit coherency count, bit
 * A flushed, bit D encrypted; bits B and C varied with them) against every
 * flow count, in each flow mode (stateless; stateful in sync; stateful
 * discarding; stateless with the discard bit set, which must not matter):
 * 4 x 2^26 cases, each compared field for field (action, status, discard,
 * distance, first and last trial key).
 *
 *   tb_rxdecide    (cmocka; no options: the run is exhaustive)
 */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "mppe/mppe.h"
#include "rxdecide_pins.h"

struct mode {
	const char *name;
	uint8_t stateful, discarding;
};

static void check_mode(const struct mode *m)
{
	struct rd_pins p = { .stateful = m->stateful, .discarding = m->discarding };
	uint64_t n = 0, per_action[4] = { 0 };

	for (unsigned ccount = 0; ccount < MPPE_CCOUNT_SPACE; ccount++) {
		p.ccount = (uint16_t)ccount;
		for (unsigned h = 0; h < 4u * MPPE_CCOUNT_SPACE; h++) {
			unsigned cc = h & MPPE_CCOUNT_MASK;
			unsigned a = (h >> 12) & 1, d = (h >> 13) & 1;
			/* bits B and C decide nothing: vary them anyway */
			unsigned bc = (cc ^ ccount) & 3;

			p.hdr0 = (uint8_t)((a ? MPPE_BIT_A : 0) | (bc << 5) | (d ? MPPE_BIT_D : 0) | (cc >> 8));
			p.hdr1 = (uint8_t)cc;
			rd_eval(&p);
			struct mppe_rx_decision r = mppe_rx_decide(m->stateful, m->discarding, (uint16_t)ccount,
								   p.hdr0, p.hdr1);
			if (p.action != (unsigned)r.action || p.status != (unsigned)r.status ||
			    p.discard != r.discard || p.dist != r.dist || p.lo != r.lo || p.hi != r.hi)
				fail_msg("%s: count %u, header %02x %02x: unit action %u status %u discard %u "
					 "dist %u try %u..%u, libmppe action %u status %u discard %u dist %u try %u..%u",
					 m->name, ccount, p.hdr0, p.hdr1, p.action, p.status, p.discard, p.dist, p.lo,
					 p.hi, r.action, r.status, r.discard, r.dist, r.lo, r.hi);
			per_action[r.action & 3]++;
			n++;
		}
	}
	/* the run covered every outcome the mode has */
	assert_true(per_action[MPPE_RX_DROP] > 0);
	assert_true(per_action[m->stateful ? MPPE_RX_TRY : MPPE_RX_CHANGE] > 0);
	if (m->stateful && !m->discarding)
		assert_true(per_action[MPPE_RX_SAME_KEY] > 0);
	printf("tb_rxdecide: %s: %" PRIu64 " headers x counts agree (drop %" PRIu64 " change %" PRIu64
	       " same %" PRIu64 " try %" PRIu64 ")\n",
	       m->name, n, per_action[0], per_action[1], per_action[2], per_action[3]);
}

static void test_stateless(void **state)
{
	(void)state;
	check_mode(&(struct mode){ "stateless", 0, 0 });
}

static void test_stateless_discard_bit(void **state)
{
	(void)state;
	check_mode(&(struct mode){ "stateless, discard bit set", 0, 1 });
}

static void test_stateful_in_sync(void **state)
{
	(void)state;
	check_mode(&(struct mode){ "stateful in sync", 1, 0 });
}

static void test_stateful_discarding(void **state)
{
	(void)state;
	check_mode(&(struct mode){ "stateful discarding", 1, 1 });
}

int main(int argc, char **argv)
{
	rd_open(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stateless),
		cmocka_unit_test(test_stateless_discard_bit),
		cmocka_unit_test(test_stateful_in_sync),
		cmocka_unit_test(test_stateful_discarding),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	rd_close();
	return rc;
}
