/*
 * Worker threads. See worker.h.
 */
#include "worker.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct worker {
	unsigned index;
	struct ev_loop *loop;
	struct mailbox mb;
	pthread_t thread;
	bool started;
	struct mb_msg stop_msg;
};

struct ev_loop *worker_loop(struct worker *w) { return w->loop; }
unsigned worker_index(const struct worker *w) { return w->index; }

struct worker *worker_new(unsigned index)
{
	struct worker *w = calloc(1, sizeof(*w));

	if (w == NULL)
		return NULL;
	w->index = index;
	w->loop = ev_loop_new();
	if (w->loop == NULL || mailbox_init(&w->mb, w->loop) < 0) {
		int e = errno;
		ev_loop_free(w->loop);
		free(w);
		errno = e;
		return NULL;
	}
	return w;
}

static void *run(void *arg)
{
	struct worker *w = arg;
	char name[16];

	snprintf(name, sizeof(name), "pnsd-w%u", w->index);
	pthread_setname_np(pthread_self(), name);
	ev_run(w->loop);
	return NULL;
}

int worker_start(struct worker *w)
{
	int rc = pthread_create(&w->thread, NULL, run, w);

	if (rc != 0) {
		errno = rc;
		return -1;
	}
	w->started = true;
	return 0;
}

int worker_post(struct worker *w, struct mb_msg *m)
{
	return mailbox_post(&w->mb, m);
}

/* worker_call: the caller waits on done under lock. */
struct call {
	struct mb_msg m;
	void (*fn)(void *arg);
	void *arg;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool done;
};

static void call_run(struct mb_msg *m)
{
	struct call *c = m->arg;

	c->fn(c->arg);
	pthread_mutex_lock(&c->lock);
	c->done = true;
	pthread_cond_signal(&c->cond);
	pthread_mutex_unlock(&c->lock);
}

int worker_call(struct worker *w, void (*fn)(void *arg), void *arg)
{
	struct call c = { .m = { .fn = call_run }, .fn = fn, .arg = arg };
	int rc;

	c.m.arg = &c;
	pthread_mutex_init(&c.lock, NULL);
	pthread_cond_init(&c.cond, NULL);
	rc = worker_post(w, &c.m);
	if (rc == 0) {
		pthread_mutex_lock(&c.lock);
		while (!c.done)
			pthread_cond_wait(&c.cond, &c.lock);
		pthread_mutex_unlock(&c.lock);
	}
	pthread_cond_destroy(&c.cond);
	pthread_mutex_destroy(&c.lock);
	return rc;
}

static void stop_run(struct mb_msg *m)
{
	struct worker *w = m->arg;

	ev_break(w->loop);   /* its own loop, from its own thread */
}

void worker_stop(struct worker *w)
{
	if (!w->started)
		return;
	w->stop_msg = (struct mb_msg){ .fn = stop_run, .arg = w };
	if (worker_post(w, &w->stop_msg) == 0)
		pthread_join(w->thread, NULL);
	w->started = false;
}

void worker_free(struct worker *w)
{
	if (w == NULL)
		return;
	worker_stop(w);
	mailbox_close(&w->mb);   /* runs anything posted after the stop */
	ev_loop_free(w->loop);
	free(w);
}
