/*
 * Each protocol on its own, against frames a test writes by hand (many of
 * them the exact frames of the reference capture of a Linux client and
 * PoPToP): the RFC 1661 automaton, LCP, CHAP/MS-CHAP known answers, IPCP
 * and CCP/MPPE option handling.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"
#include "nd.h"
#include "ppp.h"
#include "ppp_defs.h"
#include "ppp_local.h"

/* ---- a server session talking to frames the test writes ---- */

static struct h_pair P;

static struct ppp_session *srv(void) { return P.end[0].s; }

static void raw_server(struct ppp_config *cfg)
{
	struct ppp_config cli;

	h_client_config(&cli);
	assert_int_equal(h_pair_init(&P, cfg, &cli, 4), 0);
	P.end[0].capture_sent = true;
	ppp_session_start(srv());           /* the client session never starts: we play it */
}

static void send_cp(uint16_t proto, uint8_t code, uint8_t id, const uint8_t *data, size_t len)
{
	uint8_t f[PPP_MAX_FRAME];

	f[0] = 0xff;
	f[1] = 0x03;
	f[2] = (uint8_t)(proto >> 8);
	f[3] = (uint8_t)proto;
	f[4] = code;
	f[5] = id;
	f[6] = (uint8_t)((len + 4) >> 8);
	f[7] = (uint8_t)(len + 4);
	if (len)
		memcpy(f + 8, data, len);
	h_inject(&P, 0, f, len + 8);
	h_pair_pump(&P);
}

/* The last frame of proto (and code) the server sent; NULL if none. */
static const uint8_t *last_sent(uint16_t proto, int code, size_t *len)
{
	unsigned n = h_count_sent(&P.end[0], proto, code);
	const uint8_t *info = NULL;

	if (!n)
		return NULL;
	h_find_sent(&P.end[0], proto, code, n - 1, &info, len);
	return info;
}

/* The Linux client's LCP Configure-Request from the capture (frame 14). */
static const uint8_t linux_lcp_req[] = { 0x02, 0x06, 0x00, 0x00, 0x00, 0x00, 0x05, 0x06, 0x06, 0x9f,
					 0x35, 0xb5, 0x07, 0x02, 0x08, 0x02 };

/* Brings LCP to Opened: the client's request, and an Ack of the server's. */
static void open_lcp(void)
{
	const uint8_t *req;
	size_t len;

	send_cp(PPP_LCP, CP_CONFREQ, 1, linux_lcp_req, sizeof(linux_lcp_req));
	req = last_sent(PPP_LCP, CP_CONFREQ, &len);
	assert_non_null(req);
	send_cp(PPP_LCP, CP_CONFACK, req[1], req + 4, len - 4);
	assert_string_equal(ppp_session_lcp_state(srv()), "Opened");
}

static int teardown_pair(void **state)
{
	(void)state;
	h_pair_free(&P);
	return 0;
}

/* ---- IPV6CP (RFC 5072) ---- */

/* Both ends run IPV6CP: Opened, identifiers non-zero, distinct and crosswise equal; IPv4 unaffected. */
static void test_ipv6cp_both_ends(void **state)
{
	struct ppp_config sc, cc;
	uint8_t sl[8], sp[8], cl[8], cp[8], zero[8] = { 0 };

	(void)state;
	h_server_config(&sc);
	h_client_config(&cc);
	sc.ipv6 = cc.ipv6 = true;
	assert_int_equal(h_pair_init(&P, &sc, &cc, 4), 0);
	h_pair_start(&P);
	h_pair_run(&P, 5000);
	assert_true(ppp_session_network_up(P.end[0].s));
	assert_string_equal(ppp_session_ipv6cp_state(P.end[0].s), "Opened");
	assert_true(ppp_session_ipv6_iids(P.end[0].s, sl, sp));
	assert_true(ppp_session_ipv6_iids(P.end[1].s, cl, cp));
	assert_memory_equal(sl, cp, 8);
	assert_memory_equal(sp, cl, 8);
	assert_memory_not_equal(sl, sp, 8);
	assert_memory_not_equal(sl, zero, 8);
	assert_memory_not_equal(sp, zero, 8);
}

/* The server runs IPV6CP, the client does not (it Protocol-Rejects it): IPv4 alone, nothing closed. */
static void test_ipv6cp_refused_by_peer(void **state)
{
	struct ppp_config sc, cc;

	(void)state;
	h_server_config(&sc);
	h_client_config(&cc);
	sc.ipv6 = true;
	assert_int_equal(h_pair_init(&P, &sc, &cc, 4), 0);
	h_pair_start(&P);
	h_pair_run(&P, 5000);
	assert_true(ppp_session_network_up(P.end[0].s));
	assert_string_not_equal(ppp_session_ipv6cp_state(P.end[0].s), "Opened");
	assert_int_equal(ppp_session_phase(P.end[0].s), PPP_PHASE_NETWORK);
}

/* Hostile or careless requests to an Opened IPV6CP: a zero identifier or
 * ours is Naked with a fresh one; compression and malformed options are
 * rejected; IPv6 frames are dropped and counted (no data path yet). */
