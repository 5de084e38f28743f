/* The single-producer single-consumer ring (driver/sw/spsc_ring.h) between
 * two real threads: every item arrives once, in order, with its contents,
 * whatever the batch sizes on either side. Also built with -fsanitize=thread
 * (make check-tsan). */
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "sw/spsc_ring.h"

enum { ITEMS = 200000 };

struct item {
	uint64_t seq;
	uint64_t check;             /* derived from seq: a torn or stale slot shows */
	uint8_t pad[40];
};

static uint64_t mix(uint64_t x)
{
	x ^= x >> 31;
	x *= 0x9e3779b97f4a7c15ull;
	return x ^ (x >> 29);
}

static void *producer(void *arg)
{
	struct spsc_ring *r = arg;
	uint64_t seq = 0, rnd = 1;

	while (seq < ITEMS) {
		uint32_t space = spsc_prod_space(r, 0), batch;
		if (space == 0) {
			sched_yield();
			continue;
		}
		rnd = mix(rnd + seq);
		batch = 1 + (uint32_t)(rnd % space);
		if (batch > ITEMS - seq)
			batch = (uint32_t)(ITEMS - seq);
		for (uint32_t k = 0; k < batch; k++) {
			struct item *it = spsc_prod_slot(r, k);
			it->seq = seq + k;
			it->check = mix(seq + k);
			memset(it->pad, (int)((seq + k) & 0xff), sizeof(it->pad));
		}
		spsc_prod_commit(r, batch);
		seq += batch;
	}
	return NULL;
}

static void run(uint32_t size)
{
	struct spsc_ring r;
	pthread_t t;
	uint64_t want = 0, rnd = 7;

	assert_int_equal(spsc_init(&r, size, sizeof(struct item)), 0);
	assert_int_equal(pthread_create(&t, NULL, producer, &r), 0);
	while (want < ITEMS) {
		uint32_t avail = spsc_cons_avail(&r), take;
		if (avail == 0) {
			sched_yield();
			continue;
		}
		assert_true(avail <= size);
		rnd = mix(rnd + want);
		take = 1 + (uint32_t)(rnd % avail);
		for (uint32_t k = 0; k < take; k++) {
			const struct item *it = spsc_cons_slot(&r, k);
			assert_int_equal(it->seq, want);
			assert_int_equal(it->check, mix(want));
			for (size_t b = 0; b < sizeof(it->pad); b++)
				assert_int_equal(it->pad[b], want & 0xff);
			want++;
		}
		spsc_cons_release(&r, take);
	}
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(spsc_cons_avail(&r), 0);
	assert_true(spsc_empty_now(&r));
	spsc_free(&r);
}

static void test_in_order_small(void **state)
{
	(void)state;
	run(4);     /* full and empty all the time, and the indices wrap often */
}

static void test_in_order_large(void **state)
{
	(void)state;
	run(1024);
}

static void test_sizes(void **state)
{
	struct spsc_ring r;
	(void)state;

	assert_int_equal(spsc_init(&r, 0, 8), -1);
	assert_int_equal(spsc_init(&r, 6, 8), -1);
	assert_int_equal(spsc_init(&r, 8, 0), -1);
	assert_int_equal(spsc_init(&r, 8, 8), 0);
	assert_int_equal(spsc_prod_space(&r, 0), 8);
	assert_int_equal(spsc_prod_space(&r, 5), 3);    /* after 5 filled, not yet published */
	spsc_prod_commit(&r, 8);
	assert_int_equal(spsc_prod_space(&r, 0), 0);       /* full */
	assert_int_equal(spsc_cons_avail(&r), 8);
	spsc_cons_release(&r, 3);
	assert_int_equal(spsc_prod_space(&r, 0), 3);
	spsc_free(&r);
}

/* A producer filling a batch while its view of the consumer is old: the
 * consumer has emptied the ring, so every slot of the batch must be free.
 * (The first spsc_prod_space looked again only when its old view showed
 * no slot free at all: here it saw 3 free, filled 3, and called the ring
 * full with all 8 free; gre_share.c dropped a datagram there.) */
static void test_batch_with_old_view(void **state)
{
	struct spsc_ring r;
	uint32_t filled = 0;
	(void)state;

	assert_int_equal(spsc_init(&r, 8, 8), 0);
	spsc_prod_commit(&r, 5);                        /* the producer's view: 3 free */
	assert_int_equal(spsc_prod_space(&r, 0), 3);
	assert_int_equal(spsc_cons_avail(&r), 5);
	spsc_cons_release(&r, 5);                       /* now all 8 are */
	while (filled < 8 && spsc_prod_space(&r, filled) > 0) {
		*(uint64_t *)spsc_prod_slot(&r, filled) = filled;
		filled++;
	}
	assert_int_equal(filled, 8);
	spsc_prod_commit(&r, filled);
	assert_int_equal(spsc_cons_avail(&r), 8);
	assert_int_equal(spsc_prod_space(&r, 0), 0);
	spsc_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_batch_with_old_view),
		cmocka_unit_test(test_in_order_small),
		cmocka_unit_test(test_in_order_large),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
