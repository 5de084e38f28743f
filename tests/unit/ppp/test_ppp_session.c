/*
 * A server session (pnsd's side) and a client session (pptp-client's side)
 * back to back in memory, through the software MPPE engine: every MPPE
 * setting of `ppp encrypt mppe`, MS-CHAPv1/v2, PAP and CHAP-MD5, the
 * failure paths, and IP crossing both ways byte for byte.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"
#include "mppe/engine.h"
#include "ppp.h"
#include "ppp_defs.h"
#include "ppp_local.h"

static void set_mppe(struct ppp_config *c, enum ppp_mppe_strength st, bool passive, bool required,
		     bool stateful)
{
	c->mppe.strength = st;
	c->mppe.passive = passive;
	c->mppe.required = required;
	c->mppe.stateful = stateful;
}

/* Sends n packets of len octets from side `from` and checks they arrive intact and in order. */
static void traffic(struct h_pair *p, int from, unsigned n, size_t len)
{
	struct h_end *to = &p->end[!from];
	unsigned before = to->rx_ip_n;
	uint8_t pkt[1600];

	for (unsigned i = 0; i < n; i++) {
		h_make_ip(pkt, len, i);
		assert_int_equal(ppp_send_ip(p->end[from].s, pkt, len), 0);
		h_pair_pump(p);
	}
	assert_int_equal(to->rx_ip_n - before, n);
	for (unsigned i = 0; i < n && before + i < 64; i++) {
		h_make_ip(pkt, len, i);
		assert_int_equal(to->rx_ip_len[before + i], len);
		assert_memory_equal(to->rx_ip[before + i], pkt, len);
	}
}

struct expect {
	bool up;
	unsigned bits;      /* 0: no MPPE */
	bool stateful;
};

static void check_outcome(struct h_pair *p, struct expect e)
{
	struct ppp_mppe_state ms, mc;

	ppp_session_mppe(p->end[0].s, &ms);
	ppp_session_mppe(p->end[1].s, &mc);
	if (!e.up) {
		assert_false(ppp_session_network_up(p->end[0].s));
		assert_int_equal(ppp_session_phase(p->end[0].s), PPP_PHASE_DEAD);
		assert_int_equal(ppp_session_phase(p->end[1].s), PPP_PHASE_DEAD);
		assert_int_equal(p->end[0].events[PPP_EV_DEAD], 1);
		return;
	}
	assert_true(ppp_session_network_up(p->end[0].s));
	assert_true(ppp_session_network_up(p->end[1].s));
	assert_int_equal(ms.up, e.bits != 0);
	assert_int_equal(mc.up, e.bits != 0);
	if (e.bits) {
		assert_int_equal(ms.key_bits, e.bits);
		assert_int_equal(mc.key_bits, e.bits);
		assert_int_equal(ms.stateful, e.stateful);
		assert_int_equal(mc.stateful, e.stateful);
	}
	traffic(p, 0, 20, 64);
	traffic(p, 1, 20, 64);
	traffic(p, 0, 5, 1400);
	traffic(p, 1, 5, 1400);
	traffic(p, 0, 3, 576);
}

static void run_case(struct ppp_config *srv, struct ppp_config *cli, struct expect e)
{
	struct h_pair p;

	assert_int_equal(h_pair_init(&p, srv, cli, 4), 0);
	h_pair_start(&p);
	h_pair_run(&p, 120000);
	check_outcome(&p, e);
	h_pair_free(&p);
}

static void test_mschapv2_128_stateless_like_the_capture(void **state)
{
	struct ppp_config srv, cli;
	struct h_pair p;
	struct ppp_mppe_state m;

	(void)state;
	h_server_config(&srv);
	h_client_config(&cli);
	set_mppe(&srv, PPP_MPPE_128, false, true, false);
	set_mppe(&cli, PPP_MPPE_128, false, true, false);   /* require-mppe-128 */
	assert_int_equal(h_pair_init(&p, &srv, &cli, 4), 0);
	h_pair_start(&p);
	assert_true(ppp_session_network_up(p.end[0].s));
	assert_true(ppp_session_network_up(p.end[1].s));
	ppp_session_mppe(p.end[0].s, &m);
	assert_true(m.up);
	assert_int_equal(m.key_bits, 128);
	assert_false(m.stateful);
	assert_int_equal(ppp_session_auth_method(p.end[0].s), PPP_AUTH_MSCHAP_V2);
	assert_string_equal(ppp_session_peer_name(p.end[0].s), "alice");
	/* addressing: the client got the first pool address and the DNS servers */
	assert_int_equal(ppp_session_peer_addr(p.end[0].s), 0x0A00000A);
	assert_int_equal(ppp_session_local_addr(p.end[1].s), 0x0A00000A);
	assert_int_equal(ppp_session_peer_addr(p.end[1].s), 0x0A000001);
	assert_int_equal(ppp_session_dns(p.end[1].s, 0), 0x0A000035);
	assert_int_equal(ppp_session_dns(p.end[1].s, 1), 0x0A000036);
	assert_int_equal(ppp_pool_in_use(p.pool), 1);
	traffic(&p, 0, 30, 64);
	traffic(&p, 1, 30, 1400);
	traffic(&p, 0, 10, 576);
	/* closing returns the address */
	ppp_session_close(p.end[1].s, "user request");
	h_pair_run(&p, 30000);
	assert_int_equal(ppp_session_phase(p.end[0].s), PPP_PHASE_DEAD);
	assert_int_equal(ppp_session_phase(p.end[1].s), PPP_PHASE_DEAD);
	assert_int_equal(ppp_pool_in_use(p.pool), 0);
	h_pair_free(&p);
}

/* The table of `ppp encrypt mppe` settings against client wishes. */
static void test_mppe_matrix(void **state)
{
	static const struct {
		enum ppp_mppe_strength s_st; bool s_pas, s_req, s_sf;
		enum ppp_mppe_strength c_st; bool c_pas, c_req, c_sf;
		struct expect e;
	} cases[] = {
		/* strengths */
		{ PPP_MPPE_40, 0, 0, 0,    PPP_MPPE_AUTO, 0, 0, 0,  { true, 40, false } },
		{ PPP_MPPE_128, 0, 0, 0,   PPP_MPPE_AUTO, 0, 0, 0,  { true, 128, false } },
		{ PPP_MPPE_AUTO, 0, 0, 0,  PPP_MPPE_AUTO, 0, 0, 0,  { true, 128, false } },
		{ PPP_MPPE_AUTO, 0, 0, 0,  PPP_MPPE_40, 0, 0, 0,    { true, 40, false } },
		{ PPP_MPPE_AUTO, 0, 1, 0,  PPP_MPPE_128, 0, 1, 0,   { true, 128, false } },
		{ PPP_MPPE_40, 0, 1, 0,    PPP_MPPE_40, 0, 1, 0,    { true, 40, false } },
		/* stateful keyword on either side */
		{ PPP_MPPE_128, 0, 0, 1,   PPP_MPPE_128, 0, 0, 0,   { true, 128, true } },
		{ PPP_MPPE_128, 0, 0, 0,   PPP_MPPE_128, 0, 0, 1,   { true, 128, true } },
		{ PPP_MPPE_40, 0, 1, 1,    PPP_MPPE_AUTO, 0, 0, 1,  { true, 40, true } },
		/* passive: the server waits and follows */
		{ PPP_MPPE_AUTO, 1, 0, 0,  PPP_MPPE_128, 0, 0, 0,   { true, 128, false } },
		{ PPP_MPPE_128, 1, 0, 0,   PPP_MPPE_128, 0, 0, 1,   { true, 128, true } },
		{ PPP_MPPE_AUTO, 1, 0, 0,  PPP_MPPE_AUTO, 1, 0, 0,  { true, 0, false } },
		/* MPPE on one side only, not required: IP flows in the clear */
		{ PPP_MPPE_NONE, 0, 0, 0,  PPP_MPPE_AUTO, 0, 0, 0,  { true, 0, false } },
		{ PPP_MPPE_AUTO, 0, 0, 0,  PPP_MPPE_NONE, 0, 0, 0,  { true, 0, false } },
		/* required and refused */
		{ PPP_MPPE_128, 0, 1, 0,   PPP_MPPE_NONE, 0, 0, 0,  { false, 0, false } },
		{ PPP_MPPE_128, 0, 1, 0,   PPP_MPPE_40, 0, 0, 0,    { false, 0, false } },
		{ PPP_MPPE_AUTO, 0, 1, 1,  PPP_MPPE_AUTO, 0, 0, 0,  { true, 128, true } },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ppp_config srv, cli;

		h_server_config(&srv);
		h_client_config(&cli);
		set_mppe(&srv, cases[i].s_st, cases[i].s_pas, cases[i].s_req, cases[i].s_sf);
		set_mppe(&cli, cases[i].c_st, cases[i].c_pas, cases[i].c_req, cases[i].c_sf);
		print_message("case %zu\n", i);
		run_case(&srv, &cli, cases[i].e);
	}
}

static void test_mschapv1(void **state)
{
	struct ppp_config srv, cli;

	(void)state;
	h_server_config(&srv);
	h_client_config(&cli);
	srv.auth[0] = PPP_AUTH_MSCHAP_V1;
	srv.n_auth = 1;
	set_mppe(&srv, PPP_MPPE_128, false, true, false);
	run_case(&srv, &cli, (struct expect){ true, 128, false });
	set_mppe(&srv, PPP_MPPE_40, false, true, true);
	run_case(&srv, &cli, (struct expect){ true, 40, true });
}