static void test_ipv6cp_naks_and_rejects(void **state)
{
	struct ppp_config sc, cc;
	uint8_t sl[8], sp[8], req[10] = { IPV6CP_OPT_IID, 10 };
	const uint8_t *r;
	size_t len;
	static const uint8_t comp[] = { IPV6CP_OPT_COMP, 4, 0x00, 0x61 };
	static const uint8_t bad[] = { IPV6CP_OPT_IID, 9, 1, 2, 3, 4, 5, 6, 7 };
	static const uint8_t overrun[] = { IPV6CP_OPT_IID, 40, 1, 2 };
	uint8_t v6[] = { 0xff, 0x03, 0x00, 0x57, 0x60, 0, 0, 0, 0, 0, 58, 255 };

	(void)state;
	h_server_config(&sc);
	h_client_config(&cc);
	sc.ipv6 = cc.ipv6 = true;
	assert_int_equal(h_pair_init(&P, &sc, &cc, 4), 0);
	h_pair_start(&P);
	h_pair_run(&P, 5000);
	assert_true(ppp_session_ipv6_iids(P.end[0].s, sl, sp));
	P.end[0].capture_sent = true;

	send_cp(PPP_IPV6CP, CP_CONFREQ, 0x71, req, sizeof(req));        /* zero */
	assert_non_null(r = last_sent(PPP_IPV6CP, CP_CONFNAK, &len));
	assert_int_equal(len, 4 + 10);
	assert_int_equal(r[1], 0x71);
	assert_int_equal(r[4], IPV6CP_OPT_IID);
	assert_memory_not_equal(r + 6, req + 2, 8);
	assert_memory_not_equal(r + 6, sl, 8);

	memcpy(req + 2, sl, 8);                                          /* ours */
	send_cp(PPP_IPV6CP, CP_CONFREQ, 0x72, req, sizeof(req));
	assert_non_null(r = last_sent(PPP_IPV6CP, CP_CONFNAK, &len));
	assert_int_equal(r[1], 0x72);
	assert_memory_not_equal(r + 6, sl, 8);

	send_cp(PPP_IPV6CP, CP_CONFREQ, 0x73, comp, sizeof(comp));
	assert_non_null(r = last_sent(PPP_IPV6CP, CP_CONFREJ, &len));
	assert_int_equal(r[1], 0x73);
	assert_memory_equal(r + 4, comp, sizeof(comp));

	send_cp(PPP_IPV6CP, CP_CONFREQ, 0x74, bad, sizeof(bad));
	assert_non_null(r = last_sent(PPP_IPV6CP, CP_CONFREJ, &len));
	assert_int_equal(r[1], 0x74);

	send_cp(PPP_IPV6CP, CP_CONFREQ, 0x75, overrun, sizeof(overrun));
	assert_non_null(r = last_sent(PPP_IPV6CP, CP_CONFREJ, &len));
	assert_int_equal(r[1], 0x75);

	/* plain IPv6 on an MPPE link is dropped as plain IPv4 is */
	uint64_t plain = ppp_session_counters(P.end[0].s)->rx_unencrypted_dropped;
	h_inject(&P, 0, v6, sizeof(v6));
	h_pair_pump(&P);
	assert_int_equal(ppp_session_counters(P.end[0].s)->rx_unencrypted_dropped, plain + 1);
	assert_int_equal(ppp_session_counters(P.end[0].s)->rx_ipv6, 0);
	assert_int_equal(ppp_session_phase(P.end[0].s), PPP_PHASE_NETWORK);
}

/* An IPv6 packet from src (16 octets) to dst, ICMPv6 echo request. */
static size_t make_ip6(uint8_t *p, const uint8_t *src, const uint8_t *dst)
{
	memset(p, 0, 48);
	p[0] = 0x60;
	p[5] = 8;
	p[6] = 58;
	p[7] = 64;
	memcpy(p + 8, src, 16);
	memcpy(p + 24, dst, 16);
	p[40] = 128;
	return 48;
}

/* IPv6 over an MPPE session with a /64 pool: the server's Router
 * Advertisement reaches the client (encrypted) with the session's /64; the
 * client's packets from that /64 are delivered, from anywhere else counted
 * as spoofed and dropped, to link-local addresses kept on the link; a
 * Router Solicitation is answered (after the 3 s hold of RFC 4861 6.2.6);
 * the /64 goes back to the pool when the session ends. */
static void test_ipv6_data_path(void **state)
{
	struct ppp_config sc, cc;
	uint8_t base[8] = { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x09, 0x00, 0x00 }, pfx[8], sl[8], sp[8];
	uint8_t src[16], dst[16] = { 0x20, 0x01, 0x0d, 0xb8, 0xff, 0xff, [15] = 1 }, pkt[64];
	static const uint8_t all_routers[16] = { 0xff, 0x02, [15] = 2 };
	struct ppp_pool6 *pool6 = ppp_pool6_new("v6", base, 48);
	const struct ppp_counters *k;
	uint64_t ra_before;
	unsigned n0;
	size_t n;

	(void)state;
	assert_non_null(pool6);
	h_server_config(&sc);
	h_client_config(&cc);
	sc.ipv6 = cc.ipv6 = true;
	sc.pool6 = pool6;
	sc.mppe.required = true;
	assert_int_equal(h_pair_init(&P, &sc, &cc, 4), 0);
	h_pair_start(&P);
	h_pair_run(&P, 5000);
	assert_true(ppp_session_network_up(P.end[0].s));
	assert_true(ppp_session_ipv6_iids(P.end[0].s, sl, sp));
	assert_true(ppp_session_ipv6_prefix(P.end[0].s, pfx));
	assert_memory_equal(pfx, base, 6);
	assert_int_equal(ppp_pool6_in_use(pool6), 1);
	assert_int_equal(P.end[0].events[PPP_EV_IPV6_UP], 1);
	k = ppp_session_counters(P.end[0].s);
	assert_true(k->nd_ra_sent >= 1);
	/* the RA crossed MPPE: the client kept it on the link (to ff02::1) */
	assert_true(ppp_session_counters(P.end[1].s)->rx_ipv6_local >= 1);

	memcpy(src, pfx, 8);
	memcpy(src + 8, sp, 8);
	n0 = P.end[0].rx_ip_n;
	n = make_ip6(pkt, src, dst);
	assert_int_equal(ppp_send_ip(P.end[1].s, pkt, n), 0);
	h_pair_run(&P, 100);
	assert_int_equal(P.end[0].rx_ip_n, n0 + 1);
	assert_int_equal(P.end[0].rx_ip_len[n0], n);
	assert_memory_equal(P.end[0].rx_ip[n0], pkt, n);
	assert_int_equal(k->rx_ipv6, 1);

	src[7] ^= 1;                                         /* the next /64: not the client's */
	n = make_ip6(pkt, src, dst);
	assert_int_equal(ppp_send_ip(P.end[1].s, pkt, n), 0);
	src[0] = 0xfe;                                       /* link-local source, global destination */
	src[1] = 0x80;
	memset(src + 2, 0, 6);
	n = make_ip6(pkt, src, dst);
	assert_int_equal(ppp_send_ip(P.end[1].s, pkt, n), 0);
	h_pair_run(&P, 100);
	assert_int_equal(k->rx_ipv6_spoofed, 2);
	assert_int_equal(P.end[0].rx_ip_n, n0 + 1);

	/* a Router Solicitation (RFC 4861 4.1) from fe80::peer to ff02::2 */
	memcpy(src + 8, sp, 8);
	n = make_ip6(pkt, src, all_routers);
	pkt[7] = 255;
	pkt[40] = 133;
	{
		uint16_t sum = nd_icmp6_csum(pkt, n);

		pkt[42] = (uint8_t)(sum >> 8);
		pkt[43] = (uint8_t)sum;
	}
	assert_true(nd_is_rs(pkt, n));
	ra_before = k->nd_ra_sent;
	assert_int_equal(ppp_send_ip(P.end[1].s, pkt, n), 0);
	h_pair_run(&P, 3500);
	assert_int_equal(k->nd_rs_rcvd, 1);
	assert_true(k->nd_ra_sent > ra_before);
	assert_int_equal(P.end[0].rx_ip_n, n0 + 1);          /* never to the host */

	ppp_session_close(P.end[0].s, "done");
	h_pair_run(&P, 10000);
	h_pair_free(&P);
	assert_int_equal(ppp_pool6_in_use(pool6), 0);
	ppp_pool6_free(pool6);
}

