/*
 * Batched TUN writes (host/vaccess/tun_batch.c) on a real TUN device in a
 * network namespace of the test's own (root; it goes away with the
 * process): a batch is written with one io_uring submission, every packet
 * is reported in the order it was queued, and a packet the kernel refuses
 * (not IPv4 or IPv6: EINVAL) is reported as such while the packets after it
 * are still written (its chain is cut there and the rest submitted again:
 * two submissions). A submission whose wait a signal interrupts (EINTR,
 * made to happen by wrapping io_uring_submit_and_wait: the link flag
 * --wrap in host/vaccess/module.mk) still reports every packet's own
 * result, and the next batch never takes one of its completions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <errno.h>
#include <net/if.h>
#include <sched.h>
#include <unistd.h>

#include "vaccess/tun.h"
#include "vaccess/tun_batch.h"

struct io_uring;
int __real_io_uring_submit_and_wait(struct io_uring *ring, unsigned wait_nr);

/* How many coming calls are interrupted: the SQEs go to the kernel (it
 * takes them before it waits) but the caller is told EINTR, as when a
 * signal arrives during the wait. */
static int interrupt_next;

int __wrap_io_uring_submit_and_wait(struct io_uring *ring, unsigned wait_nr);
int __wrap_io_uring_submit_and_wait(struct io_uring *ring, unsigned wait_nr)
{
	if (interrupt_next > 0) {
		interrupt_next--;
		(void)__real_io_uring_submit_and_wait(ring, 0);
		return -EINTR;
	}
	return __real_io_uring_submit_and_wait(ring, wait_nr);
}

#define N 10

static int order[N], result[N], ndone;
static size_t lens[N];

static void done(void *owner, size_t len, int res)
{
	int i = (int)(intptr_t)owner;

	order[ndone] = i;
	result[i] = res;
	lens[i] = len;
	ndone++;
}

/* a minimal IPv4 packet to 10.99.0.2 (its checksum does not matter to a TUN write) */
static void ipv4(uint8_t *p, size_t len)
{
	memset(p, 0, len);
	p[0] = 0x45;
	p[2] = (uint8_t)(len >> 8);
	p[3] = (uint8_t)len;
	p[8] = 64;
	p[9] = 17;
	p[12] = 10, p[13] = 99, p[14] = 0, p[15] = 1;
	p[16] = 10, p[17] = 99, p[18] = 0, p[19] = 2;
}

static void test_batch_in_order(void **state)
{
	char name[IFNAMSIZ] = "tbt%d";
	struct tun_batch *b;
	int fd;

	(void)state;
	assert_int_equal(unshare(CLONE_NEWNET), 0);
	fd = tun_open(name);
	assert_true(fd >= 0);
	assert_int_equal(tun_up(name, 1500), 0);
	b = tun_batch_new();
	assert_non_null(b);

	/* a clean batch: one submission */
	for (int i = 0; i < N; i++) {
		uint8_t *p = tun_batch_add(b, fd, (void *)(intptr_t)i, 60 + (size_t)i);
		assert_non_null(p);
		ipv4(p, 60 + (size_t)i);
	}
	tun_batch_flush(b, done);
	assert_int_equal(ndone, N);
	for (int i = 0; i < N; i++) {
		assert_int_equal(order[i], i);
		assert_int_equal(result[i], 60 + i);
		assert_int_equal(lens[i], 60 + (size_t)i);
	}
	assert_int_equal(tun_batch_syscalls(b), 1);

	/* packet 3 is no IP packet: refused; the ones after it still written */
	ndone = 0;
	for (int i = 0; i < N; i++) {
		uint8_t *p = tun_batch_add(b, fd, (void *)(intptr_t)i, 60);
		ipv4(p, 60);
		if (i == 3)
			p[0] = 0x05;
	}
	tun_batch_flush(b, done);
	assert_int_equal(ndone, N);
	for (int i = 0; i < N; i++) {
		assert_int_equal(order[i], i);
		assert_int_equal(result[i], i == 3 ? -EINVAL : 60);
	}
	assert_int_equal(tun_batch_syscalls(b), 1 + 2);

	/* the wait is interrupted twice: the batch is waited for again (one
	 * more call each time), every packet reports its own length, and the
	 * next batch (other lengths) gets its own completions, not these */
	for (int round = 0; round < 2; round++) {
		size_t base = round == 0 ? 60 : 100;

		ndone = 0;
		interrupt_next = round == 0 ? 2 : 0;
		uint64_t before = tun_batch_syscalls(b);
		for (int i = 0; i < N; i++) {
			uint8_t *p = tun_batch_add(b, fd, (void *)(intptr_t)i, base + (size_t)i);
			ipv4(p, base + (size_t)i);
		}
		tun_batch_flush(b, done);
		assert_int_equal(ndone, N);
		for (int i = 0; i < N; i++) {
			assert_int_equal(order[i], i);
			assert_int_equal(result[i], (int)base + i);
		}
		assert_int_equal(tun_batch_syscalls(b) - before, round == 0 ? 3 : 1);
	}

	/* full at TUN_BATCH_MAX; oversized packets refused */
	for (int i = 0; i < TUN_BATCH_MAX; i++)
		assert_non_null(tun_batch_add(b, fd, NULL, 20));
	assert_true(tun_batch_full(b));
	assert_null(tun_batch_add(b, fd, NULL, 20));
	tun_batch_free(b);                        /* with packets queued: dropped unwritten */
	b = tun_batch_new();
	assert_null(tun_batch_add(b, fd, NULL, TUN_BATCH_PKT + 1));
	tun_batch_free(b);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_batch_in_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
