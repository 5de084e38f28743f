/*
 * make bench: the software MPPE engine, per core, against OpenSSL's RC4 over
 * the same bytes in the same run (the anchor). Also nettle's arcfour, the
 * other RC4 on Debian, to show why crypto.c takes OpenSSL's, and our own
 * two-stream RC4 (crypto_rc4s_pair: two streams interleaved, both streams'
 * octets counted), which the engine uses for two stateless packets at once.
 *
 *   BENCH sw_mppe mode=stateful bits=128 size=1400 mbps=... us_per_pkt=... vs_openssl_rc4=...
 *   BENCH sw_mppe_rx ...   (the receive path: header checks + trial + decrypt)
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <nettle/arcfour.h>
#include <openssl/rc4.h>

#include "mppe/crypto.h"
#include "mppe/engine.h"

#define BATCH 64
#define MIN_SECONDS 0.4

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint8_t in[BATCH][2048], out[BATCH][2048 + 2], back[BATCH][2048];

/* MB/s of OpenSSL RC4 encrypting `size`-octet buffers back to back. */
static double openssl_rc4_mbps(size_t size)
{
	RC4_KEY k;
	unsigned long n = 0;
	double t0 = now(), t;
	RC4_set_key(&k, 16, (const unsigned char *)"0123456789abcdef");
	do {
		for (int i = 0; i < 1000; i++)
			RC4(&k, size, in[i % BATCH], out[i % BATCH]);
		n += 1000;
		t = now() - t0;
	} while (t < MIN_SECONDS);
	return (double)n * (double)size / t / 1e6;
}

static double nettle_rc4_mbps(size_t size)
{
	struct arcfour_ctx k;
	unsigned long n = 0;
	double t0 = now(), t;
	arcfour_set_key(&k, 16, (const uint8_t *)"0123456789abcdef");
	do {
		for (int i = 0; i < 1000; i++)
			arcfour_crypt(&k, size, out[i % BATCH], in[i % BATCH]);
		n += 1000;
		t = now() - t0;
	} while (t < MIN_SECONDS);
	return (double)n * (double)size / t / 1e6;
}

static double pair_rc4_mbps(size_t size)
{
	struct crypto_rc4_state a, b;
	unsigned long n = 0;
	double t0 = now(), t;
	crypto_rc4s_key(&a, (const uint8_t *)"0123456789abcdef", 16);
	crypto_rc4s_key(&b, (const uint8_t *)"fedcba9876543210", 16);
	do {
		for (int i = 0; i < 1000; i += 2)
			crypto_rc4s_pair(&a, in[i % BATCH], out[i % BATCH], size, &b, in[(i + 1) % BATCH],
					 out[(i + 1) % BATCH], size);
		n += 1000;
		t = now() - t0;
	} while (t < MIN_SECONDS);
	return (double)n * (double)size / t / 1e6;
}

static void fail(const char *what)
{
	fprintf(stderr, "bench_sw_mppe: %s failed\n", what);
	exit(1);
}

/* Returns packets per second through the engine API (submit + poll). */
static void run(struct mppe_engine *e, bool stateful, size_t size, double *tx_pps, double *rx_pps)
{
	struct mppe_flow_params p = { .key_bits = 128, .stateful = stateful };
	struct mppe_op ops[BATCH];
	struct mppe_completion c[BATCH];
	uint32_t tx, rx;
	unsigned long n = 0, m = 0;
	double t0, t, t_rx = 0;

	memset(p.start_key, 0x42, 16);
	p.dir = MPPE_DIR_TX;
	if (mppe_flow_create(e, &p, &tx) < 0)
		fail("flow create");
	p.dir = MPPE_DIR_RX;
	if (mppe_flow_create(e, &p, &rx) < 0)
		fail("flow create");
	for (int i = 0; i < BATCH; i++) {
		in[i][0] = 0x00;
		in[i][1] = 0x21;
		memset(in[i] + 2, i, size - 2);
	}
	t0 = now();
	do {
		for (int i = 0; i < BATCH; i++)
			ops[i] = (struct mppe_op){ .cookie = (uint64_t)i, .flow = tx, .opcode = MPPE_OP_ENCRYPT,
						   .in = in[i], .in_len = (uint16_t)size, .out = out[i],
						   .out_cap = sizeof(out[i]) };
		if (mppe_submit(e, ops, BATCH) != BATCH || mppe_poll(e, c, BATCH) != BATCH)
			fail("encrypt batch");
		n += BATCH;
		/* decrypt the same batch, timed separately */
		double r0 = now();
		for (int i = 0; i < BATCH; i++) {
			if (c[i].status != MPPE_OK)
				fail("encrypt status");
			ops[i] = (struct mppe_op){ .cookie = (uint64_t)i, .flow = rx, .opcode = MPPE_OP_DECRYPT,
						   .in = out[i], .in_len = c[i].out_len, .out = back[i],
						   .out_cap = sizeof(back[i]) };
		}
		if (mppe_submit(e, ops, BATCH) != BATCH || mppe_poll(e, c, BATCH) != BATCH)
			fail("decrypt batch");
		for (int i = 0; i < BATCH; i++)
			if (c[i].status != MPPE_OK)
				fail("decrypt status");
		t_rx += now() - r0;
		m += BATCH;
		t = now() - t0;
	} while (t < 2 * MIN_SECONDS);
	if (memcmp(back[BATCH - 1], in[BATCH - 1], size) != 0)
		fail("round trip");
	*tx_pps = (double)n / (t - t_rx);
	*rx_pps = (double)m / t_rx;
	mppe_flow_destroy(e, tx);
	mppe_flow_destroy(e, rx);
}

int main(void)
{
	static const size_t sizes[] = { 64, 576, 1400 };
	struct mppe_engine *e = mppe_engine_open("sw");

	if (!e)
		fail("engine open");
	for (unsigned s = 0; s < 3; s++) {
		size_t size = sizes[s];
		double anchor = openssl_rc4_mbps(size);
		printf("BENCH rc4_impl lib=openssl size=%zu mbps=%.1f\n", size, anchor * 8);
		double nettle = nettle_rc4_mbps(size);
		printf("BENCH rc4_impl lib=nettle size=%zu mbps=%.1f vs_openssl_rc4=%.2f\n", size,
		       nettle * 8, nettle / anchor);
		double pair = pair_rc4_mbps(size);
		printf("BENCH rc4_impl lib=ours_pair size=%zu mbps=%.1f vs_openssl_rc4=%.2f\n", size, pair * 8,
		       pair / anchor);
		for (int st = 1; st >= 0; st--) {
			double tx, rx;
			run(e, st, size, &tx, &rx);
			printf("BENCH sw_mppe mode=%s bits=128 size=%zu mbps=%.1f us_per_pkt=%.3f vs_openssl_rc4=%.2f\n",
			       st ? "stateful" : "stateless", size, tx * (double)size * 8 / 1e6, 1e6 / tx,
			       tx * (double)size / 1e6 / anchor);
			printf("BENCH sw_mppe_rx mode=%s bits=128 size=%zu mbps=%.1f us_per_pkt=%.3f vs_openssl_rc4=%.2f\n",
			       st ? "stateful" : "stateless", size, rx * (double)size * 8 / 1e6, 1e6 / rx,
			       rx * (double)size / 1e6 / anchor);
			fflush(stdout);
		}
	}
	mppe_engine_close(e);
	return 0;
}