/* Without ipv6 configured, IPV6CP is Protocol-Rejected as before. */
static void test_ipv6cp_off_protocol_rejected(void **state)
{
	struct ppp_config sc, cc;
	static const uint8_t req[10] = { IPV6CP_OPT_IID, 10, 1, 2, 3, 4, 5, 6, 7, 8 };
	const uint8_t *r;
	size_t len;

	(void)state;
	h_server_config(&sc);
	h_client_config(&cc);
	assert_int_equal(h_pair_init(&P, &sc, &cc, 4), 0);
	h_pair_start(&P);
	h_pair_run(&P, 5000);
	P.end[0].capture_sent = true;
	send_cp(PPP_IPV6CP, CP_CONFREQ, 1, req, sizeof(req));
	assert_non_null(r = last_sent(PPP_LCP, LCP_PROTREJ, &len));
	assert_int_equal(r[4], 0x80);
	assert_int_equal(r[5], 0x57);
	assert_int_equal(h_count_sent(&P.end[0], PPP_IPV6CP, -1), 0);
}

/* ---- LCP ---- */

static void test_lcp_linux_client_request_acked(void **state)
{
	struct ppp_config c;
	const uint8_t *p;
	size_t len;

	(void)state;
	h_server_config(&c);
	raw_server(&c);
	/* our request: auth chap MS-v2, magic, pcomp, accomp (as PoPToP's, minus asyncmap) */
	p = last_sent(PPP_LCP, CP_CONFREQ, &len);
	assert_non_null(p);
	assert_int_equal(len, 4 + 5 + 6 + 2 + 2);
	assert_memory_equal(p + 4, ((const uint8_t[]){ 0x03, 0x05, 0xc2, 0x23, 0x81 }), 5);
	assert_int_equal(p[9], 0x05);
	assert_memory_equal(p + 15, ((const uint8_t[]){ 0x07, 0x02, 0x08, 0x02 }), 4);
	send_cp(PPP_LCP, CP_CONFREQ, 1, linux_lcp_req, sizeof(linux_lcp_req));
	p = last_sent(PPP_LCP, CP_CONFACK, &len);
	assert_non_null(p);
	assert_int_equal(p[1], 1);
	assert_int_equal(len, 4 + sizeof(linux_lcp_req));
	assert_memory_equal(p + 4, linux_lcp_req, sizeof(linux_lcp_req));
	assert_string_equal(ppp_session_lcp_state(srv()), "Ack-Sent");
	open_lcp();
	/* straight on to CHAP: a 16-octet MS-CHAPv2 challenge named after us */
	p = last_sent(PPP_CHAP, CHAP_CHALLENGE, &len);
	assert_non_null(p);
	assert_int_equal(p[4], 16);
	assert_memory_equal(p + 21, "PNS", 3);
	assert_int_equal(ppp_session_phase(srv()), PPP_PHASE_AUTHENTICATE);
}

static void test_lcp_rejects_callback_and_multilink(void **state)
{
	struct ppp_config c;
	static const uint8_t req[] = { 0x0d, 0x03, 0x06,                   /* callback */
				       0x01, 0x04, 0x05, 0xdc,             /* MRU 1500: fine */
				       0x11, 0x04, 0x05, 0xdc,             /* MRRU */
				       0x13, 0x03, 0x00 };                 /* endpoint discriminator */
	static const uint8_t rej[] = { 0x0d, 0x03, 0x06, 0x11, 0x04, 0x05, 0xdc, 0x13, 0x03, 0x00 };
	const uint8_t *p;
	size_t len;

	(void)state;
	h_server_config(&c);
	raw_server(&c);
	send_cp(PPP_LCP, CP_CONFREQ, 7, req, sizeof(req));
	p = last_sent(PPP_LCP, CP_CONFREJ, &len);
	assert_non_null(p);
	assert_int_equal(p[1], 7);
	assert_int_equal(len - 4, sizeof(rej));
	assert_memory_equal(p + 4, rej, sizeof(rej));
}

static void test_lcp_naks_small_mru_and_own_magic(void **state)
{
	struct ppp_config c;
	const uint8_t *p, *ours;
	size_t len, olen;
	uint8_t req[10] = { 0x01, 0x04, 0x00, 0x40, 0x05, 0x06 };

	(void)state;
	h_server_config(&c);
	raw_server(&c);
	ours = last_sent(PPP_LCP, CP_CONFREQ, &olen);
	memcpy(req + 6, ours + 4 + 5 + 2, 4);           /* our own magic number: a loop? */
	send_cp(PPP_LCP, CP_CONFREQ, 2, req, sizeof(req));
	p = last_sent(PPP_LCP, CP_CONFNAK, &len);
	assert_non_null(p);
	assert_int_equal(len, 4 + 4 + 6);
	assert_int_equal(p[4], LCP_OPT_MRU);
	assert_int_equal(p[6] << 8 | p[7], PPP_MIN_MRU);
	assert_int_equal(p[8], LCP_OPT_MAGIC);
	assert_memory_not_equal(p + 10, req + 6, 4);
}

static void test_lcp_malformed_options_rejected(void **state)
{
	struct ppp_config c;
	static const uint8_t req[] = { 0x07, 0x02, 0x05, 0x09, 0x01, 0x02 };  /* magic length overruns */
	const uint8_t *p;
	size_t len;

	(void)state;
	h_server_config(&c);
	raw_server(&c);
	send_cp(PPP_LCP, CP_CONFREQ, 3, req, sizeof(req));
	p = last_sent(PPP_LCP, CP_CONFREJ, &len);
	assert_non_null(p);
	assert_memory_equal(p + 4, req + 2, 4);
}

