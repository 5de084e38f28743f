/*
 * Event loop: timer heap order, cancellation, re-arming from callbacks,
 * deferred calls, and fd readiness.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>
#include <cmocka.h>

#include "common/evloop.h"

#define NT 2000

static int fired[NT];
static int order[NT], norder;

static void on_timer(struct ev_loop *loop, struct ev_timer *t)
{
	(void)loop;
	int i = (int)(intptr_t)t->arg;
	fired[i]++;
	order[norder++] = i;
}

static void test_heap_order_and_cancel(void **state)
{
	struct ev_loop *loop = ev_loop_new();
	static struct ev_timer t[NT];

	(void)state;
	memset(fired, 0, sizeof(fired));
	norder = 0;
	/* pseudo-random delays 0..49 ms; cancel every third */
	for (int i = 0; i < NT; i++) {
		ev_timer_init(&t[i], on_timer, (void *)(intptr_t)i);
		assert_int_equal(ev_timer_start(loop, &t[i], (uint64_t)((i * 7919) % 50)), 0);
	}
	for (int i = 0; i < NT; i += 3)
		ev_timer_stop(loop, &t[i]);
	/* re-arming an armed timer moves it, it does not duplicate it */
	ev_timer_start(loop, &t[1], 0);
	ev_timer_start(loop, &t[1], 1);
	assert_int_equal(ev_timer_count(loop), NT - (NT + 2) / 3);
	while (ev_timer_count(loop) > 0)
		assert_int_equal(ev_run_once(loop, 100), 0);
	for (int i = 0; i < NT; i++)
		assert_int_equal(fired[i], i % 3 == 0 ? 0 : 1);
	/* fired in expiry order */
	for (int k = 1; k < norder; k++)
		assert_true(t[order[k - 1]].when_ms <= t[order[k]].when_ms);
	ev_loop_free(loop);
}

static int rearm_count;
static void on_rearm(struct ev_loop *loop, struct ev_timer *t)
{
	if (++rearm_count < 5)
		ev_defer(loop, t);   /* runs once per iteration, not in a tight loop */
}

static void test_defer_rearm(void **state)
{
	struct ev_loop *loop = ev_loop_new();
	struct ev_timer t;

	(void)state;
	rearm_count = 0;
	ev_timer_init(&t, on_rearm, NULL);
	ev_defer(loop, &t);
	ev_run_once(loop, 0);
	assert_int_equal(rearm_count, 1);
	for (int i = 0; i < 10; i++)
		ev_run_once(loop, 0);
	assert_int_equal(rearm_count, 5);
	assert_false(ev_timer_armed(&t));
	ev_loop_free(loop);
}

static int io_hits;
static void on_io(struct ev_loop *loop, struct ev_io *io, uint32_t ev)
{
	char b[8];
	assert_true(ev & EPOLLIN);
	assert_int_equal(read(io->fd, b, sizeof(b)), 1);
	io_hits++;
	ev_break(loop);
}

static void test_io(void **state)
{
	struct ev_loop *loop = ev_loop_new();
	struct ev_io io;
	int p[2];

	(void)state;
	assert_int_equal(pipe(p), 0);
	assert_int_equal(ev_io_start(loop, &io, p[0], EPOLLIN, on_io, NULL), 0);
	assert_int_equal(write(p[1], "x", 1), 1);
	assert_int_equal(ev_run(loop), 0);
	assert_int_equal(io_hits, 1);
	ev_io_stop(loop, &io);
	ev_io_stop(loop, &io);   /* twice is harmless */
	close(p[0]);
	close(p[1]);
	ev_loop_free(loop);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_heap_order_and_cancel),
		cmocka_unit_test(test_defer_rearm),
		cmocka_unit_test(test_io),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