/* The server offers v2; a client that only does v1 Naks toward it. */
static void test_auth_nak_to_second_method(void **state)
{
	struct ppp_config srv, cli;
	struct h_pair p;

	(void)state;
	h_server_config(&srv);
	h_client_config(&cli);
	cli.auth[0] = PPP_AUTH_MSCHAP_V1;
	cli.n_auth = 1;
	assert_int_equal(h_pair_init(&p, &srv, &cli, 4), 0);
	h_pair_start(&p);
	h_pair_run(&p, 10000);
	assert_int_equal(ppp_session_auth_method(p.end[0].s), PPP_AUTH_MSCHAP_V1);
	check_outcome(&p, (struct expect){ true, 128, false });
	h_pair_free(&p);
}

static void test_pap_and_chap_md5_without_mppe(void **state)
{
	static const enum ppp_auth_method m[] = { PPP_AUTH_PAP, PPP_AUTH_CHAP_MD5 };

	(void)state;
	for (int i = 0; i < 2; i++) {
		struct ppp_config srv, cli;

		h_server_config(&srv);
		h_client_config(&cli);
		srv.auth[0] = m[i];
		srv.n_auth = 1;
		cli.auth[0] = m[i];
		cli.n_auth = 1;
		set_mppe(&srv, PPP_MPPE_NONE, false, false, false);
		set_mppe(&cli, PPP_MPPE_NONE, false, false, false);
		run_case(&srv, &cli, (struct expect){ true, 0, false });
	}
}

/* PAP yields no MPPE keys: `required` must refuse the session. */
static void test_pap_with_required_mppe_refused(void **state)
{
	struct ppp_config srv, cli;

	(void)state;
	h_server_config(&srv);
	h_client_config(&cli);
	srv.auth[0] = PPP_AUTH_PAP;
	srv.n_auth = 1;
	cli.auth[0] = PPP_AUTH_PAP;
	cli.n_auth = 1;
	set_mppe(&srv, PPP_MPPE_128, false, true, false);
	run_case(&srv, &cli, (struct expect){ false, 0, false });
}

static void test_wrong_password(void **state)
{
	static const enum ppp_auth_method m[] = { PPP_AUTH_MSCHAP_V2, PPP_AUTH_MSCHAP_V1,
						  PPP_AUTH_CHAP_MD5, PPP_AUTH_PAP };

	(void)state;
	for (int i = 0; i < 4; i++) {
		struct ppp_config srv, cli;
		struct h_pair p;
		const uint8_t *info;
		size_t len;
		char msg[128] = "";

		h_server_config(&srv);
		h_client_config(&cli);
		srv.auth[0] = cli.auth[0] = m[i];
		srv.n_auth = cli.n_auth = 1;
		if (m[i] == PPP_AUTH_CHAP_MD5 || m[i] == PPP_AUTH_PAP)
			set_mppe(&srv, PPP_MPPE_NONE, false, false, false);
		snprintf(cli.password, sizeof(cli.password), "wrong");
		assert_int_equal(h_pair_init(&p, &srv, &cli, 4), 0);
		p.end[0].capture_sent = true;
		h_pair_start(&p);
		h_pair_run(&p, 60000);
		assert_int_equal(ppp_session_phase(p.end[0].s), PPP_PHASE_DEAD);
		assert_int_equal(ppp_session_phase(p.end[1].s), PPP_PHASE_DEAD);
		assert_int_equal(ppp_session_counters(p.end[0].s)->auth_failures, 1);
		assert_int_equal(ppp_session_counters(p.end[1].s)->auth_failures, 1);
		assert_int_equal(p.end[0].events[PPP_EV_AUTH_OK], 0);
		assert_int_equal(p.end[0].events[PPP_EV_NETWORK_UP], 0);
		assert_int_equal(ppp_pool_in_use(p.pool), 0);
		if (m[i] == PPP_AUTH_PAP) {
			assert_non_null(h_find_sent(&p.end[0], PPP_PAP, PAP_AUTHNAK, 0, &info, &len));
		} else {
			assert_non_null(h_find_sent(&p.end[0], PPP_CHAP, CHAP_FAILURE, 0, &info, &len));
			memcpy(msg, info + 4, len - 4);
		}
		if (m[i] == PPP_AUTH_MSCHAP_V2) {
			/* RFC 2759 6: "E=691 R=0 C=<32 hex> V=3 M=..." */
			assert_int_equal(strncmp(msg, "E=691 R=0 C=", 12), 0);
			assert_int_equal(strlen(msg) >= 12 + 32 + 5, 1);
			assert_int_equal(strncmp(msg + 12 + 32, " V=3", 4), 0);
		} else if (m[i] == PPP_AUTH_MSCHAP_V1) {
			assert_string_equal(msg, "E=691 R=0");
		}
		/* after the Failure comes LCP Terminate-Request */
		assert_true(h_count_sent(&p.end[0], PPP_LCP, CP_TERMREQ) >= 1);
		assert_string_equal(ppp_session_down_reason(p.end[0].s), "Authentication failed");
		h_pair_free(&p);
	}
}

/* RFC 1661 3.7: both ends close at once (an authentication failure); each
 * answers the other's Terminate-Request, and neither takes the link down
 * until a Restart time after its Terminate-Ack (pppd reported a hang-up,
 * not the authentication failure, when pnsd cleared the call at once). */
static void test_crossing_terminate_lingers(void **state)
{
	struct ppp_config srv, cli;
	struct h_pair p;

	(void)state;
	h_server_config(&srv);
	h_client_config(&cli);
	snprintf(cli.password, sizeof(cli.password), "wrong");
	assert_int_equal(h_pair_init(&p, &srv, &cli, 4), 0);
	h_pair_start(&p);
	/* through the authentication, without time passing */
	for (int i = 0; i < 50 && ppp_session_counters(p.end[0].s)->auth_failures == 0; i++) {
		h_pair_pump(&p);
		h_clock_advance(&p.clock, 10);
	}
	h_pair_pump(&p);
	assert_int_equal(ppp_session_counters(p.end[0].s)->auth_failures, 1);
	assert_string_equal(ppp_session_lcp_state(p.end[0].s), "Closed");
	assert_int_equal(ppp_session_phase(p.end[0].s), PPP_PHASE_TERMINATE);
	assert_int_equal(p.end[0].events[PPP_EV_DEAD], 0);
	h_pair_run(&p, 60000);
	assert_int_equal(p.end[0].events[PPP_EV_DEAD], 1);
	assert_int_equal(ppp_session_phase(p.end[0].s), PPP_PHASE_DEAD);
	assert_int_equal(ppp_session_phase(p.end[1].s), PPP_PHASE_DEAD);
	h_pair_free(&p);
}

static void test_unknown_user(void **state)
{
	struct ppp_config srv, cli;

	(void)state;
	h_server_config(&srv);
	h_client_config(&cli);
	snprintf(cli.user, sizeof(cli.user), "mallory");
	run_case(&srv, &cli, (struct expect){ false, 0, false });
}

static void test_exhausted_pool(void **state)
{
	struct ppp_config srv, cli;
	struct h_pair p;

	(void)state;
	h_server_config(&srv);
	h_client_config(&cli);
	assert_int_equal(h_pair_init(&p, &srv, &cli, 1), 0);
	assert_int_equal(ppp_pool_alloc(p.pool), 0x0A00000A);    /* someone else has it */
	h_pair_start(&p);
	h_pair_run(&p, 60000);
	assert_int_equal(ppp_session_phase(p.end[0].s), PPP_PHASE_DEAD);
	assert_int_equal(ppp_session_phase(p.end[1].s), PPP_PHASE_DEAD);
	assert_string_equal(ppp_session_down_reason(p.end[0].s), "No address available");
	assert_int_equal(p.end[0].events[PPP_EV_NETWORK_UP], 0);
	assert_int_equal(ppp_pool_in_use(p.pool), 1);
	h_pair_free(&p);
}

/* Drops some frames of one protocol in one direction. */
struct dropper {
	int dir;
	uint16_t proto;
	int code;           /* -1: any */
	unsigned skip;      /* let this many through first */
	unsigned drop;      /* then drop this many */
	unsigned seen;
};

static bool drop_filter(void *ctx, int dir, struct h_frame *f)
{
	struct dropper *d = ctx;
	uint16_t proto;
	const uint8_t *info;
	size_t len;

	if (dir != d->dir || !h_frame_parse(f, &proto, &info, &len) || proto != d->proto)
		return true;
	if (d->code >= 0 && (len < 1 || info[0] != d->code))
		return true;
	d->seen++;
	return !(d->seen > d->skip && d->seen <= d->skip + d->drop);
}

/* The client's CCP is late and the client starts IPCP at once (Windows
 * runs IPCP beside CCP; pppd and our own client wait for CCP): the server
 * answers it although its own IPCP waits for CCP, IPCP opens first, no IP
 * until MPPE (required), and nothing tears anything down over the order. */
static void test_ccp_late_while_ipcp_done(void **state)
{
	struct ppp_config srv, cli;
	struct h_pair p;
	struct dropper d = { .dir = 1, .proto = PPP_CCP, .code = -1, .skip = 0, .drop = 2 };
	uint8_t pkt[100];

	(void)state;
	h_server_config(&srv);
	h_client_config(&cli);
	cli.windows_like = true;
	set_mppe(&srv, PPP_MPPE_128, false, true, false);
	assert_int_equal(h_pair_init(&p, &srv, &cli, 4), 0);
	p.filter = drop_filter;
	p.filter_ctx = &d;
	h_pair_start(&p);
	assert_string_equal(ppp_session_ipcp_state(p.end[0].s), "Opened");
	assert_string_equal(ppp_session_ipcp_state(p.end[1].s), "Opened");
	assert_false(ppp_session_network_up(p.end[0].s));       /* required: not before MPPE */
	h_make_ip(pkt, sizeof(pkt), 1);
	assert_int_equal(ppp_send_ip(p.end[0].s, pkt, sizeof(pkt)), -1);
	h_pair_run(&p, 20000);
	assert_string_equal(ppp_session_ccp_state(p.end[0].s), "Opened");
	check_outcome(&p, (struct expect){ true, 128, false });
	assert_int_equal(p.end[0].events[PPP_EV_DEAD], 0);
	h_pair_free(&p);
}