static void test_lcp_echo_and_codes(void **state)
{
	struct ppp_config c;
	static const uint8_t echo[] = { 0x11, 0x22, 0x33, 0x44, 'h', 'i' };
	static const uint8_t ident[] = { 0, 0, 0, 0, 'M', 'S', 'R', 'A', 'S' };
	const uint8_t *p;
	size_t len;
	unsigned before;

	(void)state;
	h_server_config(&c);
	raw_server(&c);
	/* not Opened yet: echo requests are discarded */
	send_cp(PPP_LCP, LCP_ECHOREQ, 9, echo, sizeof(echo));
	assert_null(last_sent(PPP_LCP, LCP_ECHOREP, &len));
	open_lcp();
	send_cp(PPP_LCP, LCP_ECHOREQ, 9, echo, sizeof(echo));
	p = last_sent(PPP_LCP, LCP_ECHOREP, &len);
	assert_non_null(p);
	assert_int_equal(p[1], 9);
	assert_int_equal(len, 4 + sizeof(echo));
	assert_int_equal(get32(p + 4), srv()->lcp_st.want.magic);
	assert_memory_equal(p + 8, "hi", 2);
	/* Identification (Windows sends it): accepted silently */
	before = P.end[0].sent_n;
	send_cp(PPP_LCP, LCP_IDENT, 1, ident, sizeof(ident));
	assert_int_equal(P.end[0].sent_n, before);
	/* an unknown code: Code-Reject carrying the packet */
	send_cp(PPP_LCP, 0x42, 5, echo, 2);
	p = last_sent(PPP_LCP, CP_CODEREJ, &len);
	assert_non_null(p);
	assert_int_equal(p[4], 0x42);
	assert_int_equal(p[5], 5);
}

static void test_lcp_non_lcp_before_opened_discarded(void **state)
{
	struct ppp_config c;
	static const uint8_t ipcp_req[] = { 0x03, 0x06, 0, 0, 0, 0 };
	unsigned before;

	(void)state;
	h_server_config(&c);
	raw_server(&c);
	before = P.end[0].sent_n;
	send_cp(PPP_IPCP, CP_CONFREQ, 1, ipcp_req, sizeof(ipcp_req));
	send_cp(0x8057, CP_CONFREQ, 1, ipcp_req, sizeof(ipcp_req));
	assert_int_equal(P.end[0].sent_n, before);
	assert_int_equal(ppp_session_counters(srv())->rx_dropped_phase, 2);
}

static void test_lcp_terminate_request_acked(void **state)
{
	struct ppp_config c;
	const uint8_t *p;
	size_t len;

	(void)state;
	h_server_config(&c);
	raw_server(&c);
	open_lcp();
	send_cp(PPP_LCP, CP_TERMREQ, 2, (const uint8_t *)"MPPE disabled", 13);
	p = last_sent(PPP_LCP, CP_TERMACK, &len);
	assert_non_null(p);
	assert_int_equal(p[1], 2);
	assert_string_equal(ppp_session_lcp_state(srv()), "Stopping");
	h_pair_run(&P, 10000);           /* zrc: the restart timer ends Stopping */
	assert_string_equal(ppp_session_lcp_state(srv()), "Stopped");
	assert_int_equal(ppp_session_phase(srv()), PPP_PHASE_DEAD);
	assert_int_equal(P.end[0].events[PPP_EV_DEAD], 1);
}

static void test_lcp_max_configure(void **state)
{
	struct ppp_config c;

	(void)state;
	h_server_config(&c);
	c.max_configure = 4;
	raw_server(&c);
	h_pair_run(&P, 100000);
	assert_int_equal(h_count_sent(&P.end[0], PPP_LCP, CP_CONFREQ), 4);
	assert_string_equal(ppp_session_lcp_state(srv()), "Stopped");
	assert_int_equal(P.end[0].events[PPP_EV_DEAD], 1);
}

/* Max-Failure: after that many Naks in a row, Naks turn into Rejects. */
static void test_lcp_max_failure_turns_nak_into_reject(void **state)
{
	struct ppp_config c;
	static const uint8_t req[] = { 0x01, 0x04, 0x00, 0x10 };   /* MRU 16 */
	const uint8_t *p;
	size_t len;

	(void)state;
	h_server_config(&c);
	c.max_failure = 2;
	raw_server(&c);
	for (uint8_t id = 1; id <= 3; id++)
		send_cp(PPP_LCP, CP_CONFREQ, id, req, sizeof(req));
	assert_int_equal(h_count_sent(&P.end[0], PPP_LCP, CP_CONFNAK), 2);
	p = last_sent(PPP_LCP, CP_CONFREJ, &len);
	assert_non_null(p);
	assert_int_equal(p[1], 3);
}

static void test_lcp_ack_with_wrong_id_or_content_ignored(void **state)
{
	struct ppp_config c;
	const uint8_t *req;
	size_t len;
	uint8_t copy[64];

	(void)state;
	h_server_config(&c);
	raw_server(&c);
	req = last_sent(PPP_LCP, CP_CONFREQ, &len);
	memcpy(copy, req, len);
	send_cp(PPP_LCP, CP_CONFACK, (uint8_t)(copy[1] + 1), copy + 4, len - 4);
	assert_string_equal(ppp_session_lcp_state(srv()), "Req-Sent");
	copy[len - 1] ^= 1;
	send_cp(PPP_LCP, CP_CONFACK, copy[1], copy + 4, len - 4);
	assert_string_equal(ppp_session_lcp_state(srv()), "Req-Sent");
	copy[len - 1] ^= 1;
	send_cp(PPP_LCP, CP_CONFACK, copy[1], copy + 4, len - 4);
	assert_string_equal(ppp_session_lcp_state(srv()), "Ack-Rcvd");
}

/* A client that refuses to be authenticated is not let in. */
static void test_lcp_auth_rejected_closes(void **state)
{
	struct ppp_config c;
	const uint8_t *req;
	size_t len;
	uint8_t copy[64];

	(void)state;
	h_server_config(&c);
	raw_server(&c);
	req = last_sent(PPP_LCP, CP_CONFREQ, &len);
	memcpy(copy, req, len);
	send_cp(PPP_LCP, CP_CONFREJ, copy[1], copy + 4, 5);     /* reject the auth option */
	req = last_sent(PPP_LCP, CP_CONFREQ, &len);
	memcpy(copy, req, len);
	assert_int_equal(len, 4 + 6 + 2 + 2);                  /* no auth option any more */
	send_cp(PPP_LCP, CP_CONFACK, copy[1], copy + 4, len - 4);
	send_cp(PPP_LCP, CP_CONFREQ, 1, linux_lcp_req, sizeof(linux_lcp_req));
	assert_non_null(last_sent(PPP_LCP, CP_TERMREQ, &len));
	assert_string_equal(ppp_session_down_reason(srv()), "Authentication refused");
}

