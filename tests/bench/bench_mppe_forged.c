/*
 * make bench: what a forged MPPE packet costs a receiver set up as pnsd sets
 * up its rx flows (stateless, 128-bit, rekey_base MPPE_HARDENED_REKEY_BASE, verify_ipv4),
 * against a genuine packet through the same flow in the same run (the
 * anchor), and how many forged packets it accepts:
 *
 *   BENCH mppe_forged size=S us_per_pkt=... genuine_us_per_pkt=... vs_genuine=... key_changes_per_pkt=...
 *   BENCH mppe_forged_accept forged=N accepted=K accept_per_million=...
 *
 * A forged packet here is what an attacker who knows a call ID sends: a
 * random coherency count with the D and A bits, random bytes after it. The
 * genuine packets are small IPv4 packets (64 octets: the worst ratio; a
 * bigger genuine packet costs more, a forged one the same).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mppe/mppe.h"

#define MIN_SECONDS 0.5

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)rng;
}

static void flows(struct mppe_flow *tx, struct mppe_flow *rx)
{
	struct mppe_flow_params p = { .dir = MPPE_DIR_TX, .key_bits = 128, .stateful = false };

	memcpy(p.start_key, "0123456789abcdef", 16);
	mppe_flow_init(tx, &p);
	p.dir = MPPE_DIR_RX;
	p.rekey_base = MPPE_HARDENED_REKEY_BASE;
	p.verify_ipv4 = true;
	mppe_flow_init(rx, &p);
}

/* protocol 0x0021 + an IPv4/UDP packet of ip_len octets with a right header checksum */
static void ip_packet(uint8_t *b, size_t ip_len, uint16_t id)
{
	uint32_t s = 0;

	memset(b, 0, ip_len + 2);
	b[1] = 0x21;
	uint8_t *ip = b + 2;
	ip[0] = 0x45;
	ip[2] = (uint8_t)(ip_len >> 8);
	ip[3] = (uint8_t)ip_len;
	ip[4] = (uint8_t)(id >> 8);
	ip[5] = (uint8_t)id;
	ip[8] = 64;
	ip[9] = 17;
	memcpy(ip + 12, "\x0a\x01\x01\x64\x0a\x01\x01\x0c", 8);
	for (int i = 0; i < 20; i += 2)
		s += (uint32_t)ip[i] << 8 | ip[i + 1];
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	ip[10] = (uint8_t)(~s >> 8);
	ip[11] = (uint8_t)~s;
}

int main(int argc, char **argv)
{
	static struct mppe_flow tx, rx;
	static uint8_t pt[2048], ct[2048 + 2], out[2048 + 2];
	const size_t ip_len = 64, forged_len = 4;
	long forged_n = argc > 1 ? atol(argv[1]) : 2000000;
	struct mppe_counters c0, c1;
	size_t n_out;
	double t0, t, genuine_us, forged_us;
	unsigned long n;

	/* genuine: the anchor is the receive path only; packets are encrypted
	 * in batches outside the timed part */
	enum { BATCH = 256 };
	static uint8_t batch[BATCH][128];
	static size_t blen[BATCH];
	flows(&tx, &rx);
	n = 0;
	t = 0;
	do {
		for (int i = 0; i < BATCH; i++) {
			ip_packet(pt, ip_len, (uint16_t)(n + (unsigned)i));
			mppe_flow_encrypt(&tx, pt, ip_len + 2, batch[i], sizeof(batch[i]), &blen[i]);
		}
		t0 = now();
		for (int i = 0; i < BATCH; i++)
			if (mppe_flow_decrypt(&rx, batch[i], blen[i], out, sizeof(out), &n_out) != MPPE_OK) {
				fprintf(stderr, "bench_mppe_forged: a genuine packet was refused\n");
				return 1;
			}
		t += now() - t0;
		n += BATCH;
	} while (t < MIN_SECONDS);
	genuine_us = t / (double)n * 1e6;

	/* forged: cost, and whether any is accepted (state moved) */
	mppe_flow_counters(&rx, &c0);
	unsigned long accepted = 0, timed = 0;
	t = 0;
	for (long i = 0; i < forged_n; i++) {
		uint16_t cc = (uint16_t)(rnd() & MPPE_CCOUNT_MASK);
		ct[0] = (uint8_t)(MPPE_BIT_A | MPPE_BIT_D | (cc >> 8));
		ct[1] = (uint8_t)cc;
		uint32_t r = rnd();
		memcpy(ct + 2, &r, 4);
		t0 = now();
		enum mppe_status st = mppe_flow_decrypt(&rx, ct, forged_len + 2, out, sizeof(out), &n_out);
		t += now() - t0;
		timed++;
		if (st == MPPE_OK)
			accepted++;
	}
	mppe_flow_counters(&rx, &c1);
	forged_us = t / (double)timed * 1e6;
	printf("BENCH mppe_forged size=%zu us_per_pkt=%.3f vs_genuine=%.2f genuine_us_per_pkt=%.3f "
	       "genuine_size=%zu rekey_base=%u max_rekeys=%u\n",
	       forged_len + 2, forged_us, forged_us / genuine_us, genuine_us, ip_len + 4, MPPE_HARDENED_REKEY_BASE, MPPE_DEFAULT_MAX_REKEYS);
	(void)c0;
	(void)c1;

	/* bigger forged packets: random bytes of a full-size packet pass the same checks */
	unsigned long accepted_big = 0;
	long big_n = forged_n / 4;
	for (long i = 0; i < big_n; i++) {
		uint16_t cc = (uint16_t)(rnd() & MPPE_CCOUNT_MASK);
		ct[0] = (uint8_t)(MPPE_BIT_A | MPPE_BIT_D | (cc >> 8));
		ct[1] = (uint8_t)cc;
		for (int k = 0; k < 64; k += 4) {
			uint32_t r = rnd();
			memcpy(ct + 2 + k, &r, 4);
		}
		if (mppe_flow_decrypt(&rx, ct, 2 + 64, out, sizeof(out), &n_out) == MPPE_OK)
			accepted_big++;
	}
	/* the genuine stream goes on: nothing the forgeries did moved the receiver */
	unsigned genuine_after = 0;
	for (int i = 0; i < 100; i++) {
		ip_packet(pt, ip_len, (uint16_t)i);
		mppe_flow_encrypt(&tx, pt, ip_len + 2, batch[0], sizeof(batch[0]), &blen[0]);
		genuine_after += mppe_flow_decrypt(&rx, batch[0], blen[0], out, sizeof(out), &n_out) == MPPE_OK;
	}
	printf("BENCH mppe_forged_accept forged=%ld accepted=%lu accept_per_million=%.3f genuine_after=%u/100\n",
	       forged_n + big_n, accepted + accepted_big,
	       (double)(accepted + accepted_big) * 1e6 / (double)(forged_n + big_n), genuine_after);
	return accepted + accepted_big > (unsigned long)((forged_n + big_n) / 1000000) || genuine_after != 100;
}