/* Both ends require MPPE, as pppd with require-mppe-128 does: neither sends
 * an IPCP Configure-Request before CCP is Opened (pppd answers one with a
 * Terminate-Ack and IP came up a restart timer, 3 s, late: the Linux
 * client's capture), and IPCP starts the moment CCP opens, with no timer. */
static void test_ipcp_waits_for_ccp_when_mppe_required(void **state)
{
	struct ppp_config srv, cli;
	struct h_pair p;
	struct dropper d = { .dir = 1, .proto = PPP_CCP, .code = -1, .skip = 0, .drop = 2 };

	(void)state;
	h_server_config(&srv);
	h_client_config(&cli);
	set_mppe(&srv, PPP_MPPE_128, false, true, false);
	set_mppe(&cli, PPP_MPPE_128, false, true, false);
	assert_int_equal(h_pair_init(&p, &srv, &cli, 4), 0);
	p.end[0].capture_sent = true;
	p.end[1].capture_sent = true;
	p.filter = drop_filter;
	p.filter_ctx = &d;
	h_pair_start(&p);              /* quiet: the client's CCP frames were lost */
	assert_string_equal(ppp_session_ccp_state(p.end[0].s), "Req-Sent");
	assert_string_equal(ppp_session_ipcp_state(p.end[0].s), "Initial");
	assert_int_equal(h_count_sent(&p.end[0], PPP_IPCP, -1), 0);
	assert_int_equal(h_count_sent(&p.end[1], PPP_IPCP, -1), 0);
	h_pair_run(&p, 20000);         /* CCP retransmits, opens, IPCP follows */
	check_outcome(&p, (struct expect){ true, 128, false });
	assert_int_equal(h_count_sent(&p.end[0], PPP_IPCP, CP_TERMACK), 0);
	assert_int_equal(h_count_sent(&p.end[1], PPP_IPCP, CP_TERMACK), 0);
	assert_int_equal(h_count_sent(&p.end[0], PPP_IPCP, CP_CONFREQ), 1);  /* no retransmission */
	h_pair_free(&p);

	/* Without the loss: IP is up with no timer run at all. */
	assert_int_equal(h_pair_init(&p, &srv, &cli, 4), 0);
	h_pair_start(&p);
	assert_true(ppp_session_network_up(p.end[0].s));
	assert_true(ppp_session_network_up(p.end[1].s));
	assert_int_equal(p.clock.now, 0);
	h_pair_free(&p);
}

/* The client as pppd with require-mppe behaves (auth.c start_networks,
 * ccp.c ccp_up): its IPCP is Closed until its CCP is Opened, and a Closed
 * IPCP answers a Configure-Request with a Terminate-Ack (RFC 1661 4.1). The
 * receive filter plays that part: a server IPCP frame that reaches the
 * client before the client's CCP is Opened is counted and answered so. */
struct pppd_like {
	struct h_pair *p;
	unsigned early_ipcp;        /* server IPCP frames before the client's CCP opened */
};

static bool pppd_like_filter(void *ctx, int to, struct h_frame *f)
{
	struct pppd_like *d = ctx;
	uint16_t proto;
	const uint8_t *info;
	size_t len;
	uint8_t tack[8] = { 0xff, 0x03, 0x80, 0x21, CP_TERMACK, 0, 0, 4 };

	if (to != 1 || !h_frame_parse(f, &proto, &info, &len) || proto != PPP_IPCP)
		return true;
	if (strcmp(ppp_session_ccp_state(d->p->end[1].s), "Opened") == 0)
		return true;
	d->early_ipcp++;
	if (len >= 2 && info[0] == CP_CONFREQ) {
		tack[5] = info[1];
		h_inject(d->p, 0, tack, sizeof(tack));
	}
	return false;
}

/* Every `ppp encrypt mppe` setting of the server against a client that
 * requires MPPE as pppd does: the server sends no IPCP before CCP is
 * Opened (pppd would answer with a Terminate-Ack and IP would come up a
 * restart interval, 3 s, late: the Linux client in tests/interop/), and IP
 * is up without any timer having run. `auto` (MPPE offered, not required)
 * sent IPCP at once before: Terminate-Ack, IP 3 s late. */
