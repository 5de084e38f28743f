/*
 * Log lines of other threads for one thread's sinks (common/log.c,
 * log_set_foreign_wake): pnsd -W N's workers log on their own threads, and
 * pnsctl's terminal monitor is a sink of the main loop, which may be called
 * only there. The lines wait in a bounded queue until the owner delivers
 * them; the owner is woken once per empty-to-non-empty change.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "common/log.h"

struct seen {
	unsigned lines;
	char last[256];
	pthread_t thread;
	bool wrong_thread;
};

static void sink(void *arg, enum log_level level, const char *line)
{
	struct seen *s = arg;

	(void)level;
	s->lines++;
	snprintf(s->last, sizeof(s->last), "%s", line);
	if (!pthread_equal(s->thread, pthread_self()))
		s->wrong_thread = true;
}

static unsigned wakes;

static void wake(void *arg)
{
	(void)arg;
	__atomic_fetch_add(&wakes, 1, __ATOMIC_RELAXED);
}

struct burst {
	unsigned n;
	const char *what;
};

static void *logger(void *arg)
{
	struct burst *b = arg;

	for (unsigned i = 0; i < b->n; i++)
		log_notice("%s %u", b->what, i);
	return NULL;
}

static void from_thread(unsigned n, const char *what)
{
	struct burst b = { n, what };
	pthread_t t;

	assert_int_equal(pthread_create(&t, NULL, logger, &b), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
}

static int setup(void **state)
{
	(void)state;
	log_stderr(false);
	wakes = 0;
	return 0;
}

static void delivered_on_owner(void **state)
{
	struct seen s = { .thread = pthread_self() };

	(void)state;
	assert_int_equal(log_sink_add(sink, &s), 0);
	log_set_foreign_wake(wake, NULL);
	from_thread(3, "worker line");
	/* nothing reaches the sink on the worker's thread; one wake for the burst */
	assert_int_equal(s.lines, 0);
	assert_int_equal(wakes, 1);
	log_deliver_foreign();
	assert_int_equal(s.lines, 3);
	assert_non_null(strstr(s.last, "worker line 2"));
	assert_false(s.wrong_thread);
	/* the queue is empty again: the next line wakes again */
	from_thread(1, "again");
	assert_int_equal(wakes, 2);
	log_deliver_foreign();
	assert_int_equal(s.lines, 4);
	/* the owner's own lines go straight to its sink, never through the queue */
	log_notice("own line");
	assert_int_equal(s.lines, 5);
	assert_int_equal(wakes, 2);
	log_set_foreign_wake(NULL, NULL);
	log_sink_remove(sink, &s);
}

static void bounded(void **state)
{
	struct seen s = { .thread = pthread_self() };

	(void)state;
	assert_int_equal(log_sink_add(sink, &s), 0);
	log_set_foreign_wake(wake, NULL);
	from_thread(200, "flood");
	assert_int_equal(wakes, 1);
	log_deliver_foreign();
	/* 128 lines and one saying how many were not shown */
	assert_int_equal(s.lines, 129);
	assert_non_null(strstr(s.last, "72 lines of other threads not shown"));
	log_set_foreign_wake(NULL, NULL);
	log_sink_remove(sink, &s);
}

static void off_without_hook_or_sink(void **state)
{
	struct seen s = { .thread = pthread_self() };

	(void)state;
	/* no hook: another thread's line is not queued for this sink */
	assert_int_equal(log_sink_add(sink, &s), 0);
	from_thread(2, "unseen");
	log_deliver_foreign();
	assert_int_equal(s.lines, 0);
	log_sink_remove(sink, &s);
	/* a hook but no sink of its thread: nothing queued, no wake */
	log_set_foreign_wake(wake, NULL);
	from_thread(2, "unseen");
	assert_int_equal(wakes, 0);
	log_set_foreign_wake(NULL, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(delivered_on_owner, setup),
		cmocka_unit_test_setup(bounded, setup),
		cmocka_unit_test_setup(off_without_hook_or_sink, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
