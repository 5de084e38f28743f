/*
 * pptp-client's PPP against the real Linux client (pppd 2.4.9 + kernel
 * ppp_mppe) as captured talking to pnsd (tests/fixtures/captures/): our
 * client session (the library pptp-client runs, with its default profile)
 * talks to pnsd's session in memory, and what it sends is compared with
 * what the Linux client sent, field by field where fields are random
 * (magic number, MS-CHAPv2 peer challenge), byte for byte elsewhere:
 *  - LCP Configure-Request: the same options in the same order, the same
 *    values but the magic number;
 *  - MS-CHAPv2 Response: the same layout (49-octet value, reserved zeros,
 *    flags 0, the name);
 *  - CCP Configure-Request: the same MPPE bits (stateless capture);
 *  - IPCP Configure-Request: the same but for the differences docs/interop.md
 *    lists (no VJ request: we could not do VJ if a server accepted it; DNS
 *    asked, as pppd does with usepeerdns);
 *  - framing after LCP: the same header bytes (no FF 03, one-octet
 *    protocol where PFC allows);
 *  - MPPE data: given the capture's keys (from its MS-CHAPv2 exchange and
 *    the README's password) and the capture's plaintexts, our client sends
 *    the very bytes the Linux client sent, header and framing included,
 *    stateless and stateful.
 * The PPTP control messages of pptp-client are compared with the capture
 * in tests/integration/test_client_framing.py (real sockets).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../capture.h"
#include "harness.h"
#include "mppe/keys.h"
#include "mppe/mppe.h"
#include "mppe/mschap.h"
#include "ppp.h"
#include "ppp_defs.h"
#include "ppp_local.h"

static const char password[] = "pptp-Secret-1";   /* the captures' README */

/* The captured configuration: pnsd `ppp authentication ms-chap-v2`,
 * `ppp encrypt mppe 128 required [stateful]`; the client as pptp-client
 * runs with `--user pptpuser --mppe 128,required`. */
static void configs(struct ppp_config *srv, struct ppp_config *cli, bool stateful)
{
	h_server_config(srv);
	srv->auth[0] = PPP_AUTH_MSCHAP_V2;
	srv->n_auth = 1;
	srv->mppe.strength = PPP_MPPE_128;
	srv->mppe.required = true;
	srv->mppe.stateful = stateful;
	h_client_config(cli);
	cli->mppe.strength = PPP_MPPE_128;
	cli->mppe.required = true;
}

/* The i-th option of a Configure packet (info = code, id, length, options). */
static const uint8_t *option(const uint8_t *info, size_t len, unsigned i)
{
	size_t off = 4;

	while (off + 2 <= len && info[off + 1] >= 2 && off + info[off + 1] <= len) {
		if (i-- == 0)
			return info + off;
		off += info[off + 1];
	}
	return NULL;
}

static const uint8_t *cap_info(const struct capture_frame *f, size_t *len)
{
	*len = f->len - f->info_off;
	return f->data + f->info_off;
}