static void test_no_ipcp_before_ccp_for_a_peer_requiring_mppe(void **state)
{
	static const struct {
		enum ppp_mppe_strength st; bool pas, req, sf;
		enum ppp_mppe_strength c_st; unsigned bits; bool stateful;
	} cases[] = {
		{ PPP_MPPE_128, 0, 1, 0,   PPP_MPPE_128, 128, false },
		{ PPP_MPPE_40, 0, 1, 0,    PPP_MPPE_40, 40, false },
		{ PPP_MPPE_AUTO, 0, 0, 0,  PPP_MPPE_AUTO, 128, false },   /* the interop "v2-auto" case */
		{ PPP_MPPE_AUTO, 0, 1, 0,  PPP_MPPE_AUTO, 128, false },
		{ PPP_MPPE_128, 0, 0, 0,   PPP_MPPE_128, 128, false },
		{ PPP_MPPE_40, 0, 0, 0,    PPP_MPPE_AUTO, 40, false },
		{ PPP_MPPE_128, 0, 1, 1,   PPP_MPPE_128, 128, true },
		{ PPP_MPPE_AUTO, 0, 0, 1,  PPP_MPPE_AUTO, 128, true },
		{ PPP_MPPE_AUTO, 1, 0, 0,  PPP_MPPE_AUTO, 128, false },   /* passive: the peer's CCP comes first */
		{ PPP_MPPE_128, 1, 1, 0,   PPP_MPPE_128, 128, false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ppp_config srv, cli;
		struct h_pair p;
		struct pppd_like d = { .p = &p };
		struct ppp_mppe_state m;

		print_message("case %zu\n", i);
		h_server_config(&srv);
		h_client_config(&cli);
		set_mppe(&srv, cases[i].st, cases[i].pas, cases[i].req, cases[i].sf);
		set_mppe(&cli, cases[i].c_st, false, true, false);
		assert_int_equal(h_pair_init(&p, &srv, &cli, 4), 0);
		p.end[0].capture_sent = true;
		p.rx_filter = pppd_like_filter;
		p.rx_filter_ctx = &d;
		h_pair_start(&p);
		assert_int_equal(d.early_ipcp, 0);
		assert_true(ppp_session_network_up(p.end[0].s));
		assert_true(ppp_session_network_up(p.end[1].s));
		assert_int_equal(p.clock.now, 0);            /* no restart timer, no hold timer */
		assert_int_equal(h_count_sent(&p.end[0], PPP_IPCP, CP_CONFREQ), 1);
		ppp_session_mppe(p.end[0].s, &m);
		assert_true(m.up);
		assert_int_equal(m.key_bits, cases[i].bits);
		assert_int_equal(m.stateful, cases[i].stateful);
		traffic(&p, 0, 3, 100);
		traffic(&p, 1, 3, 100);
		h_pair_free(&p);
	}
}

/* MPPE offered but not required, and the peer does not run CCP at all
 * (Protocol-Reject) or runs IPCP without CCP: IPCP starts the moment that
 * is known, with no timer, and IP flows in the clear. With `passive` and a
 * peer that neither asks for MPPE nor starts IPCP itself, IPCP waits one
 * restart interval for the peer's CCP request, then starts. */
static void test_ipcp_starts_when_ccp_settles_without_mppe(void **state)
{
	struct ppp_config srv, cli;
	struct h_pair p;
	struct ppp_mppe_state m;

	(void)state;
	/* the client has no MPPE: Protocol-Reject of CCP, its IPCP starts at once */
	for (int passive = 0; passive < 2; passive++) {
		h_server_config(&srv);
		h_client_config(&cli);
		set_mppe(&srv, PPP_MPPE_AUTO, passive, false, false);
		set_mppe(&cli, PPP_MPPE_NONE, false, false, false);
		assert_int_equal(h_pair_init(&p, &srv, &cli, 4), 0);
		p.end[0].capture_sent = true;
		h_pair_start(&p);
		assert_true(ppp_session_network_up(p.end[0].s));
		assert_true(ppp_session_network_up(p.end[1].s));
		assert_int_equal(p.clock.now, 0);
		assert_int_equal(h_count_sent(&p.end[0], PPP_IPCP, CP_TERMACK), 0);
		ppp_session_mppe(p.end[0].s, &m);
		assert_false(m.up);
		traffic(&p, 0, 3, 100);
		traffic(&p, 1, 3, 100);
		h_pair_free(&p);
	}
	/* both passive: nobody asks for MPPE, nobody starts IPCP first */
	h_server_config(&srv);
	h_client_config(&cli);
	set_mppe(&srv, PPP_MPPE_AUTO, true, false, false);
	set_mppe(&cli, PPP_MPPE_AUTO, true, false, false);
	assert_int_equal(h_pair_init(&p, &srv, &cli, 4), 0);
	h_pair_start(&p);
	assert_false(ppp_session_network_up(p.end[0].s));
	assert_string_equal(ppp_session_ipcp_state(p.end[0].s), "Initial");
	h_pair_run(&p, 3000);
	assert_true(ppp_session_network_up(p.end[0].s));
	assert_true(ppp_session_network_up(p.end[1].s));
	h_pair_free(&p);
}

/* The option of type t in a Configure packet (info = code, id, length,
 * options); its value and length, or NULL. */
static const uint8_t *cp_option(const uint8_t *info, size_t len, uint8_t t, size_t *vl)
{
	for (size_t i = 4; i + 2 <= len && info[i + 1] >= 2 && i + info[i + 1] <= len; i += info[i + 1])
		if (info[i] == t) {
			*vl = info[i + 1] - 2u;
			return info + i + 2;
		}
	return NULL;
}

/* pptp-client --windows (ppp_config.windows_like) sends what the Windows
 * client sends (docs/interop.md, from pppd logs of Windows XP..10 clients):
 * LCP <mru 1400> <magic> <pcomp> <accomp> <callback CBCP> <mrru 1614>
 * <endpoint [local:...]> then Identification "MSRASV5.20" and
 * "MSRAS-0-<name>"; CCP <mppe +H +M +S +L -D +C>; IPCP <addr 0.0.0.0>
 * <ms-dns1> <ms-wins> <ms-dns3> <ms-wins>, sent beside CCP. The server
 * rejects callback and multilink, Naks MPPE down to 128-bit stateless
 * without MPPC, and gives DNS and NBNS. */
static void test_windows_like_client(void **state)
{
	struct ppp_config srv, cli;
	struct h_pair p;
	const uint8_t *info, *v;
	size_t len, vl;
	struct dropper d = { .dir = 0, .proto = PPP_CCP, .code = -1, .skip = 0, .drop = 1 };

	(void)state;
	h_server_config(&srv);
	h_client_config(&cli);
	set_mppe(&srv, PPP_MPPE_128, false, true, false);
	cli.windows_like = true;
	cli.mru = 1400;
	snprintf(cli.name, sizeof(cli.name), "WINPC");
	assert_int_equal(h_pair_init(&p, &srv, &cli, 4), 0);
	p.end[0].capture_sent = true;
	p.end[1].capture_sent = true;
	p.filter = drop_filter;          /* the server's first CCP frame is lost: IPCP must not wait */
	p.filter_ctx = &d;
	h_pair_start(&p);
	/* CCP not open yet on the client, yet its IPCP request went out */
	assert_string_not_equal(ppp_session_ccp_state(p.end[1].s), "Opened");
	assert_true(h_count_sent(&p.end[1], PPP_IPCP, CP_CONFREQ) >= 1);
	h_pair_run(&p, 20000);
	{
		struct ppp_mppe_state m;

		assert_true(ppp_session_network_up(p.end[0].s));
		assert_true(ppp_session_network_up(p.end[1].s));
		ppp_session_mppe(p.end[1].s, &m);
		assert_true(m.up && m.key_bits == 128 && !m.stateful);
		traffic(&p, 0, 10, 64);     /* MRU 1400: the 1400-octet packets of check_outcome do not fit */
		traffic(&p, 1, 10, 1000);
	}

	/* LCP: the first request has the three options, the server rejects them all */
	assert_non_null(h_find_sent(&p.end[1], PPP_LCP, CP_CONFREQ, 0, &info, &len));
	v = cp_option(info, len, LCP_OPT_MRU, &vl);
	assert_true(v && vl == 2 && v[0] == 0x05 && v[1] == 0x78);              /* 1400 */
	v = cp_option(info, len, LCP_OPT_CALLBACK, &vl);
	assert_true(v && vl == 1 && v[0] == 6);                                  /* CBCP */
	v = cp_option(info, len, LCP_OPT_MRRU, &vl);
	assert_true(v && vl == 2 && v[0] == 0x06 && v[1] == 0x4e);              /* 1614 */
	v = cp_option(info, len, LCP_OPT_EPDISC, &vl);
	assert_true(v && vl == 21 && v[0] == 1);
	assert_non_null(h_find_sent(&p.end[0], PPP_LCP, CP_CONFREJ, 0, &info, &len));
	assert_non_null(cp_option(info, len, LCP_OPT_CALLBACK, &vl));
	assert_non_null(cp_option(info, len, LCP_OPT_MRRU, &vl));
	assert_non_null(cp_option(info, len, LCP_OPT_EPDISC, &vl));
	assert_non_null(h_find_sent(&p.end[1], PPP_LCP, CP_CONFREQ, 1, &info, &len));
	assert_null(cp_option(info, len, LCP_OPT_CALLBACK, &vl));
	assert_null(cp_option(info, len, LCP_OPT_MRRU, &vl));
	assert_null(cp_option(info, len, LCP_OPT_EPDISC, &vl));
	/* Identification (RFC 1570): magic number, then the text */
	assert_int_equal(h_count_sent(&p.end[1], PPP_LCP, LCP_IDENT), 2);
	h_find_sent(&p.end[1], PPP_LCP, LCP_IDENT, 0, &info, &len);
	assert_int_equal(len, 4 + 4 + 10);
	assert_memory_equal(info + 8, "MSRASV5.20", 10);
	h_find_sent(&p.end[1], PPP_LCP, LCP_IDENT, 1, &info, &len);
	assert_memory_equal(info + 8, "MSRAS-0-WINPC", 13);

	/* CCP: every strength, stateless, MPPC; Naked to 128-bit stateless */
	h_find_sent(&p.end[1], PPP_CCP, CP_CONFREQ, 0, &info, &len);
	v = cp_option(info, len, CCP_OPT_MPPE, &vl);
	assert_true(v && vl == 4);
	assert_int_equal(get32(v), MPPE_OPT_H | MPPE_OPT_M | MPPE_OPT_S | MPPE_OPT_L | MPPE_OPT_C);
	assert_non_null(h_find_sent(&p.end[0], PPP_CCP, CP_CONFNAK, 0, &info, &len));
	assert_int_equal(get32(cp_option(info, len, CCP_OPT_MPPE, &vl)), MPPE_OPT_H | MPPE_OPT_S);

	/* IPCP: address, DNS and NBNS in Windows' order; the server's values arrive */
	h_find_sent(&p.end[1], PPP_IPCP, CP_CONFREQ, 0, &info, &len);
	assert_int_equal(len, 4 + 5 * 6);
	assert_int_equal(info[4], IPCP_OPT_ADDR);
	assert_int_equal(info[10], IPCP_OPT_DNS1);
	assert_int_equal(info[16], IPCP_OPT_NBNS1);
	assert_int_equal(info[22], IPCP_OPT_DNS2);
	assert_int_equal(info[28], IPCP_OPT_NBNS2);
	assert_int_equal(ppp_session_dns(p.end[1].s, 0), 0x0A000035);
	assert_int_equal(ppp_session_dns(p.end[1].s, 1), 0x0A000036);
	assert_int_equal(h_count_sent(&p.end[1], PPP_IPCP, CP_TERMACK), 0);
	assert_int_equal(h_count_sent(&p.end[0], PPP_IPCP, CP_TERMACK), 0);
	h_pair_free(&p);
}

/* Stateful: a lost packet makes the receiver send a CCP Reset-Request; the
 * sender flushes and the stream goes on. */
static void test_stateful_loss_recovers_by_ccp_reset(void **state)
{
	struct ppp_config srv, cli;
	struct h_pair p;
	struct dropper d = { .dir = 0, .proto = PPP_COMP, .code = -1, .skip = 3, .drop = 1 };
	uint8_t pkt[200];

	(void)state;
	h_server_config(&srv);
	h_client_config(&cli);
	set_mppe(&srv, PPP_MPPE_128, false, true, true);
	assert_int_equal(h_pair_init(&p, &srv, &cli, 4), 0);
	h_pair_start(&p);
	assert_true(ppp_session_network_up(p.end[1].s));
	p.filter = drop_filter;
	p.filter_ctx = &d;
	for (unsigned i = 0; i < 10; i++) {
		h_make_ip(pkt, sizeof(pkt), i);
		assert_int_equal(ppp_send_ip(p.end[0].s, pkt, sizeof(pkt)), 0);
		h_pair_pump(&p);
	}
	/* packet 3 lost; 4 arrives after the loss and is discarded while the
	 * Reset-Request travels; the next ones come flushed and decrypt */
	assert_int_equal(ppp_session_counters(p.end[1].s)->ccp_resets_sent, 1);
	assert_int_equal(ppp_session_counters(p.end[0].s)->ccp_resets_rcvd, 1);
	assert_int_equal(p.end[1].rx_ip_n, 8);
	h_make_ip(pkt, sizeof(pkt), 9);
	assert_memory_equal(p.end[1].rx_ip[7], pkt, sizeof(pkt));
	traffic(&p, 0, 10, 1400);
	traffic(&p, 1, 10, 1400);
	h_pair_free(&p);
}

/* The Reset-Request itself is lost: while the receiver keeps discarding it
 * asks again (at most every 500 ms), and the stream recovers. */
static void test_lost_reset_request_is_repeated(void **state)
{
	struct ppp_config srv, cli;
	struct h_pair p;
	struct dropper d = { .dir = 0, .proto = PPP_COMP, .code = -1, .skip = 2, .drop = 1 };
	struct dropper r = { .dir = 1, .proto = PPP_CCP, .code = CCP_RESETREQ, .skip = 0, .drop = 1 };
	struct dropper *cur = &d;
	uint8_t pkt[100];

	(void)state;
	h_server_config(&srv);
	h_client_config(&cli);
	set_mppe(&srv, PPP_MPPE_128, false, true, true);
	assert_int_equal(h_pair_init(&p, &srv, &cli, 4), 0);
	h_pair_start(&p);
	p.filter = drop_filter;
	p.filter_ctx = cur;
	for (unsigned i = 0; i < 4; i++) {          /* packet 2 lost */
		h_make_ip(pkt, sizeof(pkt), i);
		assert_int_equal(ppp_send_ip(p.end[0].s, pkt, sizeof(pkt)), 0);
		h_pair_pump(&p);
		if (i == 2)
			p.filter_ctx = &r;          /* from now on, the first Reset-Request is lost */
	}
	assert_int_equal(ppp_session_counters(p.end[1].s)->ccp_resets_sent, 1);
	assert_int_equal(ppp_session_counters(p.end[0].s)->ccp_resets_rcvd, 0);
	h_pair_run(&p, 600);                        /* the repeat timer runs out */
	for (unsigned i = 4; i < 8; i++) {
		h_make_ip(pkt, sizeof(pkt), i);
		assert_int_equal(ppp_send_ip(p.end[0].s, pkt, sizeof(pkt)), 0);
		h_pair_pump(&p);
	}
	assert_int_equal(ppp_session_counters(p.end[1].s)->ccp_resets_sent, 2);
	assert_int_equal(ppp_session_counters(p.end[0].s)->ccp_resets_rcvd, 1);
	h_make_ip(pkt, sizeof(pkt), 7);
	assert_memory_equal(p.end[1].rx_ip[p.end[1].rx_ip_n - 1], pkt, sizeof(pkt));
	h_pair_free(&p);
}

static void test_stateless_loss_rekeys_forward(void **state)
{
	struct ppp_config srv, cli;
	struct h_pair p;
	struct dropper d = { .dir = 1, .proto = PPP_COMP, .code = -1, .skip = 2, .drop = 5 };
	uint8_t pkt[300];

	(void)state;
	h_server_config(&srv);
	h_client_config(&cli);
	assert_int_equal(h_pair_init(&p, &srv, &cli, 4), 0);
	h_pair_start(&p);
	p.filter = drop_filter;
	p.filter_ctx = &d;
	for (unsigned i = 0; i < 12; i++) {
		h_make_ip(pkt, sizeof(pkt), i);
		assert_int_equal(ppp_send_ip(p.end[1].s, pkt, sizeof(pkt)), 0);
		h_pair_pump(&p);
	}
	assert_int_equal(p.end[0].rx_ip_n, 7);
	h_make_ip(pkt, sizeof(pkt), 11);
	assert_memory_equal(p.end[0].rx_ip[6], pkt, sizeof(pkt));
	assert_int_equal(ppp_session_counters(p.end[0].s)->ccp_resets_sent, 0);
	h_pair_free(&p);
}

/* A stateless MPPE-128 pair whose server loses `lost` of the client's MPPE
 * packets in a row after the first `before`; then `after` more are sent, one
 * pump each, until the server's session leaves the Network phase. */
static void stateless_outage(struct h_pair *p, unsigned before, unsigned lost, unsigned after)
{
	struct ppp_config srv, cli;
	struct dropper d = { .dir = 1, .proto = PPP_COMP, .code = -1, .skip = before, .drop = lost };
	uint8_t pkt[100];

	h_server_config(&srv);
	h_client_config(&cli);
	assert_int_equal(h_pair_init(p, &srv, &cli, 4), 0);
	h_pair_start(p);
	p->filter = drop_filter;
	p->filter_ctx = &d;
	for (unsigned i = 0; i < before + lost + after && ppp_session_phase(p->end[0].s) == PPP_PHASE_NETWORK; i++) {
		h_make_ip(pkt, sizeof(pkt), i);
		assert_int_equal(ppp_send_ip(p->end[1].s, pkt, sizeof(pkt)), 0);
		h_pair_pump(p);
	}
	p->filter = NULL;
}

/* A stateless receiver catches up with an outage by itself (the bounded
 * catch-up of driver/mppe_flow.c, 3 key changes a packet once its credit
 * is spent, forward jumps up to 3,839 taken as loss): the session stays.
 * 2,000 in a row was past reach while jumps of 2,048 and more were "late"
 * (the receiver fell behind as it caught up); 3,000 needs the credit of
 * 800 good packets before. */
static void test_stateless_outage_within_reach_recovers(void **state)
{
	static const unsigned cases[][3] = { { 2, 600, 5000 }, { 2, 2000, 5000 }, { 800, 3000, 5000 } };

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct h_pair p;

		stateless_outage(&p, cases[i][0], cases[i][1], cases[i][2]);
		assert_int_equal(ppp_session_phase(p.end[0].s), PPP_PHASE_NETWORK);
		/* octets: most of the 5,000 after the outage */
		assert_true(p.end[0].rx_ip_total > (cases[i][0] + 3500) * 100);
		h_pair_free(&p);
	}
}