/* ---- CHAP / MS-CHAP known answers ---- */

static void unhex(const char *h, uint8_t *out)
{
	for (size_t i = 0; h[2 * i]; i++) {
		unsigned v;

		sscanf(h + 2 * i, "%2x", &v);
		out[i] = (uint8_t)v;
	}
}

/* Gets the server to the Challenge, replaces the challenge with a known
 * one, answers with a known response; returns the reply's message. */
static void chap_exchange(enum ppp_auth_method m, const char *challenge_hex, const char *response_hex,
			  const char *user, uint8_t reply_code, char *msg, size_t cap)
{
	struct ppp_config c;
	const uint8_t *ch, *p;
	size_t len, rl = strlen(response_hex) / 2, ul = strlen(user);
	uint8_t body[256];

	h_server_config(&c);
	c.auth[0] = m;
	c.n_auth = 1;
	raw_server(&c);
	open_lcp();
	ch = last_sent(PPP_CHAP, CHAP_CHALLENGE, &len);
	assert_non_null(ch);
	unhex(challenge_hex, srv()->auth.challenge);
	assert_int_equal(srv()->auth.challenge_len, strlen(challenge_hex) / 2);
	body[0] = (uint8_t)rl;
	unhex(response_hex, body + 1);
	memcpy(body + 1 + rl, user, ul);
	send_cp(PPP_CHAP, CHAP_RESPONSE, ch[1], body, 1 + rl + ul);
	p = last_sent(PPP_CHAP, reply_code, &len);
	assert_non_null(p);
	assert_true(len - 4 < cap);
	memcpy(msg, p + 4, len - 4);
	msg[len - 4] = 0;
}

/* RFC 2759 section 9.2, end to end through the authenticator. */
static void test_chap_rfc2759_example(void **state)
{
	char msg[128];

	(void)state;
	chap_exchange(PPP_AUTH_MSCHAP_V2, "5b5d7c7d7b3f2f3e3c2c602132262628",
		      "21402324255e262a28295f2b3a337c7e" "0000000000000000"
		      "82309ecd8d708b5ea08faa3981cd83544233114a3d85d6df" "00",
		      "User", CHAP_SUCCESS, msg, sizeof(msg));
	assert_string_equal(msg, "S=407A5589115FD0D6209F510FE9C04566932CDA56 M=Access granted");
	assert_int_equal(ppp_session_phase(srv()), PPP_PHASE_NETWORK);
	assert_string_equal(ppp_session_peer_name(srv()), "User");
	assert_true(srv()->have_keys);
}

/* The capture's exchange (pptpuser / pptp-Secret-1, PoPToP's challenge). */
static void test_chap_capture_example(void **state)
{
	char msg[128];

	(void)state;
	{
		struct ppp_config c;
		const uint8_t *ch;
		size_t len;
		uint8_t body[80];
		const uint8_t *p;

		h_server_config(&c);
		raw_server(&c);
		ppp_userdb_add(P.users, "pptpuser", "pptp-Secret-1");
		open_lcp();
		ch = last_sent(PPP_CHAP, CHAP_CHALLENGE, &len);
		unhex("7c5cefc27bd332ecef32c7cad5c2cbce", srv()->auth.challenge);
		body[0] = 49;
		unhex("99c0c8562000e613ad03f7ce812c405a0000000000000000"
		      "a91a6cc7fef3df2f42074eb6aabcf65acedebf118d5d5cf500", body + 1);
		memcpy(body + 50, "pptpuser", 8);
		send_cp(PPP_CHAP, CHAP_RESPONSE, ch[1], body, 58);
		p = last_sent(PPP_CHAP, CHAP_SUCCESS, &len);
		assert_non_null(p);
		memcpy(msg, p + 4, len - 4);
		msg[len - 4] = 0;
	}
	assert_string_equal(msg, "S=F9E7E926E7E0AA86C1EB2637C0CE8CDD99E9715B M=Access granted");
}

/* RFC 2433 B.2: challenge 102DB5DF085D3041, password "MyPw". */
static void test_chap_mschapv1_rfc2433_example(void **state)
{
	char msg[64];
	struct ppp_config c;
	const uint8_t *ch, *p;
	size_t len;
	uint8_t body[64];

	(void)state;
	h_server_config(&c);
	c.auth[0] = PPP_AUTH_MSCHAP_V1;
	c.n_auth = 1;
	raw_server(&c);
	ppp_userdb_add(P.users, "bob", "MyPw");
	open_lcp();
	ch = last_sent(PPP_CHAP, CHAP_CHALLENGE, &len);
	assert_int_equal(ch[4], 8);
	unhex("102db5df085d3041", srv()->auth.challenge);
	body[0] = 49;
	memset(body + 1, 0, 24);
	unhex("4e9d3c8f9cfd385d5bf4d3246791956ca4c351ab409a3d61", body + 25);
	body[49] = 1;
	memcpy(body + 50, "bob", 3);
	send_cp(PPP_CHAP, CHAP_RESPONSE, ch[1], body, 53);
	p = last_sent(PPP_CHAP, CHAP_SUCCESS, &len);
	assert_non_null(p);
	(void)msg;
	assert_int_equal(ppp_session_auth_method(srv()), PPP_AUTH_MSCHAP_V1);
	assert_true(srv()->have_keys);
}

static void test_chap_bad_responses_dropped(void **state)
{
	struct ppp_config c;
	const uint8_t *ch;
	size_t len;
	uint8_t body[80] = { 0 };
	uint8_t id;

	(void)state;
	h_server_config(&c);
	raw_server(&c);
	open_lcp();
	ch = last_sent(PPP_CHAP, CHAP_CHALLENGE, &len);
	id = ch[1];
	body[0] = 48;                                          /* wrong value size */
	send_cp(PPP_CHAP, CHAP_RESPONSE, id, body, 60);
	body[0] = 49;
	send_cp(PPP_CHAP, CHAP_RESPONSE, (uint8_t)(id + 1), body, 55);   /* wrong id */
	body[0] = 200;                                         /* size beyond packet */
	send_cp(PPP_CHAP, CHAP_RESPONSE, id, body, 60);
	body[0] = 49;
	body[52] = 0;                                          /* NUL inside the name */
	body[51] = 'a';
	body[53] = 'b';
	send_cp(PPP_CHAP, CHAP_RESPONSE, id, body, 54);
	assert_int_equal(ppp_session_phase(srv()), PPP_PHASE_AUTHENTICATE);
	assert_int_equal(h_count_sent(&P.end[0], PPP_CHAP, CHAP_FAILURE), 0);
	assert_true(ppp_session_counters(srv())->rx_bad >= 3);
	/* the challenge is retransmitted until an answer comes, then we give up */
	h_pair_run(&P, 200000);
	assert_int_equal(h_count_sent(&P.end[0], PPP_CHAP, CHAP_CHALLENGE), 10);
	assert_int_equal(ppp_session_phase(srv()), PPP_PHASE_DEAD);
}

