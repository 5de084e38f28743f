/*
 * Test bench of the engine's byte stream (hdl/mppe_stream.v) alone, driven
 * as the engine's state machine drives it, against the driver's software
 * RC4 (crypto_rc4 of driver/crypto.c, the RC4 libmppe encrypts with):
 *
 *   encrypt    two header octets emitted, then RC4 over input octets 0..L-1
 *   decrypt    reader placed at octet 4 (octets 2 and 3 were decrypted in
 *              place by the engine: emitted here as their plaintext), then
 *              RC4 over octets 4..L-1
 *   self-test  two key words popped whole, reader at octet 20, RC4 over
 *              octets 20..L-1 (none when L is 20)
 *
 * then the rest of the input popped (the drain). Every case: random key and
 * data, lengths 0..2100 octets past the header, the input, output and
 * keystream each stalling at random. Checked: every output word (octets
 * packed from bit 0, a partial last word zero-filled) equals the reference,
 * exactly as many words pushed and popped as the operation has, no pop of an
 * empty input, no push into a full output, the keystream pulled once per
 * streamed octet, last_o on the last octet only, and the last octet's word
 * popped with it (nothing left for the drain after a stream).
 *
 *   tb_stream [--seed N] [--ops N]    (prints one PASS line, exit 0)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mppe/crypto.h"
#include "stream_pins.h"
#include "tb_rng.h"

#define MAXLEN 2200

static struct st_pins p;
static unsigned long clocks, failures;

#define CHECK(c, ...)                                                      \
	do {                                                               \
		if (!(c)) {                                                \
			fprintf(stderr, "tb_stream: " __VA_ARGS__);        \
			fputc('\n', stderr);                               \
			if (++failures > 10)                               \
				exit(1);                                   \
		}                                                          \
	} while (0)

/* one operation's input FIFO, keystream source and output sink */
static uint8_t in[MAXLEN + 8], ks[MAXLEN], want[MAXLEN + 8], got[MAXLEN + 8];
static unsigned in_words, in_head, ks_pos, out_n;

/* Inputs for this clock: the FIFO's head, random stalls. */
static void drive(void)
{
	p.in_valid = in_head < in_words && rnd() % 4 != 0;
	p.in_data = 0;
	if (in_head < in_words)
		memcpy(&p.in_data, in + 8 * in_head, 8);   /* octet n in bits 8n+7:8n */
	else
		p.in_data = (uint64_t)rnd() << 32 | rnd();  /* nothing valid */
	p.out_space = rnd() % 5 != 0;
	p.ks_rdy = rnd() % 3 != 0;
	p.ks = ks[ks_pos];
}

/* One clock with the commands set in p; what the unit did is applied to the
 * models, and the commands are cleared. */
static void clock(void)
{
	st_cycle(&p);
	clocks++;
	if (p.in_pop) {
		CHECK(p.in_valid, "popped an empty input (word %u)", in_head);
		in_head++;
	}
	if (p.out_we) {
		CHECK(p.out_space, "pushed into a full output");
		CHECK(out_n + 8 <= sizeof(got), "output overflow");
		if (out_n + 8 <= sizeof(got))
			memcpy(got + out_n, &p.out_data, 8);
		out_n += 8;
	}
	if (p.ks_next) {
		CHECK(p.stream && p.ks_rdy, "keystream pulled while not streaming or not ready");
		ks_pos++;
	}
	p.start = p.pop = p.seek = p.oleft_we = p.emit = 0;
}