/* An outage longer than the count space (4,096, RFC 3078 3.1) cannot be
 * told from a short one: the receiver's keys are a whole space behind and
 * nothing decrypts again. After a whole count space of such packets the
 * server ends the session instead of keeping it up and deaf (ppp.c,
 * MPPE_OP_DECRYPT). */
static void test_stateless_outage_beyond_reach_closes(void **state)
{
	struct h_pair p;

	(void)state;
	stateless_outage(&p, 2, 4200, 6000);
	assert_int_equal(p.end[0].rx_ip_total, 2 * 100);  /* octets: none after the outage */
	assert_int_not_equal(ppp_session_phase(p.end[0].s), PPP_PHASE_NETWORK);
	assert_string_equal(ppp_session_down_reason(p.end[0].s), "MPPE receive keys lost");
	h_pair_free(&p);
}

/* ppp_datapath_room(), what pnsd's GRE gate asks before reading a batch
 * (pns_ppp_rx_admit; issue 18: a full engine made pnsd read on and drop
 * thousands in a row). The software engine here completes every operation
 * at submit and holds 4,096 completions until they are collected: past
 * that, what is queued stays queued and the room shrinks; collected, it is
 * whole again. Nothing is dropped while the sender minds the room. */
static void test_datapath_room(void **state)
{
	struct ppp_config srv, cli;
	struct h_pair p;
	uint8_t pkt[100];
	const unsigned full = 64;   /* DP_SUBMIT_BATCH */

	(void)state;
	h_server_config(&srv);
	h_client_config(&cli);
	assert_int_equal(h_pair_init(&p, &srv, &cli, 4), 0);
	h_pair_start(&p);
	assert_int_equal(ppp_datapath_room(p.dp), full);
	for (unsigned i = 0; i < 10; i++) {
		h_make_ip(pkt, sizeof(pkt), i);
		assert_int_equal(ppp_send_ip(p.end[1].s, pkt, sizeof(pkt)), 0);
	}
	/* queued, not yet handed over: the room is asked after a flush */
	assert_int_equal(ppp_datapath_room(p.dp), full);
	for (unsigned i = 10; i < 4096 + 40; i++) {
		h_make_ip(pkt, sizeof(pkt), i);
		assert_int_equal(ppp_send_ip(p.end[1].s, pkt, sizeof(pkt)), 0);
	}
	/* 4,096 completions wait uncollected; 40 more stay queued */
	assert_int_equal(ppp_datapath_room(p.dp), full - 40);
	assert_int_equal(ppp_datapath_room(p.dp), full - 40);
	while (ppp_datapath_dispatch(p.dp, 1024) > 0)
		;
	assert_int_equal(ppp_datapath_room(p.dp), full);
	assert_int_equal(ppp_session_counters(p.end[1].s)->engine_errors, 0);
	assert_int_equal(ppp_session_counters(p.end[1].s)->tx_ip, 4096 + 40);
	h_pair_free(&p);
}

static bool client_frames_lost(void *ctx, int dir, struct h_frame *f)
{
	(void)ctx;
	(void)f;
	return dir == 0;
}

/* Frames from past a GRE sequence jump (ppp_input_unverified): an LCP
 * Terminate-Request is dropped, random "MPPE" proves nothing, a genuine MPPE
 * packet is delivered and reported verified with its tag (issue 13). */
static void test_unverified_input(void **state)
{
	struct ppp_config srv, cli;
	struct h_pair p;
	uint8_t pkt[200], junk[120];
	const uint8_t term[] = { 0xff, 0x03, 0xc0, 0x21, 0x05, 0x42, 0x00, 0x04 };
	const struct h_frame *f;
	const uint8_t *info;
	size_t len;

	(void)state;
	h_server_config(&srv);
	h_client_config(&cli);
	assert_int_equal(h_pair_init(&p, &srv, &cli, 4), 0);
	h_pair_start(&p);
	assert_true(ppp_session_network_up(p.end[0].s));
	ppp_input_unverified(p.end[0].s, term, sizeof(term), 7);
	h_pair_run(&p, 5000);
	assert_string_equal(ppp_session_lcp_state(p.end[0].s), "Opened");
	assert_true(ppp_session_network_up(p.end[0].s));
	for (unsigned i = 0; i < 200; i++) {
		junk[0] = 0xff, junk[1] = 0x03, junk[2] = 0x00, junk[3] = 0xfd;
		junk[4] = (uint8_t)(0x90 | (i & 0x0f)), junk[5] = (uint8_t)(i * 37);
		for (size_t k = 6; k < sizeof(junk); k++)
			junk[k] = (uint8_t)(i * 131 + k * 29);
		ppp_input_unverified(p.end[0].s, junk, sizeof(junk), 1000 + i);
		h_pair_pump(&p);
	}
	assert_int_equal(p.end[0].verified_n, 0);
	/* a genuine packet, taken off the link and given to the unverified path instead */
	p.end[1].capture_sent = true;
	p.end[1].sent_n = 0;
	p.filter = client_frames_lost;
	h_make_ip(pkt, sizeof(pkt), 5);
	assert_int_equal(ppp_send_ip(p.end[1].s, pkt, sizeof(pkt)), 0);
	h_pair_pump(&p);
	assert_non_null(f = h_find_sent(&p.end[1], PPP_COMP, -1, 0, &info, &len));
	unsigned before = p.end[0].rx_ip_n;
	ppp_input_unverified(p.end[0].s, f->data, f->len, 4242);
	h_pair_pump(&p);
	assert_int_equal(p.end[0].verified_n, 1);
	assert_int_equal(p.end[0].verified_tag, 4242);
	assert_int_equal(p.end[0].rx_ip_n, before + 1);
	assert_memory_equal(p.end[0].rx_ip[p.end[0].rx_ip_n - 1], pkt, sizeof(pkt));
	h_pair_free(&p);
}