/* The peer side: a response the authenticator accepts, and the S= check. */
static void test_chap_peer_checks_authenticator_response(void **state)
{
	struct ppp_config srvc, cli;
	struct h_pair *p = &P;
	uint8_t body[64], frame[64];
	const uint8_t *resp;
	size_t len;

	(void)state;
	h_server_config(&srvc);
	h_client_config(&cli);
	assert_int_equal(h_pair_init(p, &srvc, &cli, 4), 0);
	p->end[1].capture_sent = true;
	ppp_session_start(p->end[1].s);
	/* play the server: Ack its LCP request, send ours with MS-CHAPv2 */
	{
		unsigned n = h_count_sent(&p->end[1], PPP_LCP, CP_CONFREQ);
		const uint8_t *rq;
		static const uint8_t our[] = { 0x03, 0x05, 0xc2, 0x23, 0x81, 0x05, 0x06, 1, 2, 3, 4 };
		uint8_t f[64] = { 0xff, 0x03, 0xc0, 0x21 };

		h_find_sent(&p->end[1], PPP_LCP, CP_CONFREQ, n - 1, &rq, &len);
		memcpy(f + 4, rq, len);
		f[4] = CP_CONFACK;
		h_inject(p, 1, f, len + 4);
		f[4] = CP_CONFREQ;
		f[5] = 1;
		f[6] = 0;
		f[7] = 4 + sizeof(our);
		memcpy(f + 8, our, sizeof(our));
		h_inject(p, 1, f, 8 + sizeof(our));
		p->link_up = false;                /* keep the client's answers from the server session */
		h_pair_pump(p);
		p->link_up = true;
	}
	assert_string_equal(ppp_session_lcp_state(p->end[1].s), "Opened");
	/* RFC 2759 9.2 challenge to user "alice" */
	frame[0] = 0xc2; frame[1] = 0x23; frame[2] = CHAP_CHALLENGE; frame[3] = 0x42;
	frame[4] = 0; frame[5] = 4 + 1 + 16 + 3;
	frame[6] = 16;
	unhex("5b5d7c7d7b3f2f3e3c2c602132262628", frame + 7);
	memcpy(frame + 23, "PNS", 3);
	h_inject(p, 1, frame, 26);
	p->end[1].capture_sent = true;
	{
		struct ppp_session *client = p->end[1].s;

		p->link_up = true;
		/* deliver only to the client */
		while (p->end[1].qh != p->end[1].qt) {
			struct h_frame f = p->end[1].q[p->end[1].qh++ % H_QUEUE];

			ppp_input(client, f.data, f.len);
		}
	}
	resp = NULL;
	h_find_sent(&p->end[1], PPP_CHAP, CHAP_RESPONSE, 0, &resp, &len);
	assert_non_null(resp);
	assert_int_equal(resp[1], 0x42);
	assert_int_equal(resp[4], 49);
	assert_memory_equal(resp + 5 + 49, "alice", 5);
	/* the response verifies with the password */
	{
		struct ppp_auth_request rq = { .method = PPP_AUTH_MSCHAP_V2, .challenge_len = 16,
					       .response_len = 49 };
		struct ppp_auth_result res;
		char smsg[64];

		memcpy(rq.user, "alice", 6);
		unhex("5b5d7c7d7b3f2f3e3c2c602132262628", rq.challenge);
		memcpy(rq.response, resp + 5, 49);
		chap_ms_v2_verify(&rq, "secret-Pass1", &res);
		assert_true(res.ok);
		/* a Success with a wrong S= fails the mutual authentication */
		memcpy(body, res.authenticator_response, 42);
		body[5] ^= 1;
		frame[2] = CHAP_SUCCESS;
		frame[5] = 4 + 42;
		memcpy(frame + 6, body, 42);
		ppp_input(p->end[1].s, frame, 48);
		assert_int_equal(ppp_session_counters(p->end[1].s)->auth_failures, 1);
		assert_int_equal(ppp_session_phase(p->end[1].s), PPP_PHASE_TERMINATE);
		(void)smsg;
	}
}

/* ---- IPCP ---- */

static void to_network(struct ppp_config *c)
{
	const uint8_t *ch;
	size_t len;
	uint8_t body[80];
	struct ppp_auth_request rq = { .method = PPP_AUTH_MSCHAP_V2 };

	raw_server(c);
	open_lcp();
	uint8_t challenge[16];

	ch = last_sent(PPP_CHAP, CHAP_CHALLENGE, &len);
	memcpy(challenge, ch + 5, 16);
	body[0] = 49;
	chap_ms_v2_make_response(challenge, "alice", "secret-Pass1", rq.challenge, body + 1);
	memcpy(body + 50, "alice", 5);
	send_cp(PPP_CHAP, CHAP_RESPONSE, ch[1], body, 55);
	assert_int_equal(ppp_session_phase(srv()), PPP_PHASE_NETWORK);
}

static void ccp_req(uint8_t id, uint32_t bits);

