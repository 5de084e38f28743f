/*
 * pnsd's routing table (host/vaccess/route.c) under session churn: the
 * address pool hands out a new address at every login, so a table that
 * keeps a mark for every address it has seen fills up while holding few
 * sessions, and a lookup of an address with no session (a reply still in
 * the TUN for a client that just left) then never ends. A watchdog turns
 * such a hang into a failure.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "vaccess/route.h"

#define POOL_BASE 0x0A010001u   /* 10.1.0.1, as `ip local pool` hands them out */
#define WATCHDOG_S 60           /* a bound on a hang, not a timing check: each test takes milliseconds */

static void watchdog(int sig)
{
	static const char msg[] = "test_route: a routing table operation did not return (hang)\n";

	(void)sig;
	if (write(2, msg, sizeof(msg) - 1) < 0)
		_exit(2);
	_exit(1);
}

/* A distinct non-NULL value per address; never dereferenced. */
static void *val_of(uint32_t addr) { return (void *)(uintptr_t)(addr * 8u + 8u); }

/* One login at a time: each client logs in and out before the next one. */
static void churn_one_at_a_time(void **state)
{
	struct va_routes r = { 0 };

	(void)state;
	for (uint32_t i = 0; i < 400; i++) {
		uint32_t a = POOL_BASE + i;

		assert_int_equal(va_routes_add(&r, a, val_of(a)), 0);
		assert_ptr_equal(va_routes_find(&r, a), val_of(a));
		va_routes_del(&r, a, val_of(a));
		assert_null(va_routes_find(&r, a));
	}
	assert_int_equal(r.cap, 64);
	assert_int_equal(r.used, 0);
	/* The reply queued for the last client, and an address never handed out. */
	assert_null(va_routes_find(&r, POOL_BASE + 399));
	assert_null(va_routes_find(&r, POOL_BASE + 400));
	va_routes_free(&r);
}

/* 100 clients stay connected while 1,000 log in in turn, the oldest leaving. */
static void churn_hundred_connected(void **state)
{
	struct va_routes r = { 0 };
	const uint32_t live = 100, total = 1000;

	(void)state;
	for (uint32_t i = 0; i < total; i++) {
		uint32_t a = POOL_BASE + i;

		assert_int_equal(va_routes_add(&r, a, val_of(a)), 0);
		if (i >= live)
			va_routes_del(&r, a - live, val_of(a - live));
	}
	assert_int_equal(r.cap, 256);
	assert_int_equal(r.used, live);
	for (uint32_t i = 0; i < total + 100; i++) {
		uint32_t a = POOL_BASE + i;

		if (i >= total - live && i < total)
			assert_ptr_equal(va_routes_find(&r, a), val_of(a));
		else
			assert_null(va_routes_find(&r, a));
	}
	va_routes_free(&r);
}

/* Deletion only removes the caller's own route (a newer session may own the address). */
static void del_needs_owner(void **state)
{
	struct va_routes r = { 0 };
	const uint32_t a = POOL_BASE;

	(void)state;
	assert_int_equal(va_routes_add(&r, a, val_of(1)), 0);
	assert_int_equal(va_routes_add(&r, a, val_of(2)), 0);   /* replaced */
	assert_int_equal(r.used, 1);
	va_routes_del(&r, a, val_of(1));
	assert_ptr_equal(va_routes_find(&r, a), val_of(2));
	va_routes_del(&r, a, val_of(2));
	assert_null(va_routes_find(&r, a));
	assert_null(va_routes_find(&r, 0));
	va_routes_free(&r);
}

/* Random adds and deletes over a small address range (long collision
 * chains, growth and shrinking) against a plain array. */
static void against_model(void **state)
{
	enum { N = 700 };
	static void *model[N];
	struct va_routes r = { 0 };
	unsigned seed = 12345, live = 0, maxcap = 0;

	(void)state;
	memset(model, 0, sizeof(model));
	for (int op = 0; op < 60000; op++) {
		seed = seed * 1103515245u + 12345u;
		unsigned k = (seed >> 8) % N;
		uint32_t a = POOL_BASE + k * 977u;     /* spread, yet colliding in small tables */
		/* Phases: fill up, then empty down, so the table grows and shrinks. */
		bool add = ((op / 15000) % 2 == 0) ? (seed >> 28) < 11 : (seed >> 28) < 5;

		if (add) {
			void *v = val_of(a + (uint32_t)op);

			assert_int_equal(va_routes_add(&r, a, v), 0);
			live += model[k] == NULL;
			model[k] = v;
		} else if (model[k]) {
			va_routes_del(&r, a, model[k]);
			model[k] = NULL;
			live--;
		}
		assert_int_equal(r.used, live);
		if (r.cap > maxcap)
			maxcap = r.cap;
		if (op % 97 == 0)
			for (unsigned j = 0; j < N; j++)
				assert_ptr_equal(va_routes_find(&r, POOL_BASE + j * 977u), model[j]);
	}
	assert_true(maxcap >= 1024);            /* it did grow... */
	for (unsigned j = 0; j < N; j++)
		if (model[j])
			va_routes_del(&r, POOL_BASE + j * 977u, model[j]);
	assert_int_equal(r.used, 0);
	assert_int_equal(r.cap, 64);            /* ...and shrank once emptied */
	va_routes_free(&r);
}

/* The IPv6 table: keys are /64s as 64-bit numbers, one pool's differing
 * only in their low bits (2001:db8:5:0::/64, 2001:db8:5:1::/64, ...), and
 * never confused with an IPv4 address or another pool's /64 that shares
 * the low 32 bits. Logins and logouts cycle through 2^16 /64s (a /48)
 * while at most 200 are live: no tombstones, every lookup of a gone /64
 * ends (the watchdog), and the table shrinks back. */
static void ipv6_prefixes(void **state)
{
	enum { LIVE = 200 };
	const uint64_t base = 0x20010db800050000ULL, other = 0x20010db900050000ULL;
	struct va_routes r = { 0 };
	uint64_t ring[LIVE];

	(void)state;
	for (unsigned i = 0; i < 65536 + LIVE; i++) {
		uint64_t k = base + (i & 0xFFFF);

		if (i >= LIVE) {
			uint64_t gone = ring[i % LIVE];

			va_routes_del(&r, gone, val_of((uint32_t)gone));
			assert_null(va_routes_find(&r, gone));
		}
		assert_int_equal(va_routes_add(&r, k, val_of((uint32_t)k)), 0);
		ring[i % LIVE] = k;
		assert_ptr_equal(va_routes_find(&r, k), val_of((uint32_t)k));
		assert_null(va_routes_find(&r, other + (i & 0xFFFF)));      /* same low 32 bits */
		assert_null(va_routes_find(&r, (uint32_t)k));               /* an IPv4 key */
		assert_true(r.used <= LIVE);
	}
	for (unsigned j = 0; j < LIVE; j++)
		va_routes_del(&r, ring[j], val_of((uint32_t)ring[j]));
	assert_int_equal(r.used, 0);
	assert_int_equal(r.cap, 64);
	va_routes_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(churn_one_at_a_time),
		cmocka_unit_test(churn_hundred_connected),
		cmocka_unit_test(del_needs_owner),
		cmocka_unit_test(against_model),
		cmocka_unit_test(ipv6_prefixes),
	};

	signal(SIGALRM, watchdog);
	alarm(WATCHDOG_S);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