/* The PPTP flow-control alarm does not renegotiate CCP: pppd ends the link
 * when CCP goes down under MPPE ("MPPE disabled"; the interop case
 * v2-128-alarm), so the session stays up and stateful, and only a
 * negotiation the peer starts later becomes stateless. Before, the alarm
 * sent a CCP Configure-Request at once. */
static void test_flow_alarm_keeps_the_session(void **state)
{
	struct ppp_config srv, cli;
	struct h_pair p;
	struct ppp_mppe_state m;
	unsigned reqs;
	const uint8_t *info;
	size_t len;

	(void)state;
	h_server_config(&srv);
	h_client_config(&cli);
	set_mppe(&srv, PPP_MPPE_128, false, true, true);
	assert_int_equal(h_pair_init(&p, &srv, &cli, 4), 0);
	p.end[0].capture_sent = true;
	h_pair_start(&p);
	ppp_session_mppe(p.end[0].s, &m);
	assert_true(m.stateful);
	traffic(&p, 0, 5, 100);
	reqs = h_count_sent(&p.end[0], PPP_CCP, CP_CONFREQ);
	ppp_flow_alarm(p.end[0].s);
	h_pair_run(&p, 10000);
	assert_int_equal(h_count_sent(&p.end[0], PPP_CCP, CP_CONFREQ), reqs);
	assert_string_equal(ppp_session_ccp_state(p.end[0].s), "Opened");
	ppp_session_mppe(p.end[0].s, &m);
	assert_true(m.up);
	assert_true(m.stateful);
	traffic(&p, 0, 5, 100);
	traffic(&p, 1, 5, 100);
	assert_int_equal(p.end[0].events[PPP_EV_DEAD], 0);
	assert_int_equal(p.end[0].events[PPP_EV_NETWORK_DOWN], 0);

	/* The peer renegotiates CCP (stateful again): the server Naks it to stateless */
	{
		uint8_t req[] = { 0xff, 0x03, 0x80, 0xfd, CP_CONFREQ, 77, 0, 10, CCP_OPT_MPPE, 6, 0, 0, 0, 0 };

		put32(req + 10, MPPE_OPT_S);
		h_inject(&p, 0, req, sizeof(req));
		h_pair_run(&p, 10000);
		unsigned naks = h_count_sent(&p.end[0], PPP_CCP, CP_CONFNAK);

		assert_true(naks > 0);
		assert_non_null(h_find_sent(&p.end[0], PPP_CCP, CP_CONFNAK, naks - 1, &info, &len));
		assert_int_equal(info[1], 77);
		assert_int_equal(get32(info + 6), MPPE_OPT_S | MPPE_OPT_H);
	}
	ppp_session_mppe(p.end[0].s, &m);
	assert_true(m.up);
	assert_false(m.stateful);
	traffic(&p, 0, 5, 100);
	traffic(&p, 1, 5, 100);
	h_pair_free(&p);
}

/* While CCP renegotiates (here: the peer started it), no IP crosses in the
 * clear, even when MPPE is not `required`: a renegotiation must not be a
 * downgrade. */
static void test_no_plaintext_during_renegotiation(void **state)
{
	struct ppp_config srv, cli;
	struct h_pair p;
	uint8_t pkt[100];
	static const uint8_t plain_ip[] = { 0x21, 0x45, 0, 0, 20, 0, 0, 0, 0, 64, 17, 0, 0 };
	uint8_t req[] = { 0xff, 0x03, 0x80, 0xfd, CP_CONFREQ, 77, 0, 10, CCP_OPT_MPPE, 6, 0, 0, 0, 0 };

	(void)state;
	h_server_config(&srv);
	h_client_config(&cli);
	set_mppe(&srv, PPP_MPPE_128, false, false, true);
	assert_int_equal(h_pair_init(&p, &srv, &cli, 4), 0);
	h_pair_start(&p);
	put32(req + 10, MPPE_OPT_S);
	ppp_input(p.end[0].s, req, sizeof(req));    /* the peer renegotiates: server CCP leaves Opened */
	assert_string_not_equal(ppp_session_ccp_state(p.end[0].s), "Opened");
	h_make_ip(pkt, sizeof(pkt), 1);
	assert_int_equal(ppp_send_ip(p.end[0].s, pkt, sizeof(pkt)), -1);
	ppp_input(p.end[0].s, plain_ip, sizeof(plain_ip));
	assert_true(ppp_session_counters(p.end[0].s)->rx_unencrypted_dropped >= 1);
	h_pair_run(&p, 10000);
	traffic(&p, 0, 3, 100);
	traffic(&p, 1, 3, 100);
	h_pair_free(&p);
}

/* Rewrites every MPPE option the client sends to "no bits set". */
static bool zero_mppe_bits(void *ctx, int dir, struct h_frame *f)
{
	uint16_t proto;
	const uint8_t *info;
	size_t len;

	(void)ctx;
	if (dir != 1 || !h_frame_parse(f, &proto, &info, &len) || proto != PPP_CCP)
		return true;
	for (size_t i = 4; i + 6 <= len; i += info[i + 1] ? info[i + 1] : 1)
		if (info[i] == CCP_OPT_MPPE && info[i + 1] == 6)
			memset((uint8_t *)info + i + 2, 0, 4);
	return true;
}

static void test_mppe_no_bits_does_not_loop(void **state)
{
	struct ppp_config srv, cli;
	struct h_pair p;

	(void)state;
	for (int required = 0; required < 2; required++) {
		h_server_config(&srv);
		h_client_config(&cli);
		set_mppe(&srv, PPP_MPPE_128, false, required, false);
		set_mppe(&cli, PPP_MPPE_128, false, false, false);
		assert_int_equal(h_pair_init(&p, &srv, &cli, 4), 0);
		p.end[0].capture_sent = true;
		p.filter = zero_mppe_bits;
		h_pair_start(&p);
		h_pair_run(&p, 120000);
		/* a handful of CCP requests, not Max-Configure's worth of ping-pong */
		assert_true(h_count_sent(&p.end[0], PPP_CCP, CP_CONFREQ) <= 3);
		if (required) {
			assert_int_equal(ppp_session_phase(p.end[0].s), PPP_PHASE_DEAD);
		} else {
			struct ppp_mppe_state m;

			ppp_session_mppe(p.end[0].s, &m);
			assert_false(m.up);
		}
		h_pair_free(&p);
	}
}

/* Two data paths (engine, packet pool, submit batch) driven at the same
 * time from two threads, one session pair each: nothing on the data path is
 * process-wide (a shared submit batch or pool would mix the two engines'
 * work or corrupt the free list). Run from threads: no cmocka asserts
 * there, a result code instead. */
struct dp_thread {
	pthread_t t;
	int rc;
	uint64_t got[2];
};

#define DP_THREAD_PKTS 4000
static void *dp_thread_run(void *arg)
{
	struct dp_thread *d = arg;
	struct ppp_config srv, cli;
	struct h_pair *p = calloc(1, sizeof(*p));
	uint8_t pkt[1400];

	d->rc = -1;
	if (!p)
		return NULL;
	h_server_config(&srv);
	h_client_config(&cli);
	set_mppe(&srv, PPP_MPPE_128, false, true, false);
	set_mppe(&cli, PPP_MPPE_128, false, false, false);
	if (h_pair_init(p, &srv, &cli, 4) == 0) {
		h_pair_start(p);
		h_pair_run(p, 10000);
		if (ppp_session_network_up(p->end[0].s) && ppp_session_network_up(p->end[1].s)) {
			for (unsigned i = 0; i < DP_THREAD_PKTS; i++) {
				h_make_ip(pkt, sizeof(pkt), i);
				ppp_send_ip(p->end[i & 1].s, pkt, sizeof(pkt));
				if ((i & 31) == 31)
					h_pair_pump(p);
			}
			h_pair_pump(p);
			d->got[0] = p->end[0].rx_ip_n;
			d->got[1] = p->end[1].rx_ip_n;
			d->rc = 0;
		}
	}
	h_pair_free(p);
	free(p);
	return NULL;
}

static void test_two_datapaths_in_two_threads(void **state)
{
	struct dp_thread d[2];

	(void)state;
	memset(d, 0, sizeof(d));
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&d[i].t, NULL, dp_thread_run, &d[i]), 0);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(pthread_join(d[i].t, NULL), 0);
		assert_int_equal(d[i].rc, 0);
		assert_int_equal(d[i].got[0], DP_THREAD_PKTS / 2);
		assert_int_equal(d[i].got[1], DP_THREAD_PKTS / 2);
	}
}

