/*
 * host/ppp/nd.c and pool6.c: the Router Advertisement pnsd sends (checked
 * octet by octet against RFC 4861 4.2/4.6.2/4.6.4 and by its checksum),
 * Router Solicitation parsing with the malformed forms RFC 4861 6.1.1
 * says to drop, the IPv6 header check, MSS clamping of IPv6 SYNs, and the
 * /64 pool.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "mppe/mppe.h"
#include "nd.h"
#include "ppp.h"

static const uint8_t iid[8] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77 };
static const uint8_t all_nodes[16] = { 0xff, 0x02, [15] = 1 };
static const uint8_t pfx[8] = { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x2a };

static void test_ra_layout(void **st)
{
	uint8_t ra[ND_RA_LEN + 8];
	size_t n;

	(void)st;
	n = nd_build_ra(ra, sizeof(ra), iid, all_nodes, pfx, 1396, ND_ROUTER_LIFETIME_S);
	assert_int_equal(n, ND_RA_LEN);
	assert_int_equal(nd_ip6_len(ra, n), n);
	assert_int_equal(ra[6], 58);
	assert_int_equal(ra[7], 255);                        /* hop limit (6.1.2) */
	assert_int_equal(ra[8], 0xfe);
	assert_int_equal(ra[9], 0x80);
	assert_memory_equal(ra + 16, iid, 8);                /* source fe80::IID (RFC 5072 5) */
	assert_memory_equal(ra + 24, all_nodes, 16);
	assert_int_equal(ra[40], 134);                       /* RA */
	assert_int_equal(ra[41], 0);
	assert_int_equal(nd_icmp6_csum(ra, n), 0);           /* a valid checksum sums to zero */
	assert_int_equal(ra[44], 64);
	assert_int_equal(ra[45], 0);                         /* M = O = 0 */
	assert_int_equal(ra[46] << 8 | ra[47], ND_ROUTER_LIFETIME_S);
	/* Prefix Information (4.6.2) */
	assert_int_equal(ra[56], 3);
	assert_int_equal(ra[57], 4);
	assert_int_equal(ra[58], 64);
	assert_int_equal(ra[59], 0xC0);                      /* L and A */
	assert_memory_equal(ra + 72, pfx, 8);
	for (int i = 80; i < 88; i++)
		assert_int_equal(ra[i], 0);
	/* MTU (4.6.4) */
	assert_int_equal(ra[88], 5);
	assert_int_equal(ra[89], 1);
	assert_int_equal((ra[92] << 24 | ra[93] << 16 | ra[94] << 8 | ra[95]), 1396);
	assert_int_equal(nd_build_ra(ra, ND_RA_LEN - 1, iid, all_nodes, pfx, 1396, 1800), 0);
	assert_int_equal(nd_build_ra(ra, sizeof(ra), iid, all_nodes, pfx, 0, 1800), ND_RA_LEN - 8);
}

/* A Router Solicitation as Linux sends it on ppp0 (no options: PPP has no
 * link-layer address), from src (16 octets) */
static size_t make_rs(uint8_t *p, const uint8_t *src, const uint8_t *opts, size_t olen)
{
	static const uint8_t all_routers[16] = { 0xff, 0x02, [15] = 2 };
	size_t n = 48 + olen;
	uint16_t sum;

	memset(p, 0, n);
	p[0] = 0x60;
	p[4] = (uint8_t)((n - 40) >> 8);
	p[5] = (uint8_t)(n - 40);
	p[6] = 58;
	p[7] = 255;
	memcpy(p + 8, src, 16);
	memcpy(p + 24, all_routers, 16);
	p[40] = 133;
	if (olen)
		memcpy(p + 48, opts, olen);
	sum = nd_icmp6_csum(p, n);
	p[42] = (uint8_t)(sum >> 8);
	p[43] = (uint8_t)sum;
	return n;
}

static void test_rs(void **st)
{
	uint8_t ll[16] = { 0xfe, 0x80 }, unspec[16] = { 0 }, p[128];
	uint8_t slla[8] = { 1, 1, 1, 2, 3, 4, 5, 6 }, zero_len[8] = { 1, 0 }, long_opt[8] = { 9, 2 };
	size_t n;

	(void)st;
	memcpy(ll + 8, iid, 8);
	n = make_rs(p, ll, NULL, 0);
	assert_true(nd_is_rs(p, n));
	assert_true(nd_is_rs(p, n + 3));                     /* trailing padding ignored */
	n = make_rs(p, ll, slla, 8);
	assert_true(nd_is_rs(p, n));
	n = make_rs(p, unspec, NULL, 0);
	assert_true(nd_is_rs(p, n));
	n = make_rs(p, unspec, slla, 8);
	assert_false(nd_is_rs(p, n));                        /* SLLA with unspecified source */
	n = make_rs(p, ll, zero_len, 8);
	assert_false(nd_is_rs(p, n));                        /* option length 0 */
	n = make_rs(p, ll, long_opt, 8);
	assert_false(nd_is_rs(p, n));                        /* option past the end */
	n = make_rs(p, ll, NULL, 0);
	p[7] = 64;
	assert_false(nd_is_rs(p, n));                        /* hop limit not 255: off-link */
	n = make_rs(p, ll, NULL, 0);
	p[43] ^= 1;
	assert_false(nd_is_rs(p, n));                        /* checksum */
	n = make_rs(p, ll, NULL, 0);
	p[41] = 1;
	assert_false(nd_is_rs(p, n));                        /* code */
	for (size_t k = 0; k < n; k++)
		assert_false(nd_is_rs(p, k));                /* every truncation */
}

