/*
 * Unit tests of the driver's counter extension (driver/card/counters.c):
 * the card's 32-bit counters carried across wraps, and every counter
 * carried across a card reset.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "card/counters.h"

/* What the card reports: the narrow counters only ever hold 32 bits. */
static struct mppe_counters card(uint64_t packets, uint32_t dropped, uint32_t sanity)
{
	struct mppe_counters m = { 0 };
	m.packets = packets;
	m.bytes = packets * 100;
	m.rx_dropped = dropped;
	m.sanity_errors = sanity;
	m.next_ccount = 7;
	return m;
}

static void test_no_wrap_passes_through(void **state)
{
	struct card_counter_ext x = { 0 };
	struct mppe_counters m = card(5, 3, 1);
	(void)state;

	card_counters_extend(&x, &m);
	assert_int_equal(m.packets, 5);
	assert_int_equal(m.bytes, 500);
	assert_int_equal(m.rx_dropped, 3);
	assert_int_equal(m.sanity_errors, 1);
	assert_int_equal(m.next_ccount, 7);         /* not a counter: untouched */
}

static void test_narrow_counter_wraps(void **state)
{
	struct card_counter_ext x = { 0 };
	struct mppe_counters m = card(10, 0xfffffff0u, 0);
	(void)state;

	card_counters_extend(&x, &m);
	assert_int_equal(m.rx_dropped, 0xfffffff0u);
	m = card(20, 0x10, 0);                       /* 0x20 more, across the wrap */
	card_counters_extend(&x, &m);
	assert_int_equal(m.rx_dropped, 0x100000010ull);
	m = card(30, 0xfffffff0u, 0);                /* still the first wrap */
	card_counters_extend(&x, &m);
	assert_int_equal(m.rx_dropped, 0x1fffffff0ull);
	m = card(40, 5, 0);                          /* the second */
	card_counters_extend(&x, &m);
	assert_int_equal(m.rx_dropped, 0x200000005ull);
	/* a 64-bit counter is never taken for wrapped */
	m = card(1ull << 40, 5, 0);
	card_counters_extend(&x, &m);
	assert_int_equal(m.packets, 1ull << 40);
}

static void test_reset_keeps_counting_up(void **state)
{
	struct card_counter_ext x = { 0 };
	struct mppe_counters m = card(1000, 0xffffffffu, 9);
	(void)state;

	card_counters_extend(&x, &m);
	m = card(1001, 2, 9);                        /* dropped wrapped: 2^32 + 2 */
	card_counters_extend(&x, &m);
	card_counters_rebase(&x);                    /* the card was reset */
	m = card(4, 1, 0);
	card_counters_extend(&x, &m);
	assert_int_equal(m.packets, 1005);
	assert_int_equal(m.bytes, 100100 + 400);
	assert_int_equal(m.rx_dropped, (1ull << 32) + 2 + 1);
	assert_int_equal(m.sanity_errors, 9);
	/* and wraps after the reset still count */
	m = card(5, 0xfffffff0u, 0);
	card_counters_extend(&x, &m);
	m = card(6, 0, 0);
	card_counters_extend(&x, &m);
	assert_int_equal(m.rx_dropped, (1ull << 32) + 2 + (1ull << 32));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_wrap_passes_through),
		cmocka_unit_test(test_narrow_counter_wraps),
		cmocka_unit_test(test_reset_keeps_counting_up),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