/* One operation: mode 0 encrypt, 1 decrypt, 2 self-test; n octets streamed. */
static void run_op(unsigned mode, unsigned n)
{
	static const unsigned pre[3] = { 0, 4, 20 };   /* input octets before the stream */
	unsigned len = pre[mode] + n, olen = (mode == 0 ? 2 : mode == 1 ? 2 : 0) + n;
	uint8_t key[16], zero[MAXLEN] = { 0 };
	RC4_KEY rk;
	unsigned w = 0;

	for (unsigned i = 0; i < sizeof(key); i++)
		key[i] = (uint8_t)rnd();
	crypto_rc4_key(&rk, key, 1 + rnd() % 16);
	crypto_rc4(&rk, zero, ks, MAXLEN);
	for (unsigned i = 0; i < len; i++)
		in[i] = (uint8_t)rnd();
	in_words = len ? (len + 7) / 8 : 1;
	in_head = ks_pos = out_n = 0;

	/* the reference output */
	memset(want, 0, sizeof(want));
	if (mode == 0) {
		want[w++] = (uint8_t)(0x90 | rnd() % 16);
		want[w++] = (uint8_t)rnd();
	} else if (mode == 1) {
		want[w++] = in[2] ^ ks[0];
		want[w++] = in[3] ^ ks[1];
	}
	for (unsigned i = 0; i < n; i++, w++)
		want[w] = in[pre[mode] + i] ^ ks[(mode == 1 ? 2 : 0) + i];

	/* S_IDLE: a new operation */
	drive();
	p.start = 1;
	p.start_words = (uint16_t)in_words;
	clock();
	/* self-test keys: two words popped whole (S_T_RC4_K0/K1) */
	for (unsigned k = 0; mode == 2 && k < 2;) {
		drive();
		p.pop = p.in_valid;
		k += p.in_valid;
		clock();
	}
	if (mode == 1)
		ks_pos = 2;   /* the engine's trial decryption took two octets */
	/* place the reader (S_CHECK, S_RX_CHECK, S_T_RC4_HDR) */
	drive();
	p.seek = p.oleft_we = 1;
	p.boff = mode == 0 ? 0 : 4;
	p.bleft = (uint16_t)n;
	p.oleft = (uint16_t)olen;
	clock();
	/* header or trial plaintext octets */
	for (unsigned e = 0; e < (mode == 2 ? 0u : 2u);) {
		drive();
		if (p.out_space) {
			p.emit = 1;
			p.emit_b = want[e++];
		}
		clock();
	}
	/* S_STREAM until the unit says it took the last octet */
	if (n) {
		unsigned long guard = 0;
		unsigned streamed = 0;

		for (;;) {
			drive();
			p.stream = 1;
			clock();
			p.stream = 0;
			streamed += p.ks_next;
			CHECK(!p.last || streamed == n, "last_o after %u of %u octets", streamed, n);
			if (p.last) {
				/* the last octet's word, partial or not, went with it */
				drive();
				st_eval(&p);
				CHECK(p.words == 0, "mode %u len %u: %u words left after the stream", mode, len,
				      p.words);
				break;
			}
			if (++guard > 100000ul) {
				CHECK(0, "stream of %u octets never ended", n);
				return;
			}
		}
	}
	/* S_DRAIN: the rest of the input */
	for (unsigned long guard = 0;; guard++) {
		drive();
		st_eval(&p);   /* words_o as it is now */
		if (p.words == 0)
			break;
		if (guard > 100000ul) {
			CHECK(0, "drain never ended");
			return;
		}
		p.pop = p.in_valid;
		clock();
	}
	CHECK(p.words == 0, "words %u after the drain", p.words);
	CHECK(in_head == in_words, "mode %u len %u: %u of %u input words popped", mode, len, in_head, in_words);
	CHECK(out_n == (olen + 7) / 8 * 8, "mode %u len %u: %u output octets pushed, want %u", mode, len, out_n,
	      (olen + 7) / 8 * 8);
	CHECK(ks_pos == (mode == 1 ? 2 : 0) + n, "mode %u: keystream pulled %u times for %u octets", mode, ks_pos, n);
	for (unsigned i = 0; i < out_n && i < sizeof(got); i++) {
		CHECK(got[i] == want[i], "mode %u len %u: output octet %u is %02x, want %02x", mode, len, i, got[i],
		      want[i]);
		if (got[i] != want[i])
			break;
	}
}

int main(int argc, char **argv)
{
	unsigned seed = 1, ops = 600, octets = 0;

	if (tb_args(argc, argv, "tb_stream", "--ops", &seed, &ops))
		return 2;
	st_open(argc, argv);
	for (unsigned i = 0; i < ops && !failures; i++) {
		unsigned mode = i % 3;
		/* short ones often: every packing and partial-word case */
		unsigned n = rnd() % 4 == 0 ? rnd() % 24 : rnd() % 2101;

		run_op(mode, n);
		octets += n;
	}
	st_close();
	if (failures) {
		printf("tb_stream: FAIL (%lu failures, seed %u)\n", failures, seed);
		return 1;
	}
	printf("tb_stream: PASS (%u operations, %u octets streamed, %lu clocks, seed %u)\n", ops, octets, clocks,
	       seed);
	return 0;
}