static void test_ip6_len(void **st)
{
	uint8_t p[64] = { 0x60 };

	(void)st;
	p[5] = 8;
	assert_int_equal(nd_ip6_len(p, 48), 48);
	assert_int_equal(nd_ip6_len(p, 64), 48);
	assert_int_equal(nd_ip6_len(p, 47), 0);
	p[5] = 0;
	assert_int_equal(nd_ip6_len(p, 64), 0);              /* jumbogram */
	p[5] = 8;
	p[0] = 0x45;
	assert_int_equal(nd_ip6_len(p, 64), 0);
	assert_int_equal(nd_ip6_len(p, 39), 0);
}

static void test_mss6(void **st)
{
	uint8_t p[40 + 24] = { 0x60 };
	uint16_t before, after;

	(void)st;
	p[5] = 24;
	p[6] = 6;
	p[40 + 12] = 6 << 4;                                 /* 24-octet TCP header */
	p[40 + 13] = 0x12;                                   /* SYN ACK */
	p[40 + 16] = 0x12;
	p[40 + 17] = 0x34;
	p[40 + 20] = 2;
	p[40 + 21] = 4;
	p[40 + 22] = 1440 >> 8;
	p[40 + 23] = 1440 & 255;
	before = (uint16_t)(p[56] << 8 | p[57]);
	assert_true(ppp_clamp_mss6(p, sizeof(p), 1336));
	assert_int_equal(p[62] << 8 | p[63], 1336);
	after = (uint16_t)(p[56] << 8 | p[57]);
	/* one's complement: the sum moves by exactly the change (RFC 1624) */
	assert_int_equal((uint16_t)(before + 1440 - 1336 + ((uint32_t)before + 1440 - 1336 > 0xFFFF)), after);
	assert_false(ppp_clamp_mss6(p, sizeof(p), 1400));    /* already below */
	assert_false(ppp_clamp_mss(p, sizeof(p), 1000));     /* the IPv4 clamp leaves IPv6 alone */
	p[6] = 0;                                            /* a hop-by-hop header first: left alone */
	assert_false(ppp_clamp_mss6(p, sizeof(p), 1000));
	assert_false(ppp_clamp_mss6(p, 59, 1000));
}

static void test_pool6(void **st)
{
	uint8_t base[8] = { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x07, 0x00, 0x00 }, a[8], b[8], c[8];
	struct ppp_pool6 *p;

	(void)st;
	assert_null(ppp_pool6_new("x", base, 43));            /* more than 2^20 /64s */
	assert_null(ppp_pool6_new("x", base, 65));
	base[7] = 1;
	assert_null(ppp_pool6_new("x", base, 63));            /* bits past the length */
	base[7] = 0;
	p = ppp_pool6_new("v6", base, 63);                    /* two /64s */
	assert_non_null(p);
	assert_int_equal(ppp_pool6_size(p), 2);
	assert_true(ppp_pool6_alloc(p, a));
	assert_true(ppp_pool6_alloc(p, b));
	assert_memory_not_equal(a, b, 8);
	assert_memory_equal(a, base, 7);
	assert_memory_equal(b, base, 7);
	assert_false(ppp_pool6_alloc(p, c));
	assert_int_equal(ppp_pool6_in_use(p), 2);
	ppp_pool6_release(p, a);
	ppp_pool6_release(p, a);                              /* twice: no effect */
	c[0] = 0x30;
	ppp_pool6_release(p, c);                              /* not ours: no effect */
	assert_int_equal(ppp_pool6_in_use(p), 1);
	assert_true(ppp_pool6_alloc(p, c));
	assert_memory_equal(c, a, 8);
	assert_string_equal(ppp_pool6_name(p), "v6");
	ppp_pool6_free(p);
	base[5] = 0;
	p = ppp_pool6_new("big", base, 44);
	assert_non_null(p);
	assert_int_equal(ppp_pool6_size(p), 1u << 20);
	ppp_pool6_free(p);
}

/* The MPPE receive check pnsd uses with IPv6 on (driver/mppe_flow.c):
 * protocol 0x0057, version 6, payload length inside the packet. */
static void test_plausible_ip6(void **st)
{
	uint8_t p[2 + 48] = { 0x00, 0x57, 0x60 };

	(void)st;
	p[2 + 5] = 8;
	assert_true(mppe_plausible_ip(p, sizeof(p), true));
	assert_false(mppe_plausible_ip(p, sizeof(p), false));  /* IPv4 only */
	assert_false(mppe_plausible_ip(p, sizeof(p) - 1, true));
	p[2] = 0x40;
	assert_false(mppe_plausible_ip(p, sizeof(p), true));
	p[2] = 0x60;
	p[2 + 5] = 0;
	assert_false(mppe_plausible_ip(p, sizeof(p), true));
	p[1] = 0x21;                                          /* not a valid IPv4 header either */
	assert_false(mppe_plausible_ip(p, sizeof(p), true));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ra_layout), cmocka_unit_test(test_rs), cmocka_unit_test(test_ip6_len),
		cmocka_unit_test(test_mss6), cmocka_unit_test(test_pool6),
		cmocka_unit_test(test_plausible_ip6),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
