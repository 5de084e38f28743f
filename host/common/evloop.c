/*
 * epoll event loop with a binary-heap timer queue. See evloop.h.
 */
#include "evloop.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#define EV_BATCH 256   /* epoll events handled per wakeup */

struct ev_loop {
	int epfd;
	bool stop;
	uint64_t now_ms;
	struct ev_timer **heap;
	uint32_t heap_len, heap_cap;
	struct ev_hook *hooks;
};

uint64_t ev_clock_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t ev_clock_ms(void)
{
	return ev_clock_ns() / 1000000u;
}

struct ev_loop *ev_loop_new(void)
{
	struct ev_loop *loop = calloc(1, sizeof(*loop));
	if (loop == NULL)
		return NULL;
	loop->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (loop->epfd < 0) {
		free(loop);
		return NULL;
	}
	loop->now_ms = ev_clock_ms();
	return loop;
}

void ev_loop_free(struct ev_loop *loop)
{
	if (loop == NULL)
		return;
	for (uint32_t i = 0; i < loop->heap_len; i++)
		loop->heap[i]->heap_idx = 0;
	free(loop->heap);
	close(loop->epfd);
	free(loop);
}

uint64_t ev_now(const struct ev_loop *loop) { return loop->now_ms; }
void ev_break(struct ev_loop *loop) { loop->stop = true; }
uint32_t ev_timer_count(const struct ev_loop *loop) { return loop->heap_len; }

/* ---- fd watchers ---- */

