/*
 * Test bench of the iterative SHA-1 core (hdl/sha1_iter.v) against OpenSSL,
 * digest for digest: messages of random length (0..300 octets, so 1 to 5
 * chained blocks; random octets) are padded here (FIPS 180-4 5.1.1) and fed
 * block by block, each word offered with random gaps, and a start pulse sent
 * while the core is busy must be ignored. The digest after the last block
 * must equal OpenSSL's SHA-1 of the message; FIPS 180-4's "abc" is the first
 * message. Then a gap-free block measures its clocks, required to be the
 * documented 370.
 *
 *   tb_sha1 [--seed N] [--msgs N]
 * Exit 0 when everything matched; the first mismatch is printed and fails.
 */
#include <openssl/evp.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sha1_pins.h"
#include "tb_rng.h"

#define BLOCK_CLOCKS 370u  /* start clock to done without gaps: 1 + 16 + 16*2 + 64*5 + 1 */
#define MAX_MSG 300u

static struct sha1_pins p;
static uint64_t clocks;

static void fail(const char *what, unsigned msg)
{
	fprintf(stderr, "tb_sha1: FAIL %s (message %u, clock %" PRIu64 ")\n", what, msg, clocks);
	sha1_close();
	exit(1);
}

static void cycle(void)
{
	sha1_cycle(&p);
	clocks++;
	p.start = p.win_valid = 0;
}

/* One block through the core; gaps: offer words only on some clocks.
 * Returns the clocks from the start pulse to done. */
static unsigned run_block(const uint8_t *blk, int first, int gaps, unsigned msg)
{
	unsigned w = 0, n = 0;

	p.start = 1;
	p.first = (uint8_t)first;
	cycle();
	n++;
	for (;;) {
		if (n > 4 * BLOCK_CLOCKS)
			fail("done never came", msg);
		if (w < 16 && (!gaps || rnd() % 3)) {
			p.win_valid = 1;
			p.win_data = (uint32_t)blk[4 * w] << 24 | (uint32_t)blk[4 * w + 1] << 16 |
				     (uint32_t)blk[4 * w + 2] << 8 | blk[4 * w + 3];
		}
		/* a start while busy must change nothing */
		if (gaps && rnd() % 8 == 0) {
			p.start = 1;
			p.first = (uint8_t)!first;
		}
		sha1_eval(&p);
		if (p.done)
			break;
		if (!p.busy)
			fail("idle before done", msg);
		if (p.win_valid && p.win_ready)
			w++;
		else if (w == 16 && p.win_ready)
			fail("asks for a 17th word", msg);
		cycle();
		n++;
	}
	if (w != 16)
		fail("done before 16 words", msg);
	p.start = p.win_valid = 0;
	cycle();    /* the done clock */
	return n;
}

static void check_message(const uint8_t *m, size_t len, unsigned msg)
{
	uint8_t buf[MAX_MSG + 72], want[20];
	unsigned int wlen = 0;
	size_t padded = (len + 8) / 64 * 64 + 64;

	memset(buf, 0, sizeof buf);
	memcpy(buf, m, len);
	buf[len] = 0x80;
	for (int i = 0; i < 8; i++)
		buf[padded - 1 - i] = (uint8_t)(((uint64_t)len * 8) >> (8 * i));
	for (size_t b = 0; b < padded; b += 64)
		run_block(buf + b, b == 0, 1, msg);
	if (!EVP_Digest(m, len, want, &wlen, EVP_sha1(), NULL) || wlen != 20)
		fail("OpenSSL SHA-1", msg);
	if (memcmp(p.digest, want, 20) != 0) {
		fprintf(stderr, "tb_sha1: message of %zu octets:\n  rtl     ", len);
		for (int i = 0; i < 20; i++)
			fprintf(stderr, "%02x", p.digest[i]);
		fprintf(stderr, "\n  openssl ");
		for (int i = 0; i < 20; i++)
			fprintf(stderr, "%02x", want[i]);
		fprintf(stderr, "\n");
		fail("digest differs", msg);
	}
}

int main(int argc, char **argv)
{
	unsigned seed = 1, msgs = 200;
	uint8_t m[MAX_MSG];

	if (tb_args(argc, argv, "tb_sha1", "--msgs", &seed, &msgs))
		return 2;
	sha1_open(argc, argv);
	p.rst_n = 0;
	cycle();
	cycle();
	p.rst_n = 1;
	cycle();

	check_message((const uint8_t *)"abc", 3, 0);
	for (unsigned k = 1; k <= msgs; k++) {
		size_t len = rnd() % (MAX_MSG + 1);
		for (size_t i = 0; i < len; i++)
			m[i] = (uint8_t)rnd();
		check_message(m, len, k);
	}

	memset(m, 0, 64);
	m[0] = 0x80;    /* the padded empty message */
	unsigned n = run_block(m, 1, 0, msgs + 1);
	if (n != BLOCK_CLOCKS) {
		fprintf(stderr, "tb_sha1: a block took %u clocks, documented %u\n", n, BLOCK_CLOCKS);
		fail("clocks per block", msgs + 1);
	}
	printf("tb_sha1: %u messages (+ \"abc\") match OpenSSL SHA-1; %u clocks per block\n", msgs, n);
	sha1_close();
	return 0;
}
