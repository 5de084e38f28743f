/*
 * Replay of real captures (tests/fixtures/captures/, copied from the
 * project's reference captures): the stock Debian PPTP client (pptp-linux +
 * pppd 2.4.9 + kernel ppp_mppe) against pnsd, stateless and stateful, and
 * against PoPToP (pptpd + pppd). From the MS-CHAPv2 exchange on the wire and
 * the password in the captures' README, our code must
 *  - compute the client's NT-Response and the server's "S=" authenticator
 *    response exactly as they were sent (RFC 2759 8.1, 8.7),
 *  - derive the session keys (RFC 3079 3) and decrypt every captured MPPE
 *    packet, both directions, to an IPv4 packet with a valid header checksum
 *    (or an IPv6 packet of the right length),
 *  - produce the very same MPPE packets (header + ciphertext) from the
 *    decrypted payloads with the same keys: our sender (pnsd and pptp-client
 *    use this engine) behaves on the wire as Linux ppp_mppe does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mppe/keys.h"
#include "mppe/mppe.h"
#include "mppe/mschap.h"

#include "capture.h"
#include "common/bytes.h"


static bool ipv4_ok(const uint8_t *p, size_t len)
{
	uint32_t sum = 0;

	if (len < 20 || (p[0] >> 4) != 4 || get16(p + 2) != len)
		return false;
	for (size_t i = 0; i < (size_t)(p[0] & 15) * 4; i += 2)
		sum += get16(p + i);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum == 0xffff;
}

static bool ipv6_ok(const uint8_t *p, size_t len)
{
	return len >= 40 && (p[0] >> 4) == 6 && (size_t)get16(p + 4) + 40 == len;
}

static void replay(const char *file, bool stateful, unsigned want_pkts, unsigned want_from_server)
{
	static const char password[] = "pptp-Secret-1";   /* the captures' README */
	struct capture *c = malloc(sizeof(*c));
	uint8_t hash[16], hash_hash[16], resp[24], auth[MSCHAP_AUTH_RESPONSE_LEN];
	uint8_t send_key[16], recv_key[16];
	struct mppe_flow rx[2], tx[2];   /* [1]: client -> server, [0]: server -> client */
	unsigned from_server = 0;

	assert_non_null(c);
	capture_load(file, c);
	assert_true(c->have_challenge && c->have_response && c->have_success);
	assert_string_equal(c->user, "pptpuser");

	/* The exchange on the wire is the one RFC 2759 computes from the password. */
	assert_int_equal(GenerateNTResponse(c->auth_challenge, c->peer_challenge, c->user, password, resp), 0);
	assert_memory_equal(resp, c->nt_response, 24);
	assert_int_equal(NtPasswordHash(password, hash), 0);
	GenerateAuthenticatorResponse(hash, c->nt_response, c->peer_challenge, c->auth_challenge, c->user, auth);
	assert_memory_equal(auth, c->success, MSCHAP_AUTH_RESPONSE_LEN);

	/* RFC 3079 3: the keys, from the client's side. */
	HashNtPasswordHash(hash, hash_hash);
	mppe_start_keys_mschapv2(hash_hash, c->nt_response, 128, false, send_key, recv_key);
	for (int d = 0; d < 2; d++) {
		struct mppe_flow_params p = { .key_bits = 128, .stateful = stateful };

		memcpy(p.start_key, d ? send_key : recv_key, 16);
		p.dir = MPPE_DIR_RX;
		assert_int_equal(mppe_flow_init(&rx[d], &p), 0);
		p.dir = MPPE_DIR_TX;
		assert_int_equal(mppe_flow_init(&tx[d], &p), 0);
	}

	assert_int_equal(c->n_pkt, want_pkts);
	for (unsigned i = 0; i < c->n_pkt; i++) {
		const struct capture_mppe *k = &c->pkt[i];
		int d = k->from_client;
		uint8_t pt[1600], again[1602];
		size_t pt_len, again_len;

		from_server += !d;
		assert_int_equal(mppe_flow_decrypt(&rx[d], k->data, k->len, pt, sizeof(pt), &pt_len), MPPE_OK);
		/* the inner protocol stays two octets although PFC is on: IPv4
		 * (00 21), or IPv6 (00 57) where IPV6CP came up (PoPToP) */
		assert_true(pt_len > 2 && pt[0] == 0);
		if (pt[1] == 0x21)
			assert_true(ipv4_ok(pt + 2, pt_len - 2));
		else
			assert_true(pt[1] == 0x57 && ipv6_ok(pt + 2, pt_len - 2));
		assert_int_equal(mppe_flow_encrypt(&tx[d], pt, pt_len, again, sizeof(again), &again_len), MPPE_OK);
		assert_int_equal(again_len, k->len);
		assert_memory_equal(again, k->data, k->len);
	}
	assert_int_equal(from_server, want_from_server);
	for (int d = 0; d < 2; d++) {
		mppe_flow_wipe(&rx[d]);
		mppe_flow_wipe(&tx[d]);
	}
	free(c);
}

/* Three pings from the client (coherency counts 0, 1, 2, bits A and D): the
 * first packet already uses the key after one change (Linux changes the key
 * before every stateless packet). pnsd's replies were dropped by its kernel
 * then (the server address was not local), so none are captured. */
static void test_linux_client_vs_pnsd_stateless(void **state)
{
	(void)state;
	replay(CAPTURES "linux-client-vs-pnsd-stateless-128.pcap", false, 3, 0);
}

/* Stateful: the first packets use the initial key, one RC4 stream. */
static void test_linux_client_vs_pnsd_stateful(void **state)
{
	(void)state;
	replay(CAPTURES "linux-client-vs-pnsd-stateful-128.pcap", true, 3, 0);
}

/* The Linux client against PoPToP: pings and replies, both directions, and
 * IPv6 (PoPToP's pppd accepts IPV6CP). */
static void test_linux_client_vs_pptpd(void **state)
{
	(void)state;
	replay(CAPTURES "linux-pptp-client-vs-pptpd.pcap", false, 10, 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_linux_client_vs_pnsd_stateless),
		cmocka_unit_test(test_linux_client_vs_pnsd_stateful),
		cmocka_unit_test(test_linux_client_vs_pptpd),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
