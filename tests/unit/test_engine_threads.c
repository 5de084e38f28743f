/* The software engine on several crypto threads ("sw:threads=N",
 * driver/sw/backend_sw_mt.c) against the one-thread engine: the same
 * ciphertext for every packet of every flow, each flow's completions in
 * submission order, back-pressure, no lost wake-up of the event fd,
 * counters, destroy with operations in flight. Also built with
 * -fsanitize=thread (make check-tsan). */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <unistd.h>

#include <cmocka.h>

#include "mppe/engine.h"

enum { FLOWS = 24, OPS = 12000, MAXLEN = 300 };

static struct mppe_flow_params params(unsigned i)
{
	struct mppe_flow_params p = { .dir = MPPE_DIR_TX, .key_bits = (i % 3) ? 128 : 40, .stateful = i % 2 };
	for (int k = 0; k < 16; k++)
		p.start_key[k] = (uint8_t)(k * 13 + 1 + i);
	return p;
}

/* waits for the event fd (a completion never signalled is a hang: fail) */
static void wait_event(struct mppe_engine *e)
{
	struct pollfd pfd = { .fd = mppe_event_fd(e), .events = POLLIN };
	if (poll(&pfd, 1, 120000) != 1)
		fail_msg("completions pending but the event fd never became readable");
}

static void test_open_threads(void **state)
{
	struct mppe_engine *e;
	(void)state;

	assert_null(mppe_engine_open("sw:threads=0"));
	assert_int_equal(errno, EINVAL);
	assert_null(mppe_engine_open("sw:threads="));
	assert_null(mppe_engine_open("sw:threads=2x"));
	assert_null(mppe_engine_open("sw:threads=65"));
	assert_null(mppe_engine_open("sw:cores=2"));
	e = mppe_engine_open("sw:threads=1");
	assert_non_null(e);
	assert_string_equal(mppe_engine_label(e), "Software");
	mppe_engine_close(e);
	e = mppe_engine_open("sw:threads=2");
	assert_non_null(e);
	assert_string_equal(mppe_engine_label(e), "Software (2 threads)");
	assert_int_equal(mppe_engine_threads(e), 2);
	assert_string_equal(mppe_engine_kind(e), "sw");
	assert_true(mppe_flow_in_software(e, 0));
	mppe_engine_close(e);
}

struct run {
	struct mppe_op *ops;
	uint8_t (*in)[MAXLEN], (*out)[MAXLEN + 2], (*ref)[MAXLEN + 2];
	uint16_t *ref_len;
};