int ev_io_start(struct ev_loop *loop, struct ev_io *io, int fd, uint32_t events,
		ev_io_fn fn, void *arg)
{
	struct epoll_event ev = { .events = events, .data.ptr = io };

	io->fd = fd;
	io->fn = fn;
	io->arg = arg;
	io->events = events;
	if (epoll_ctl(loop->epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
		return -1;
	io->active = true;
	return 0;
}

int ev_io_modify(struct ev_loop *loop, struct ev_io *io, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.ptr = io };

	if (!io->active) {
		errno = EINVAL;
		return -1;
	}
	if (io->events == events)
		return 0;
	if (epoll_ctl(loop->epfd, EPOLL_CTL_MOD, io->fd, &ev) < 0)
		return -1;
	io->events = events;
	return 0;
}

void ev_io_stop(struct ev_loop *loop, struct ev_io *io)
{
	if (!io->active)
		return;
	epoll_ctl(loop->epfd, EPOLL_CTL_DEL, io->fd, NULL);
	io->active = false;
}

/* ---- timer heap: heap[i]->heap_idx == i + 1 for every armed timer ---- */

static void heap_set(struct ev_loop *loop, uint32_t i, struct ev_timer *t)
{
	loop->heap[i] = t;
	t->heap_idx = i + 1;
}

static void heap_up(struct ev_loop *loop, uint32_t i)
{
	struct ev_timer *t = loop->heap[i];

	while (i > 0) {
		uint32_t parent = (i - 1) / 2;
		if (loop->heap[parent]->when_ms <= t->when_ms)
			break;
		heap_set(loop, i, loop->heap[parent]);
		i = parent;
	}
	heap_set(loop, i, t);
}

static void heap_down(struct ev_loop *loop, uint32_t i)
{
	struct ev_timer *t = loop->heap[i];

	for (;;) {
		uint32_t child = 2 * i + 1;
		if (child >= loop->heap_len)
			break;
		if (child + 1 < loop->heap_len &&
		    loop->heap[child + 1]->when_ms < loop->heap[child]->when_ms)
			child++;
		if (t->when_ms <= loop->heap[child]->when_ms)
			break;
		heap_set(loop, i, loop->heap[child]);
		i = child;
	}
	heap_set(loop, i, t);
}

void ev_timer_init(struct ev_timer *t, ev_timer_fn fn, void *arg)
{
	memset(t, 0, sizeof(*t));
	t->fn = fn;
	t->arg = arg;
}

void ev_timer_stop(struct ev_loop *loop, struct ev_timer *t)
{
	uint32_t i;
	struct ev_timer *last;

	if (t->heap_idx == 0)
		return;
	i = t->heap_idx - 1;
	t->heap_idx = 0;
	last = loop->heap[--loop->heap_len];
	if (i == loop->heap_len)
		return;
	heap_set(loop, i, last);
	if (i > 0 && loop->heap[(i - 1) / 2]->when_ms > last->when_ms)
		heap_up(loop, i);
	else
		heap_down(loop, i);
}

int ev_timer_start(struct ev_loop *loop, struct ev_timer *t, uint64_t after_ms)
{
	ev_timer_stop(loop, t);
	if (loop->heap_len == loop->heap_cap) {
		uint32_t cap = loop->heap_cap ? loop->heap_cap * 2 : 64;
		struct ev_timer **h = realloc(loop->heap, cap * sizeof(*h));
		if (h == NULL) {
			errno = ENOMEM;
			return -1;
		}
		loop->heap = h;
		loop->heap_cap = cap;
	}
	t->when_ms = loop->now_ms + after_ms;
	loop->heap[loop->heap_len] = t;
	t->heap_idx = ++loop->heap_len;
	heap_up(loop, loop->heap_len - 1);
	return 0;
}

int ev_defer(struct ev_loop *loop, struct ev_timer *t)
{
	return ev_timer_start(loop, t, 0);
}

void ev_hook_add(struct ev_loop *loop, struct ev_hook *h)
{
	h->next = loop->hooks;
	loop->hooks = h;
}

void ev_hook_remove(struct ev_loop *loop, struct ev_hook *h)
{
	for (struct ev_hook **p = &loop->hooks; *p != NULL; p = &(*p)->next) {
		if (*p == h) {
			*p = h->next;
			return;
		}
	}
}

/* Fire due timers. Only as many as were due on entry: a callback that
 * re-arms itself with zero delay runs again next iteration, not forever. */
static void run_timers(struct ev_loop *loop)
{
	uint32_t budget = loop->heap_len;

	while (budget-- > 0 && loop->heap_len > 0 && loop->heap[0]->when_ms <= loop->now_ms) {
		struct ev_timer *t = loop->heap[0];
		ev_timer_stop(loop, t);
		t->fn(loop, t);
	}
}

static void run_hooks(struct ev_loop *loop)
{
	for (struct ev_hook *h = loop->hooks, *next; h != NULL; h = next) {
		next = h->next;
		h->fn(loop, h->arg);
	}
}

/* the longest pass of ev_run_once on this thread after its wait: how long
 * the loop could not look at anything new (ev_thread_busy_max_ms) */
static _Thread_local uint64_t busy_max_ns;

uint64_t ev_thread_busy_max_ms(void)
{
	return busy_max_ns / 1000000u;
}

int ev_run_once(struct ev_loop *loop, int max_wait_ms)
{
	uint64_t t0;
	struct epoll_event evs[EV_BATCH];
	int timeout = max_wait_ms, n;

	if (loop->heap_len > 0) {
		uint64_t when = loop->heap[0]->when_ms;
		uint64_t now = ev_clock_ms();
		int t = when <= now ? 0 : (when - now > 60000 ? 60000 : (int)(when - now));
		if (timeout < 0 || t < timeout)
			timeout = t;
	}
	n = epoll_wait(loop->epfd, evs, EV_BATCH, timeout);
	if (n < 0 && errno != EINTR)
		return -1;
	t0 = ev_clock_ns();
	loop->now_ms = t0 / 1000000u;
	for (int i = 0; i < n; i++) {
		struct ev_io *io = evs[i].data.ptr;
		/* A callback earlier in this batch may have stopped io; its
		 * owner then must not free it before the deferred phase. */
		if (io->active)
			io->fn(loop, io, evs[i].events);
	}
	run_hooks(loop);
	loop->now_ms = ev_clock_ms();
	run_timers(loop);
	run_hooks(loop);
	t0 = ev_clock_ns() - t0;
	if (t0 > busy_max_ns)
		busy_max_ns = t0;
	return 0;
}

int ev_run(struct ev_loop *loop)
{
	loop->stop = false;
	while (!loop->stop) {
		if (ev_run_once(loop, -1) < 0)
			return -1;
	}
	return 0;
}
