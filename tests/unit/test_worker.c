/*
 * Workers and mailboxes (host/common/worker.h, mailbox.h): two workers,
 * two posting threads (the main loop's and another). Every message runs on
 * its worker's thread, in the order its poster posted it, exactly once;
 * every reply comes back to the main loop's mailbox; worker_call runs on the
 * worker and returns after it; what is posted after worker_stop still runs
 * (in worker_free). Also built under ThreadSanitizer (make check-tsan).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <pthread.h>

#include "common/evloop.h"
#include "common/mailbox.h"
#include "common/worker.h"

#define NW      2
#define POSTERS 2
#define PER     5000            /* messages per poster and worker */

struct msg {
	struct mb_msg m;            /* to the worker */
	struct mb_msg reply;        /* back to the main loop */
	unsigned poster, worker, seq;
};

/* each worker's own state: touched by its thread only */
static struct {
	unsigned next_seq[POSTERS];
	unsigned got;
	unsigned bad;               /* out of order, or on the wrong thread */
	pthread_t thread;
} wstate[NW];

static struct worker *workers[NW];
static struct msg msgs[POSTERS][NW][PER];
static struct mailbox main_mb;  /* the main loop's */
static struct ev_loop *main_loop;
static unsigned replies;        /* main thread only */

static void on_reply(struct mb_msg *m)
{
	(void)m;
	if (++replies == POSTERS * NW * PER)
		ev_break(main_loop);
}

static void on_msg(struct mb_msg *m)
{
	struct msg *x = m->arg;
	unsigned w = x->worker;

	if (!pthread_equal(pthread_self(), wstate[w].thread) || x->seq != wstate[w].next_seq[x->poster])
		wstate[w].bad++;
	wstate[w].next_seq[x->poster] = x->seq + 1;
	wstate[w].got++;
	x->reply = (struct mb_msg){ .fn = on_reply, .arg = x };
	assert_int_equal(mailbox_post(&main_mb, &x->reply), 0);
}

static void post_all(unsigned poster)
{
	for (unsigned i = 0; i < PER; i++)
		for (unsigned w = 0; w < NW; w++) {
			struct msg *x = &msgs[poster][w][i];
			*x = (struct msg){ .m = { .fn = on_msg, .arg = x }, .poster = poster, .worker = w, .seq = i };
			assert_int_equal(worker_post(workers[w], &x->m), 0);
		}
}

static void *poster_thread(void *arg)
{
	post_all((unsigned)(uintptr_t)arg);
	return NULL;
}

static void note_thread(void *arg)
{
	wstate[*(unsigned *)arg].thread = pthread_self();
}

struct snapshot { unsigned w, got, bad; };
static void take_snapshot(void *arg)
{
	struct snapshot *s = arg;

	s->got = wstate[s->w].got;
	s->bad = wstate[s->w].bad;
}

static unsigned late_runs;
static void late(struct mb_msg *m)
{
	(void)m;
	late_runs++;
}

static void test_workers(void **state)
{
	pthread_t other;
	unsigned idx[NW];

	(void)state;
	main_loop = ev_loop_new();
	assert_non_null(main_loop);
	assert_int_equal(mailbox_init(&main_mb, main_loop), 0);
	for (unsigned w = 0; w < NW; w++) {
		workers[w] = worker_new(w);
		assert_non_null(workers[w]);
		assert_int_equal(worker_index(workers[w]), w);
		assert_int_equal(worker_start(workers[w]), 0);
		idx[w] = w;
		assert_int_equal(worker_call(workers[w], note_thread, &idx[w]), 0);
		assert_false(pthread_equal(wstate[w].thread, pthread_self()));
	}
	assert_int_equal(pthread_create(&other, NULL, poster_thread, (void *)(uintptr_t)1), 0);
	post_all(0);
	assert_int_equal(ev_run(main_loop), 0);   /* until every reply is back */
	assert_int_equal(pthread_join(other, NULL), 0);
	assert_int_equal(replies, POSTERS * NW * PER);
	for (unsigned w = 0; w < NW; w++) {
		struct snapshot s = { .w = w };
		struct mb_msg after_stop = { .fn = late };

		assert_int_equal(worker_call(workers[w], take_snapshot, &s), 0);
		assert_int_equal(s.got, POSTERS * PER);
		assert_int_equal(s.bad, 0);
		worker_stop(workers[w]);
		assert_int_equal(worker_post(workers[w], &after_stop), 0);
		worker_free(workers[w]);
		assert_int_equal(late_runs, w + 1);
	}
	mailbox_close(&main_mb);
	ev_loop_free(main_loop);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_workers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