static void test_same_as_one_thread(void **state)
{
	struct mppe_engine *mt = mppe_engine_open("sw:threads=3"), *one = mppe_engine_open("sw");
	struct run r = { 0 };
	uint32_t fm[FLOWS], fo[FLOWS];
	unsigned seq[FLOWS] = { 0 }, next_seq[FLOWS] = { 0 }, *opseq = calloc(OPS, sizeof(unsigned));
	uint64_t rnd = 1;
	(void)state;

	assert_non_null(mt);
	assert_non_null(one);
	r.ops = calloc(OPS, sizeof(*r.ops));
	r.in = calloc(OPS, sizeof(*r.in));
	r.out = calloc(OPS, sizeof(*r.out));
	r.ref = calloc(OPS, sizeof(*r.ref));
	r.ref_len = calloc(OPS, sizeof(*r.ref_len));
	for (unsigned i = 0; i < FLOWS; i++) {
		struct mppe_flow_params p = params(i);
		assert_int_equal(mppe_flow_create(mt, &p, &fm[i]), 0);
		assert_int_equal(mppe_flow_create(one, &p, &fo[i]), 0);
	}
	/* the operations, and what the one-thread engine makes of them */
	for (unsigned k = 0; k < OPS; k++) {
		rnd = rnd * 6364136223846793005ull + 1442695040888963407ull;
		unsigned i = (unsigned)(rnd >> 33) % FLOWS, len = 2 + (unsigned)(rnd >> 20) % (MAXLEN - 2);
		bool reset = (rnd >> 12) % 97 == 0;
		r.in[k][0] = 0x00;
		r.in[k][1] = 0x21;
		for (unsigned b = 2; b < len; b++)
			r.in[k][b] = (uint8_t)(b * 7 + k);
		opseq[k] = seq[i]++;
		r.ops[k] = (struct mppe_op){ .cookie = ((uint64_t)i << 32) | k, .flow = fo[i],
					     .opcode = reset ? MPPE_OP_RESET : MPPE_OP_ENCRYPT, .in = r.in[k],
					     .in_len = (uint16_t)len, .out = r.ref[k], .out_cap = MAXLEN + 2 };
		struct mppe_completion c;
		assert_int_equal(mppe_submit(one, &r.ops[k], 1), 1);
		assert_int_equal(mppe_poll(one, &c, 1), 1);
		assert_int_equal(c.status, MPPE_OK);
		r.ref_len[k] = c.out_len;
		r.ops[k].flow = fm[i];
		r.ops[k].out = r.out[k];
	}
	/* the same through the threads, in batches of random size, collected
	 * as an event loop does: poll until empty, ack, wait for the fd */
	unsigned sent = 0, got = 0;
	struct mppe_completion c[256];
	while (got < OPS) {
		if (sent < OPS) {
			rnd = rnd * 6364136223846793005ull + 1442695040888963407ull;
			unsigned want = 1 + (unsigned)(rnd >> 40) % 200;
			if (want > OPS - sent)
				want = OPS - sent;
			int n = mppe_submit(mt, r.ops + sent, want);
			assert_true(n >= 0);
			sent += (unsigned)n;
		}
		int n = mppe_poll(mt, c, 256);
		assert_true(n >= 0);
		for (int j = 0; j < n; j++) {
			unsigned i = (unsigned)(c[j].cookie >> 32), k = (unsigned)c[j].cookie;
			assert_true(i < FLOWS && k < OPS);
			assert_int_equal(opseq[k], next_seq[i]);   /* in order within the flow */
			next_seq[i]++;
			assert_int_equal(c[j].status, MPPE_OK);
			assert_int_equal(c[j].opcode, r.ops[k].opcode);
			if (c[j].opcode == MPPE_OP_ENCRYPT) {
				assert_int_equal(c[j].out_len, r.ref_len[k]);
				assert_memory_equal(r.out[k], r.ref[k], r.ref_len[k]);
			}
		}
		got += (unsigned)n;
		if (n == 0 && got < OPS) {
			mppe_ack_event(mt);
			if (sent == OPS)
				wait_event(mt);
		}
	}
	assert_int_equal(mppe_inflight(mt), 0);
	/* counters: the threads' flows counted what the one thread's did */
	for (unsigned i = 0; i < FLOWS; i++) {
		struct mppe_counters a, b;
		assert_int_equal(mppe_flow_read_counters(mt, fm[i], &a), 0);
		assert_int_equal(mppe_flow_read_counters(one, fo[i], &b), 0);
		assert_int_equal(a.packets, b.packets);
		assert_int_equal(a.bytes, b.bytes);
		assert_int_equal(a.key_changes, b.key_changes);
		assert_int_equal(a.next_ccount, b.next_ccount);
	}
	mppe_engine_close(mt);
	mppe_engine_close(one);
	free(r.ops);
	free(r.in);
	free(r.out);
	free(r.ref);
	free(r.ref_len);
	free(opseq);
}

/* A destroy behind operations in flight: those complete on the flow, the
 * ones submitted after complete with MPPE_ERR_BAD_FLOW, all in order; the
 * ID given out again works. Back-pressure: a thread takes at most its ring. */