static void test_ipcp_like_the_capture(void **state)
{
	struct ppp_config c;
	/* frame 26: <compress VJ 0f 01> <addr 0.0.0.0> */
	static const uint8_t req1[] = { 0x02, 0x06, 0x00, 0x2d, 0x0f, 0x01, 0x03, 0x06, 0, 0, 0, 0 };
	static const uint8_t req2[] = { 0x03, 0x06, 0, 0, 0, 0, 0x81, 0x06, 0, 0, 0, 0, 0x84, 0x06, 0, 0, 0, 0 };
	static const uint8_t req3[] = { 0x03, 0x06, 10, 0, 0, 10, 0x81, 0x06, 10, 0, 0, 0x35 };
	const uint8_t *p;
	size_t len;

	(void)state;
	h_server_config(&c);
	c.nbns[1] = 0;
	to_network(&c);
	/* MPPE is negotiated: IPCP waits until CCP is Opened, as pppd's does
	 * (ppp.c ncp_start); the client's CCP request and Ack open it. */
	assert_null(last_sent(PPP_IPCP, -1, &len));
	ccp_req(1, MPPE_OPT_H | MPPE_OPT_S);
	p = last_sent(PPP_CCP, CP_CONFREQ, &len);
	assert_non_null(p);
	send_cp(PPP_CCP, CP_CONFACK, p[1], p + 4, len - 4);
	assert_string_equal(ppp_session_ccp_state(srv()), "Opened");
	p = last_sent(PPP_IPCP, CP_CONFREQ, &len);
	assert_non_null(p);
	assert_int_equal(len, 4 + 6);
	assert_int_equal(get32(p + 6), 0x0A000001);
	send_cp(PPP_IPCP, CP_CONFREQ, 1, req1, sizeof(req1));
	p = last_sent(PPP_IPCP, CP_CONFREJ, &len);
	assert_non_null(p);
	assert_int_equal(len, 4 + 6);
	assert_memory_equal(p + 4, req1, 6);                  /* only VJ */
	send_cp(PPP_IPCP, CP_CONFREQ, 2, req2, sizeof(req2));
	p = last_sent(PPP_IPCP, CP_CONFREJ, &len);
	assert_int_equal(p[1], 2);                            /* secondary NBNS: not configured */
	assert_memory_equal(p + 4, req2 + 12, 6);
	send_cp(PPP_IPCP, CP_CONFREQ, 3, req2, 12);
	p = last_sent(PPP_IPCP, CP_CONFNAK, &len);
	assert_int_equal(p[1], 3);
	assert_int_equal(len, 4 + 12);
	assert_int_equal(get32(p + 6), 0x0A00000A);           /* the pool's address */
	assert_int_equal(get32(p + 12), 0x0A000035);          /* primary DNS */
	send_cp(PPP_IPCP, CP_CONFREQ, 4, req3, sizeof(req3));
	p = last_sent(PPP_IPCP, CP_CONFACK, &len);
	assert_int_equal(p[1], 4);
	assert_string_equal(ppp_session_ipcp_state(srv()), "Ack-Sent");
}

/* ---- CCP / MPPE options ---- */

static void ccp_req(uint8_t id, uint32_t bits)
{
	uint8_t o[6] = { CCP_OPT_MPPE, 6 };

	put32(o + 2, bits);
	send_cp(PPP_CCP, CP_CONFREQ, id, o, 6);
}

static void test_ccp_options(void **state)
{
	struct ppp_config c;
	const uint8_t *p;
	size_t len;
	static const uint8_t deflate[] = { 26, 4, 0x78, 0x00, CCP_OPT_MPPE, 6, 1, 0, 0, 0x40 };

	(void)state;
	h_server_config(&c);
	c.mppe.strength = PPP_MPPE_128;
	to_network(&c);
	p = last_sent(PPP_CCP, CP_CONFREQ, &len);
	assert_non_null(p);
	assert_int_equal(len, 10);
	assert_int_equal(get32(p + 6), MPPE_OPT_H | MPPE_OPT_S);   /* as in the capture */
	/* 40 and 128 offered: Nak with the single strongest we allow */
	ccp_req(1, MPPE_OPT_H | MPPE_OPT_S | MPPE_OPT_L);
	p = last_sent(PPP_CCP, CP_CONFNAK, &len);
	assert_int_equal(get32(p + 6), MPPE_OPT_H | MPPE_OPT_S);
	/* MPPC asked for: Naked away */
	ccp_req(2, MPPE_OPT_H | MPPE_OPT_S | MPPE_OPT_C);
	p = last_sent(PPP_CCP, CP_CONFNAK, &len);
	assert_int_equal(p[1], 2);
	assert_int_equal(get32(p + 6), MPPE_OPT_H | MPPE_OPT_S);
	/* only 40 offered while we allow 128: Nak toward 128 */
	ccp_req(3, MPPE_OPT_L);
	p = last_sent(PPP_CCP, CP_CONFNAK, &len);
	assert_int_equal(get32(p + 6), MPPE_OPT_S);
	/* no bits: "no MPPE", rejected, not Naked */
	ccp_req(4, 0);
	p = last_sent(PPP_CCP, CP_CONFREJ, &len);
	assert_int_equal(p[1], 4);
	/* another compressor next to MPPE: rejected alone */
	send_cp(PPP_CCP, CP_CONFREQ, 5, deflate, sizeof(deflate));
	p = last_sent(PPP_CCP, CP_CONFREJ, &len);
	assert_int_equal(p[1], 5);
	assert_int_equal(len, 8);
	/* the capture's request is acked as it is */
	ccp_req(6, MPPE_OPT_H | MPPE_OPT_S);
	p = last_sent(PPP_CCP, CP_CONFACK, &len);
	assert_int_equal(p[1], 6);
	assert_int_equal(get32(p + 6), MPPE_OPT_H | MPPE_OPT_S);
}

static void test_ccp_reset_request_acked_in_opened(void **state)
{
	struct ppp_config c;
	const uint8_t *p;
	size_t len;

	(void)state;
	h_server_config(&c);
	c.mppe.strength = PPP_MPPE_128;
	c.mppe.stateful = true;
	to_network(&c);
	/* not opened: ignored */
	send_cp(PPP_CCP, CCP_RESETREQ, 9, NULL, 0);
	assert_null(last_sent(PPP_CCP, CCP_RESETACK, &len));
	p = last_sent(PPP_CCP, CP_CONFREQ, &len);
	assert_int_equal(get32(p + 6), MPPE_OPT_S);
	send_cp(PPP_CCP, CP_CONFACK, p[1], p + 4, len - 4);
	ccp_req(1, MPPE_OPT_S);
	assert_string_equal(ppp_session_ccp_state(srv()), "Opened");
	send_cp(PPP_CCP, CCP_RESETREQ, 9, NULL, 0);
	p = last_sent(PPP_CCP, CCP_RESETACK, &len);
	assert_non_null(p);
	assert_int_equal(p[1], 9);
	assert_int_equal(ppp_session_counters(srv())->ccp_resets_rcvd, 1);
}

/* ---- the automaton, through IPCP's Protocol-Reject and Code-Reject paths ---- */