static void test_ipv6cp_gets_protocol_reject(void **state)
{
	struct ppp_config srv, cli;
	struct h_pair p;
	/* IPV6CP ConfReq id 1 <addr fe80::f986:89f6:7ef2:0953> as the Linux client sends it */
	static const uint8_t v6cp[] = { 0x80, 0x57, 0x01, 0x01, 0x00, 0x0e, 0x01, 0x0a,
					0xf9, 0x86, 0x89, 0xf6, 0x7e, 0xf2, 0x09, 0x53 };
	const uint8_t *info;
	size_t len;

	(void)state;
	h_server_config(&srv);
	h_client_config(&cli);
	assert_int_equal(h_pair_init(&p, &srv, &cli, 4), 0);
	p.end[0].capture_sent = true;
	h_pair_start(&p);
	h_inject(&p, 0, v6cp, sizeof(v6cp));
	h_pair_pump(&p);
	assert_non_null(h_find_sent(&p.end[0], PPP_LCP, LCP_PROTREJ, 0, &info, &len));
	assert_int_equal(info[4], 0x80);
	assert_int_equal(info[5], 0x57);
	assert_memory_equal(info + 6, v6cp + 2, sizeof(v6cp) - 2);
	assert_int_equal(ppp_session_counters(p.end[0].s)->rx_unknown_proto, 1);
	assert_true(ppp_session_network_up(p.end[0].s));
	h_pair_free(&p);
}

/* An authenticator that answers later (as RADIUS will). */
struct later {
	struct ppp_userdb *db;
	struct ppp_session *s;
	uint64_t token;
	struct ppp_auth_request rq;
	int pending, cancelled;
};

static int later_check(void *ctx, struct ppp_session *s, uint64_t token, const struct ppp_auth_request *rq)
{
	struct later *l = ctx;

	l->s = s;
	l->token = token;
	l->rq = *rq;
	l->pending++;
	return 0;
}

static void later_cancel(void *ctx, struct ppp_session *s, uint64_t token)
{
	struct later *l = ctx;

	(void)s;
	(void)token;
	l->cancelled++;
}

static void test_async_authenticator(void **state)
{
	struct ppp_config srv, cli;
	struct h_pair p;
	struct later l = { 0 };
	struct ppp_authenticator local;
	struct ppp_auth_result res;

	(void)state;
	h_server_config(&srv);
	h_client_config(&cli);
	assert_int_equal(h_pair_init(&p, &srv, &cli, 4), 0);
	local = p.authr;
	p.authr.ctx = &l;
	p.authr.check = later_check;
	p.authr.cancel = later_cancel;
	assert_int_equal(h_recreate_server(&p, &srv), 0);
	h_pair_start(&p);
	h_pair_run(&p, 2000);
	assert_int_equal(l.pending, 1);
	assert_int_equal(ppp_session_phase(p.end[0].s), PPP_PHASE_AUTHENTICATE);
	/* a stale token is ignored */
	memset(&res, 0, sizeof(res));
	res.ok = true;
	ppp_auth_done(p.end[0].s, l.token + 99, &res);
	assert_int_equal(ppp_session_phase(p.end[0].s), PPP_PHASE_AUTHENTICATE);
	/* now the real answer, from the local check */
	local.check(local.ctx, l.s, l.token, &l.rq);
	h_pair_run(&p, 5000);
	check_outcome(&p, (struct expect){ true, 128, false });
	assert_int_equal(l.cancelled, 0);
	h_pair_free(&p);

	/* a session that goes away while the answer is pending cancels it */
	memset(&l, 0, sizeof(l));
	assert_int_equal(h_pair_init(&p, &srv, &cli, 4), 0);
	p.authr.ctx = &l;
	p.authr.check = later_check;
	p.authr.cancel = later_cancel;
	assert_int_equal(h_recreate_server(&p, &srv), 0);
	h_pair_start(&p);
	assert_int_equal(l.pending, 1);
	h_pair_free(&p);
	assert_int_equal(l.cancelled, 1);
}

static void test_lcp_echo_timeout_closes(void **state)
{
	struct ppp_config srv, cli;
	struct h_pair p;
	struct dropper d = { .dir = 1, .proto = PPP_LCP, .code = LCP_ECHOREP, .skip = 0, .drop = 1000 };

	(void)state;
	h_server_config(&srv);
	h_client_config(&cli);
	srv.echo_interval_ms = 10000;
	assert_int_equal(h_pair_init(&p, &srv, &cli, 4), 0);
	h_pair_start(&p);
	h_pair_run(&p, 25000);
	assert_true(ppp_session_network_up(p.end[0].s));   /* replies arrive: still up */
	p.filter = drop_filter;
	p.filter_ctx = &d;
	h_pair_run(&p, 60000);
	assert_int_equal(ppp_session_phase(p.end[0].s), PPP_PHASE_DEAD);
	assert_string_equal(ppp_session_down_reason(p.end[0].s), "peer not responding");
	h_pair_free(&p);
}

/* A server without `ppp authentication` (and no MPPE): the session goes on
 * to the Network phase (it stayed in Authenticate before). */
static void test_no_authentication_reaches_network(void **state)
{
	struct ppp_config srv, cli;
	struct h_pair p;

	(void)state;
	h_server_config(&srv);
	h_client_config(&cli);
	srv.n_auth = 0;
	srv.mppe.strength = cli.mppe.strength = PPP_MPPE_NONE;
	assert_int_equal(h_pair_init(&p, &srv, &cli, 4), 0);
	h_pair_start(&p);
	h_pair_run(&p, 5000);
	assert_int_equal(ppp_session_phase(p.end[0].s), PPP_PHASE_NETWORK);
	assert_true(ppp_session_network_up(p.end[0].s));
	assert_true(ppp_session_network_up(p.end[1].s));
	traffic(&p, 0, 2, 100);
	h_pair_free(&p);
}

/* ppp timeout idle: IP either way keeps the session; without it, it ends
 * after the idle time and at most a quarter more. */
static void test_idle_timeout(void **state)
{
	struct ppp_config srv, cli;
	struct h_pair p;

	(void)state;
	h_server_config(&srv);
	h_client_config(&cli);
	srv.idle_timeout_s = 4;
	assert_int_equal(h_pair_init(&p, &srv, &cli, 4), 0);
	h_pair_start(&p);
	h_pair_run(&p, 3000);
	assert_true(ppp_session_network_up(p.end[0].s));
	for (int i = 0; i < 10; i++) {          /* 30 s: outbound, then inbound traffic */
		traffic(&p, i < 5 ? 0 : 1, 1, 100);
		h_pair_run(&p, 3000);
		assert_true(ppp_session_network_up(p.end[0].s));
	}
	traffic(&p, 1, 1, 100);
	h_pair_run(&p, 3500);
	assert_true(ppp_session_network_up(p.end[0].s));    /* not before 4 s */
	h_pair_run(&p, 2000);
	assert_int_equal(ppp_session_phase(p.end[0].s), PPP_PHASE_DEAD);
	assert_string_equal(ppp_session_down_reason(p.end[0].s), "Idle timeout");
	h_pair_free(&p);
}

/* ppp timeout idle N inbound: only the peer's packets count. */
static void test_idle_timeout_inbound(void **state)
{
	struct ppp_config srv, cli;
	struct h_pair p;
	int i;

	(void)state;
	h_server_config(&srv);
	h_client_config(&cli);
	srv.idle_timeout_s = 4;
	srv.idle_inbound = true;
	assert_int_equal(h_pair_init(&p, &srv, &cli, 4), 0);
	h_pair_start(&p);
	h_pair_run(&p, 3000);
	for (i = 0; i < 10; i++) {              /* the peer's packets keep it */
		traffic(&p, 1, 1, 100);
		h_pair_run(&p, 3000);
		assert_true(ppp_session_network_up(p.end[0].s));
	}
	traffic(&p, 1, 1, 100);
	for (i = 0; i < 10 && ppp_session_network_up(p.end[0].s); i++) {   /* ours do not */
		traffic(&p, 0, 1, 100);
		h_pair_run(&p, 1000);
	}
	assert_in_range(i, 4, 5);
	assert_int_equal(ppp_session_phase(p.end[0].s), PPP_PHASE_DEAD);
	assert_string_equal(ppp_session_down_reason(p.end[0].s), "Idle timeout");
	h_pair_free(&p);
}

/* timeout absolute: counted from authentication, traffic or not; a
 * Session-Timeout from the authenticator replaces it. */
static void test_absolute_timeout(void **state)
{
	struct ppp_config srv, cli;
	struct h_pair p;

	(void)state;
	h_server_config(&srv);
	h_client_config(&cli);
	srv.absolute_timeout_s = 10;
	srv.echo_interval_ms = 500;             /* its timer moves the virtual clock on */
	assert_int_equal(h_pair_init(&p, &srv, &cli, 4), 0);
	h_pair_start(&p);
	for (int i = 0; i < 9; i++) {
		h_pair_run(&p, 1000);
		traffic(&p, 1, 1, 100);
	}
	assert_true(ppp_session_network_up(p.end[0].s));
	h_pair_run(&p, 2000);
	assert_int_equal(ppp_session_phase(p.end[0].s), PPP_PHASE_DEAD);
	assert_string_equal(ppp_session_down_reason(p.end[0].s), "Session timeout");
	h_pair_free(&p);
}

/* A client that retransmits its Response after our Success gets the same Success. */
static void test_retransmitted_response_gets_same_success(void **state)
{
	struct ppp_config srv, cli;
	struct h_pair p;
	const struct h_frame *resp, *succ;
	struct h_frame copy;

	(void)state;
	h_server_config(&srv);
	h_client_config(&cli);
	assert_int_equal(h_pair_init(&p, &srv, &cli, 4), 0);
	p.end[0].capture_sent = true;
	p.end[1].capture_sent = true;
	h_pair_start(&p);
	assert_true(ppp_session_network_up(p.end[0].s));
	resp = h_find_sent(&p.end[1], PPP_CHAP, CHAP_RESPONSE, 0, NULL, NULL);
	assert_non_null(resp);
	copy = *resp;
	h_inject(&p, 0, copy.data, copy.len);
	h_pair_pump(&p);
	assert_int_equal(h_count_sent(&p.end[0], PPP_CHAP, CHAP_SUCCESS), 2);
	succ = h_find_sent(&p.end[0], PPP_CHAP, CHAP_SUCCESS, 1, NULL, NULL);
	assert_memory_equal(succ->data, h_find_sent(&p.end[0], PPP_CHAP, CHAP_SUCCESS, 0, NULL, NULL)->data,
			    succ->len);
	assert_true(ppp_session_network_up(p.end[0].s));
	h_pair_free(&p);
}