static void test_destroy_in_flight(void **state)
{
	struct mppe_engine *e = mppe_engine_open("sw:threads=2");
	enum { N = 6000 };
	struct mppe_op *ops = calloc(N, sizeof(*ops));
	struct mppe_completion *c = calloc(N, sizeof(*c));
	struct mppe_flow_params p = params(1);
	uint32_t f, g;
	int first, n = 0;
	(void)state;

	assert_int_equal(mppe_flow_create(e, &p, &f), 0);
	for (int i = 0; i < N; i++)
		ops[i] = (struct mppe_op){ .cookie = (uint64_t)i, .flow = f, .opcode = MPPE_OP_RESET };
	first = mppe_submit(e, ops, N);
	assert_true(first > 0 && first < N);     /* one thread's ring is full */
	assert_int_equal(mppe_flow_destroy(e, f), 0);
	assert_int_equal(mppe_flow_destroy(e, f), -1);
	assert_int_equal(errno, ENOENT);
	while (n < first) {
		int got = mppe_poll(e, c + n, (unsigned)(N - n));
		assert_true(got >= 0);
		n += got;
		if (got == 0) {
			mppe_ack_event(e);
			wait_event(e);
		}
	}
	for (int i = 0; i < first; i++) {
		assert_int_equal(c[i].cookie, (uint64_t)i);
		assert_int_equal(c[i].status, MPPE_OK);
	}
	assert_int_equal(mppe_submit(e, ops + first, 1), 1);
	while (mppe_poll(e, c, 1) == 0) {
		mppe_ack_event(e);
		wait_event(e);
	}
	assert_int_equal(c[0].status, MPPE_ERR_BAD_FLOW);
	assert_int_equal(mppe_flow_create(e, &p, &g), 0);
	assert_int_equal(g, f);                  /* re-used, a new flow */
	struct mppe_counters k;
	assert_int_equal(mppe_flow_read_counters(e, g, &k), 0);
	assert_int_equal(k.packets, 0);
	assert_int_equal(mppe_flow_read_counters(e, 999, &k), -1);
	mppe_engine_close(e);                    /* with a live flow: no leak */
	free(ops);
	free(c);
}

/* Counters with operations in flight are read by the flow's thread behind
 * them (they count every one); with none in flight, directly. */
static void test_counters_in_flight(void **state)
{
	struct mppe_engine *e = mppe_engine_open("sw:threads=2");
	enum { N = 500 };
	static uint8_t in[N][100], out[N][102];
	struct mppe_op ops[N];
	struct mppe_completion c[N];
	struct mppe_flow_params p = params(0);
	struct mppe_counters k;
	uint32_t f;
	int got = 0;
	(void)state;

	assert_int_equal(mppe_flow_create(e, &p, &f), 0);
	for (int i = 0; i < N; i++) {
		in[i][0] = 0x00;
		in[i][1] = 0x21;
		ops[i] = (struct mppe_op){ .cookie = (uint64_t)i, .flow = f, .opcode = MPPE_OP_ENCRYPT, .in = in[i],
					   .in_len = 100, .out = out[i], .out_cap = 102 };
	}
	assert_int_equal(mppe_submit(e, ops, N), N);
	assert_int_equal(mppe_flow_read_counters(e, f, &k), 0);    /* none collected yet */
	assert_int_equal(k.packets, N);
	while (got < N) {
		int n = mppe_poll(e, c + got, (unsigned)(N - got));
		assert_true(n >= 0);
		got += n;
		if (n == 0) {
			mppe_ack_event(e);
			wait_event(e);
		}
	}
	assert_int_equal(mppe_flow_read_counters(e, f, &k), 0);    /* all collected */
	assert_int_equal(k.packets, N);
	assert_int_equal(k.bytes, N * 100);
	mppe_engine_close(e);
}

/* A daemon blocks its signals for a signalfd after opening the engine
 * (pnsd): a signal to the process must not land on a crypto thread, whose
 * default action would end the process. */
static void test_signals_not_on_threads(void **state)
{
	struct mppe_engine *e = mppe_engine_open("sw:threads=2");
	sigset_t usr1;
	siginfo_t info;
	(void)state;

	assert_non_null(e);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	assert_int_equal(pthread_sigmask(SIG_BLOCK, &usr1, NULL), 0);
	assert_int_equal(kill(getpid(), SIGUSR1), 0);
	assert_int_equal(sigwaitinfo(&usr1, &info), SIGUSR1);   /* still alive, and it waited for us */
	assert_int_equal(pthread_sigmask(SIG_UNBLOCK, &usr1, NULL), 0);
	mppe_engine_close(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_threads),
		cmocka_unit_test(test_same_as_one_thread),
		cmocka_unit_test(test_destroy_in_flight),
		cmocka_unit_test(test_counters_in_flight),
		cmocka_unit_test(test_signals_not_on_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