static void test_fsm_protocol_reject_of_ncp(void **state)
{
	struct ppp_config c;
	uint8_t rej[8] = { 0x80, 0xfd, 0x01, 0x01, 0x00, 0x0a };
	size_t len;

	(void)state;
	h_server_config(&c);
	c.mppe.required = true;
	to_network(&c);
	assert_string_equal(ppp_session_ccp_state(srv()), "Req-Sent");
	/* the peer does not do CCP: RXJ- for CCP; required MPPE ends the link */
	send_cp(PPP_LCP, LCP_PROTREJ, 3, rej, sizeof(rej));
	/* CCP went Stopped (tlf), then LCP's This-Layer-Down took it to Starting */
	assert_string_equal(ppp_session_ccp_state(srv()), "Starting");
	assert_non_null(last_sent(PPP_LCP, CP_TERMREQ, &len));
	assert_string_equal(ppp_session_down_reason(srv()), "MPPE required but not negotiated");
}

static void test_fsm_code_reject(void **state)
{
	struct ppp_config c;
	uint8_t cr[4] = { LCP_ECHOREQ, 1, 0, 8 };
	size_t len;

	(void)state;
	h_server_config(&c);
	raw_server(&c);
	open_lcp();
	send_cp(PPP_LCP, CP_CODEREJ, 1, cr, sizeof(cr));      /* RXJ+: harmless */
	assert_string_equal(ppp_session_lcp_state(srv()), "Opened");
	cr[0] = CP_CONFREQ;
	send_cp(PPP_LCP, CP_CODEREJ, 2, cr, sizeof(cr));      /* RXJ-: catastrophic */
	assert_string_equal(ppp_session_lcp_state(srv()), "Stopping");
	assert_non_null(last_sent(PPP_LCP, CP_TERMREQ, &len));
}

static void test_fsm_state_names(void **state)
{
	(void)state;
	assert_string_equal(fsm_state_name(FSM_INITIAL), "Initial");
	assert_string_equal(fsm_state_name(FSM_REQSENT), "Req-Sent");
	assert_string_equal(fsm_state_name(FSM_ACKRCVD), "Ack-Rcvd");
	assert_string_equal(fsm_state_name(FSM_OPENED), "Opened");
	assert_string_equal(fsm_state_name((enum fsm_state)42), "?");
}

static void test_pool(void **state)
{
	struct ppp_pool *p = ppp_pool_new("default", 0x0A000001, 0x0A000003);

	(void)state;
	assert_non_null(p);
	assert_int_equal(ppp_pool_size(p), 3);
	assert_int_equal(ppp_pool_alloc(p), 0x0A000001);
	assert_int_equal(ppp_pool_alloc(p), 0x0A000002);
	ppp_pool_release(p, 0x0A000001);
	assert_int_equal(ppp_pool_alloc(p), 0x0A000003);   /* not the one just freed */
	assert_int_equal(ppp_pool_alloc(p), 0x0A000001);
	assert_int_equal(ppp_pool_alloc(p), 0);
	ppp_pool_release(p, 0x0B000000);                   /* not ours: ignored */
	ppp_pool_release(p, 0x0A000002);
	ppp_pool_release(p, 0x0A000002);                   /* twice: ignored */
	assert_int_equal(ppp_pool_in_use(p), 2);
	ppp_pool_free(p);
	assert_null(ppp_pool_new("x", 5, 4));
}

static void test_userdb(void **state)
{
	struct ppp_userdb *db = ppp_userdb_new();

	(void)state;
	assert_int_equal(ppp_userdb_add(db, "a", "1"), 0);
	assert_int_equal(ppp_userdb_add(db, "a", "2"), 0);
	assert_string_equal(ppp_userdb_find(db, "a"), "2");
	assert_null(ppp_userdb_find(db, "b"));
	assert_int_equal(ppp_userdb_add(db, "", "x"), -1);
	ppp_userdb_free(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_ipv6cp_both_ends, teardown_pair),
		cmocka_unit_test_teardown(test_ipv6cp_refused_by_peer, teardown_pair),
		cmocka_unit_test_teardown(test_ipv6cp_naks_and_rejects, teardown_pair),
		cmocka_unit_test(test_ipv6_data_path),
		cmocka_unit_test_teardown(test_ipv6cp_off_protocol_rejected, teardown_pair),
		cmocka_unit_test_teardown(test_lcp_linux_client_request_acked, teardown_pair),
		cmocka_unit_test_teardown(test_lcp_rejects_callback_and_multilink, teardown_pair),
		cmocka_unit_test_teardown(test_lcp_naks_small_mru_and_own_magic, teardown_pair),
		cmocka_unit_test_teardown(test_lcp_malformed_options_rejected, teardown_pair),
		cmocka_unit_test_teardown(test_lcp_echo_and_codes, teardown_pair),
		cmocka_unit_test_teardown(test_lcp_non_lcp_before_opened_discarded, teardown_pair),
		cmocka_unit_test_teardown(test_lcp_terminate_request_acked, teardown_pair),
		cmocka_unit_test_teardown(test_lcp_max_configure, teardown_pair),
		cmocka_unit_test_teardown(test_lcp_max_failure_turns_nak_into_reject, teardown_pair),
		cmocka_unit_test_teardown(test_lcp_ack_with_wrong_id_or_content_ignored, teardown_pair),
		cmocka_unit_test_teardown(test_lcp_auth_rejected_closes, teardown_pair),
		cmocka_unit_test_teardown(test_chap_rfc2759_example, teardown_pair),
		cmocka_unit_test_teardown(test_chap_capture_example, teardown_pair),
		cmocka_unit_test_teardown(test_chap_mschapv1_rfc2433_example, teardown_pair),
		cmocka_unit_test_teardown(test_chap_bad_responses_dropped, teardown_pair),
		cmocka_unit_test_teardown(test_chap_peer_checks_authenticator_response, teardown_pair),
		cmocka_unit_test_teardown(test_ipcp_like_the_capture, teardown_pair),
		cmocka_unit_test_teardown(test_ccp_options, teardown_pair),
		cmocka_unit_test_teardown(test_ccp_reset_request_acked_in_opened, teardown_pair),
		cmocka_unit_test_teardown(test_fsm_protocol_reject_of_ncp, teardown_pair),
		cmocka_unit_test_teardown(test_fsm_code_reject, teardown_pair),
		cmocka_unit_test(test_fsm_state_names),
		cmocka_unit_test(test_pool),
		cmocka_unit_test(test_userdb),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