static void test_negotiation_like_the_linux_client(void **state)
{
	struct capture *c = malloc(sizeof(*c));
	const struct capture_frame *cf;
	const struct h_frame *of;
	struct ppp_config srv, cli;
	struct h_pair p;
	const uint8_t *li, *oi, *lo, *oo;
	size_t ll, ol;

	(void)state;
	assert_non_null(c);
	capture_load(CAPTURES "linux-client-vs-pnsd-stateless-128.pcap", c);
	configs(&srv, &cli, false);
	assert_int_equal(h_pair_init(&p, &srv, &cli, 4), 0);
	p.end[1].capture_sent = true;
	h_pair_start(&p);
	assert_true(ppp_session_network_up(p.end[1].s));

	/* LCP: <asyncmap 0x0> <magic ...> <pcomp> <accomp>, in that order */
	assert_non_null(cf = capture_find(c, true, PPP_LCP, CP_CONFREQ, 0));
	li = cap_info(cf, &ll);
	assert_non_null(h_find_sent(&p.end[1], PPP_LCP, CP_CONFREQ, 0, &oi, &ol));
	assert_int_equal(ol, ll);
	for (unsigned i = 0; (lo = option(li, ll, i)) != NULL; i++) {
		assert_non_null(oo = option(oi, ol, i));
		assert_int_equal(oo[0], lo[0]);
		assert_int_equal(oo[1], lo[1]);
		if (lo[0] != LCP_OPT_MAGIC)
			assert_memory_equal(oo, lo, lo[1]);
	}

	/* MS-CHAPv2 Response: value size 49, peer challenge, 8 reserved zeros,
	 * NT-Response, flags 0, then the name (RFC 2759 4) */
	assert_non_null(cf = capture_find(c, true, PPP_CHAP, CHAP_RESPONSE, 0));
	li = cap_info(cf, &ll);
	assert_non_null(h_find_sent(&p.end[1], PPP_CHAP, CHAP_RESPONSE, 0, &oi, &ol));
	assert_int_equal(oi[4], 49);
	assert_int_equal(li[4], 49);
	assert_memory_equal(oi + 5 + 16, li + 5 + 16, 8);     /* reserved: zero in both */
	assert_int_equal(oi[5 + 48], li[5 + 48]);             /* flags */
	assert_int_equal(ol - 54, strlen("alice"));          /* the name, as configured */

	/* CCP: the same MPPE request (+H +S: 128-bit stateless) */
	assert_non_null(cf = capture_find(c, true, PPP_CCP, CP_CONFREQ, 0));
	li = cap_info(cf, &ll);
	assert_non_null(h_find_sent(&p.end[1], PPP_CCP, CP_CONFREQ, 0, &oi, &ol));
	assert_int_equal(ol, ll);
	assert_memory_equal(oi + 4, li + 4, ll - 4);

	/* IPCP: <addr 0.0.0.0> in both; the Linux client also asks for VJ, we
	 * ask for DNS instead (docs/interop.md) */
	assert_non_null(cf = capture_find(c, true, PPP_IPCP, CP_CONFREQ, 0));
	li = cap_info(cf, &ll);
	assert_non_null(h_find_sent(&p.end[1], PPP_IPCP, CP_CONFREQ, 0, &oi, &ol));
	{
		static const uint8_t addr0[] = { IPCP_OPT_ADDR, 6, 0, 0, 0, 0 };
		static const uint8_t vj[] = { 2, 6, 0x00, 0x2d, 0x0f, 0x01 };
		unsigned li_n = 0, oi_n = 0;

		for (unsigned i = 0; (lo = option(li, ll, i)) != NULL; i++, li_n++)
			assert_true(memcmp(lo, addr0, 6) == 0 || memcmp(lo, vj, 6) == 0);
		for (unsigned i = 0; (oo = option(oi, ol, i)) != NULL; i++, oi_n++)
			assert_true(memcmp(oo, addr0, 6) == 0 ||
				    ((oo[0] == IPCP_OPT_DNS1 || oo[0] == IPCP_OPT_DNS2) && oo[1] == 6));
		assert_int_equal(li_n, 2);
		assert_int_equal(oi_n, 3);
		assert_memory_equal(option(oi, ol, 0), addr0, 6);
	}

	/* Framing once LCP is up: CCP and IPCP carry the same header bytes
	 * (the two-octet protocol: PFC applies only below 0x100) */
	assert_non_null(cf = capture_find(c, true, PPP_CCP, CP_CONFREQ, 0));
	assert_non_null(of = h_find_sent(&p.end[1], PPP_CCP, CP_CONFREQ, 0, &oi, &ol));
	assert_int_equal((size_t)(oi - of->data), cf->info_off);
	assert_memory_equal(of->data, cf->data, cf->info_off);
	h_pair_free(&p);
	free(c);
}

/* The capture's keys go into both sessions when the client first sends
 * CCP (after MS-CHAPv2 set its own, before CCP can open). */
struct keys {
	struct h_pair *p;
	uint8_t send[16], recv[16];     /* the client's, RFC 3079 3 */
	bool done;
};