/* Junk of every shape into an up session: dropped and counted, session intact. */
static void test_hostile_frames_leave_session_up(void **state)
{
	struct ppp_config srv, cli;
	struct h_pair p;
	static const uint8_t junk[][12] = {
		{ 0xff },                                      /* too short */
		{ 0xff, 0x03, 0xc0 },                          /* truncated protocol */
		{ 0xc0, 0x21, 0x01, 0x09, 0x00, 0x40 },        /* length beyond frame */
		{ 0xc0, 0x21, 0x01, 0x09, 0x00, 0x02 },        /* length below header */
		{ 0xc0, 0x21, 0x01, 0x09, 0x00, 0x08, 0x01, 0x09, 0x05, 0x06 }, /* option overruns */
		{ 0x80, 0x21, 0x02, 0x77, 0x00, 0x04 },        /* Ack with a wrong id */
		{ 0xfd, 0x90 },                                /* MPPE too short */
		{ 0xfd, 0x90, 0x05, 0x01, 0x02, 0x03 },        /* MPPE forged count */
		{ 0x21, 0x45, 0x00 },                          /* plain IP on an encrypted link */
		{ 0xc2, 0x23, 0x02, 0x01, 0x00, 0x08, 0x30, 0x00 }, /* CHAP response, wrong size */
		{ 0x80, 0xfd, 0x0e, 0x05, 0x00, 0x04 },        /* CCP Reset-Request: valid */
		{ 0xc0, 0x21, 0x20, 0x01, 0x00, 0x04 },        /* unknown LCP code */
	};

	(void)state;
	h_server_config(&srv);
	h_client_config(&cli);
	assert_int_equal(h_pair_init(&p, &srv, &cli, 4), 0);
	h_pair_start(&p);
	for (size_t i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
		size_t n = sizeof(junk[i]);

		while (n > 1 && junk[i][n - 1] == 0 && i != 8)
			n--;
		h_inject(&p, 0, junk[i], n);
		h_pair_pump(&p);
	}
	assert_true(ppp_session_counters(p.end[0].s)->rx_bad >= 4);
	assert_true(ppp_session_counters(p.end[0].s)->rx_unencrypted_dropped >= 1);
	assert_true(ppp_session_network_up(p.end[0].s));
	traffic(&p, 0, 5, 64);
	/* The forged MPPE frame may decrypt to a plausible protocol (MPPE has
	 * no integrity check) and move the receive count ahead by up to 5;
	 * genuine packets behind it are dropped as late, the rest flow. */
	{
		uint8_t pkt[64];
		unsigned before = p.end[0].rx_ip_n;

		for (unsigned i = 0; i < 12; i++) {
			h_make_ip(pkt, sizeof(pkt), i);
			assert_int_equal(ppp_send_ip(p.end[1].s, pkt, sizeof(pkt)), 0);
			h_pair_pump(&p);
		}
		assert_true(p.end[0].rx_ip_n - before >= 6);
		assert_memory_equal(p.end[0].rx_ip[p.end[0].rx_ip_n - 1], pkt, sizeof(pkt));
	}
	h_pair_free(&p);
}

static void test_mss_clamp(void **state)
{
	/* IPv4 + TCP SYN with MSS 1460 */
	uint8_t pkt[44] = { 0x45, 0, 0, 44, 0, 0, 0x40, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
			    0x04, 0xd2, 0x00, 0x50, 0, 0, 0, 1, 0, 0, 0, 0, 0x60, 0x02, 0xff, 0xff,
			    0, 0, 0, 0, 2, 4, 0x05, 0xb4 };
	uint32_t sum = 0;

	(void)state;
	/* fill in a correct TCP checksum (pseudo header + segment) */
	for (int i = 12; i < 20; i += 2)
		sum += (uint32_t)(pkt[i] << 8 | pkt[i + 1]);
	sum += 6 + 24;
	for (int i = 20; i < 44; i += 2)
		sum += (uint32_t)(pkt[i] << 8 | pkt[i + 1]);
	while (sum >> 16)
		sum = (sum & 0xFFFF) + (sum >> 16);
	pkt[36] = (uint8_t)(~sum >> 8);
	pkt[37] = (uint8_t)~sum;
	assert_true(ppp_clamp_mss(pkt, sizeof(pkt), 1356));
	assert_int_equal(pkt[42] << 8 | pkt[43], 1356);
	sum = 0;
	for (int i = 12; i < 20; i += 2)
		sum += (uint32_t)(pkt[i] << 8 | pkt[i + 1]);
	sum += 6 + 24;
	for (int i = 20; i < 44; i += 2)
		sum += (uint32_t)(pkt[i] << 8 | pkt[i + 1]);
	while (sum >> 16)
		sum = (sum & 0xFFFF) + (sum >> 16);
	assert_int_equal(sum, 0xFFFF);                   /* checksum still verifies */
	assert_false(ppp_clamp_mss(pkt, sizeof(pkt), 1400)); /* already below */
	pkt[33] = 0x10;                                   /* not a SYN */
	assert_false(ppp_clamp_mss(pkt, sizeof(pkt), 500));
	assert_false(ppp_clamp_mss(pkt, 30, 500));       /* truncated */
}

/* One's complement sum of an IPv4/TCP packet's pseudo header and segment
 * (0xFFFF when the checksum verifies). */
static uint32_t tcp_sum(const uint8_t *pkt, size_t len)
{
	uint32_t sum = 6 + (uint32_t)(len - 20);

	for (size_t i = 12; i < 20; i += 2)
		sum += (uint32_t)(pkt[i] << 8 | pkt[i + 1]);
	for (size_t i = 20; i < len; i += 2)
		sum += (uint32_t)(pkt[i] << 8 | pkt[i + 1]);
	while (sum >> 16)
		sum = (sum & 0xFFFF) + (sum >> 16);
	return sum;
}

/* The MSS option after one NOP: its value straddles two of the checksum's
 * 16-bit words (fuzz_mss found the checksum left wrong there). */
static void test_mss_clamp_odd_offset(void **state)
{
	uint8_t pkt[48] = { 0x45, 0, 0, 48, 0, 0, 0x40, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
			    0x04, 0xd2, 0x00, 0x50, 0, 0, 0, 1, 0, 0, 0, 0, 0x70, 0x02, 0xff, 0xff,
			    0, 0, 0, 0, 1, 2, 4, 0x05, 0xb4, 1, 1, 1 };
	uint32_t sum;

	(void)state;
	sum = tcp_sum(pkt, sizeof(pkt));
	pkt[36] = (uint8_t)(~sum >> 8);
	pkt[37] = (uint8_t)~sum;
	assert_int_equal(tcp_sum(pkt, sizeof(pkt)), 0xFFFF);
	assert_true(ppp_clamp_mss(pkt, sizeof(pkt), 1356));
	assert_int_equal(pkt[43] << 8 | pkt[44], 1356);
	assert_int_equal(tcp_sum(pkt, sizeof(pkt)), 0xFFFF);   /* checksum still verifies */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mschapv2_128_stateless_like_the_capture),
		cmocka_unit_test(test_mppe_matrix),
		cmocka_unit_test(test_mschapv1),
		cmocka_unit_test(test_auth_nak_to_second_method),
		cmocka_unit_test(test_pap_and_chap_md5_without_mppe),
		cmocka_unit_test(test_pap_with_required_mppe_refused),
		cmocka_unit_test(test_wrong_password),
		cmocka_unit_test(test_crossing_terminate_lingers),
		cmocka_unit_test(test_unknown_user),
		cmocka_unit_test(test_exhausted_pool),
		cmocka_unit_test(test_ccp_late_while_ipcp_done),
		cmocka_unit_test(test_ipcp_waits_for_ccp_when_mppe_required),
		cmocka_unit_test(test_no_ipcp_before_ccp_for_a_peer_requiring_mppe),
		cmocka_unit_test(test_ipcp_starts_when_ccp_settles_without_mppe),
		cmocka_unit_test(test_windows_like_client),
		cmocka_unit_test(test_stateful_loss_recovers_by_ccp_reset),
		cmocka_unit_test(test_lost_reset_request_is_repeated),
		cmocka_unit_test(test_stateless_loss_rekeys_forward),
		cmocka_unit_test(test_unverified_input),
		cmocka_unit_test(test_flow_alarm_keeps_the_session),
		cmocka_unit_test(test_no_plaintext_during_renegotiation),
		cmocka_unit_test(test_mppe_no_bits_does_not_loop),
		cmocka_unit_test(test_stateless_outage_within_reach_recovers),
		cmocka_unit_test(test_stateless_outage_beyond_reach_closes),
		cmocka_unit_test(test_datapath_room),
		cmocka_unit_test(test_ipv6cp_gets_protocol_reject),
		cmocka_unit_test(test_two_datapaths_in_two_threads),
		cmocka_unit_test(test_async_authenticator),
		cmocka_unit_test(test_lcp_echo_timeout_closes),
		cmocka_unit_test(test_no_authentication_reaches_network),
		cmocka_unit_test(test_idle_timeout),
		cmocka_unit_test(test_idle_timeout_inbound),
		cmocka_unit_test(test_absolute_timeout),
		cmocka_unit_test(test_retransmitted_response_gets_same_success),
		cmocka_unit_test(test_hostile_frames_leave_session_up),
		cmocka_unit_test(test_mss_clamp),
		cmocka_unit_test(test_mss_clamp_odd_offset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