static bool put_keys(void *ctx, int dir, struct h_frame *f)
{
	struct keys *k = ctx;
	uint16_t proto;
	const uint8_t *info;
	size_t len;

	if (k->done || dir != 1 || !h_frame_parse(f, &proto, &info, &len) || proto != PPP_CCP)
		return true;
	memcpy(k->p->end[1].s->send_key, k->send, 16);
	memcpy(k->p->end[1].s->recv_key, k->recv, 16);
	memcpy(k->p->end[0].s->send_key, k->recv, 16);
	memcpy(k->p->end[0].s->recv_key, k->send, 16);
	k->done = true;
	return true;
}

static void same_mppe_bytes(const char *file, bool stateful)
{
	struct capture *c = malloc(sizeof(*c));
	struct ppp_config srv, cli;
	struct h_pair p;
	struct keys k = { .p = &p };
	uint8_t hash[16], hash_hash[16];
	struct mppe_flow rx;
	struct mppe_flow_params fp = { .key_bits = 128, .stateful = stateful, .dir = MPPE_DIR_RX };
	unsigned n = 0;

	assert_non_null(c);
	capture_load(file, c);
	assert_true(c->have_response);
	assert_int_equal(NtPasswordHash(password, hash), 0);
	HashNtPasswordHash(hash, hash_hash);
	mppe_start_keys_mschapv2(hash_hash, c->nt_response, 128, false, k.send, k.recv);
	memcpy(fp.start_key, k.send, 16);
	assert_int_equal(mppe_flow_init(&rx, &fp), 0);

	configs(&srv, &cli, stateful);
	assert_int_equal(h_pair_init(&p, &srv, &cli, 4), 0);
	p.end[1].capture_sent = true;
	p.filter = put_keys;
	p.filter_ctx = &k;
	h_pair_start(&p);
	assert_true(k.done);
	assert_true(ppp_session_network_up(p.end[1].s));
	{
		struct ppp_mppe_state m;

		ppp_session_mppe(p.end[1].s, &m);
		assert_true(m.up && m.key_bits == 128 && m.stateful == stateful);
	}
	for (unsigned i = 0; i < c->n_pkt; i++) {
		const struct capture_mppe *pk = &c->pkt[i];
		const struct capture_frame *cf;
		const struct h_frame *of;
		uint8_t pt[1600];
		size_t pt_len;
		unsigned before;

		if (!pk->from_client)
			continue;
		/* the plaintext the Linux client sent: protocol 00 21 and IPv4 */
		assert_int_equal(mppe_flow_decrypt(&rx, pk->data, pk->len, pt, sizeof(pt), &pt_len), MPPE_OK);
		assert_true(pt_len > 2 && pt[0] == 0x00 && pt[1] == 0x21);
		before = h_count_sent(&p.end[1], PPP_COMP, -1);
		assert_int_equal(ppp_send_ip(p.end[1].s, pt + 2, pt_len - 2), 0);
		h_pair_pump(&p);
		assert_int_equal(h_count_sent(&p.end[1], PPP_COMP, -1), before + 1);
		of = h_find_sent(&p.end[1], PPP_COMP, -1, before, NULL, NULL);
		assert_non_null(cf = capture_find(c, true, PPP_COMP, -1, n));
		/* the whole frame: `fd`, MPPE header, ciphertext */
		assert_int_equal(of->len, cf->len);
		assert_memory_equal(of->data, cf->data, cf->len);
		n++;
	}
	assert_int_equal(n, 3);     /* three pings in each capture */
	mppe_flow_wipe(&rx);
	h_pair_free(&p);
	free(c);
}

static void test_same_mppe_bytes_stateless(void **state)
{
	(void)state;
	same_mppe_bytes(CAPTURES "linux-client-vs-pnsd-stateless-128.pcap", false);
}

static void test_same_mppe_bytes_stateful(void **state)
{
	(void)state;
	same_mppe_bytes(CAPTURES "linux-client-vs-pnsd-stateful-128.pcap", true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_negotiation_like_the_linux_client),
		cmocka_unit_test(test_same_mppe_bytes_stateless),
		cmocka_unit_test(test_same_mppe_bytes_stateful),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
