/*
 * One epoll event loop per thread: file-descriptor watchers, timers and
 * deferred calls, on a monotonic millisecond clock.
 *
 * Every object is embedded by its owner (no allocation per watcher or
 * timer), so a session with three timers costs three struct ev_timer and
 * nothing else. Timers live in a binary min-heap that stores each timer's
 * index, so start, stop and re-arm cost O(log n) and stop needs no search.
 *
 * Callbacks may start and stop any timer and add or remove any watcher,
 * including their own. Freeing an object from inside one of its own
 * callbacks is allowed once its watchers and timers are stopped; the
 * usual pattern is ev_defer(): mark the object disposing, free it in the
 * deferred callback (npppd's DISPOSING state).
 */
#ifndef HOST_COMMON_EVLOOP_H
#define HOST_COMMON_EVLOOP_H

#include <stdbool.h>
#include <stdint.h>

struct ev_loop;

/* Monotonic clock in milliseconds / nanoseconds (CLOCK_MONOTONIC). */
uint64_t ev_clock_ms(void);
uint64_t ev_clock_ns(void);

/* ---- file descriptors ---------------------------------------------- */

struct ev_io;
/* events: EPOLLIN / EPOLLOUT / EPOLLERR / EPOLLHUP bits as returned by epoll. */
typedef void (*ev_io_fn)(struct ev_loop *loop, struct ev_io *io, uint32_t events);

struct ev_io {
	ev_io_fn fn;
	void *arg;          /* owner's context, free for the owner to use */
	int fd;
	uint32_t events;    /* EPOLLIN / EPOLLOUT the watcher asks for */
	bool active;
};

/* Watch fd for events (EPOLLIN and/or EPOLLOUT); 0 or -1 with errno. */
int ev_io_start(struct ev_loop *loop, struct ev_io *io, int fd, uint32_t events,
		ev_io_fn fn, void *arg);
/* Change the event set of an active watcher; 0 or -1 with errno. */
int ev_io_modify(struct ev_loop *loop, struct ev_io *io, uint32_t events);
/* Stop watching (safe on an inactive watcher). Does not close the fd. */
void ev_io_stop(struct ev_loop *loop, struct ev_io *io);

/* ---- timers ---------------------------------------------------------- */

struct ev_timer;
typedef void (*ev_timer_fn)(struct ev_loop *loop, struct ev_timer *t);

struct ev_timer {
	uint64_t when_ms;   /* absolute expiry on the loop's clock */
	ev_timer_fn fn;
	void *arg;
	uint32_t heap_idx;  /* position in the heap + 1; 0 = not armed */
};

/* Prepare a timer (not armed). Must be called once before any other use. */
void ev_timer_init(struct ev_timer *t, ev_timer_fn fn, void *arg);
/* Arm (or re-arm) to fire once, after_ms from now. 0 or -1 (ENOMEM). */
int ev_timer_start(struct ev_loop *loop, struct ev_timer *t, uint64_t after_ms);
/* Disarm (safe on a timer that is not armed). */
void ev_timer_stop(struct ev_loop *loop, struct ev_timer *t);
static inline bool ev_timer_armed(const struct ev_timer *t) { return t->heap_idx != 0; }

/* ---- deferred calls -------------------------------------------------- */

/* Run fn at the end of the current loop iteration (after all ready
 * events): used to dispose of objects outside their own callback chains.
 * Implemented as a zero-delay timer, so the same struct is used. */
int ev_defer(struct ev_loop *loop, struct ev_timer *t);

/* Hooks run once after each batch of ready events: used to flush batched
 * transmit queues (sendmmsg) once per iteration. */
struct ev_hook {
	void (*fn)(struct ev_loop *loop, void *arg);
	void *arg;
	struct ev_hook *next;
};
void ev_hook_add(struct ev_loop *loop, struct ev_hook *h);
void ev_hook_remove(struct ev_loop *loop, struct ev_hook *h);

/* ---- the loop -------------------------------------------------------- */

struct ev_loop *ev_loop_new(void);
void ev_loop_free(struct ev_loop *loop);
/* Time cached at the start of the current iteration (cheap). */
uint64_t ev_now(const struct ev_loop *loop);
/* Refresh the cached time (after a long callback). */
/* Run until ev_break(); 0, or -1 with errno if epoll fails. */
int ev_run(struct ev_loop *loop);
/* One iteration, waiting at most max_wait_ms for events (-1: until a timer). */
int ev_run_once(struct ev_loop *loop, int max_wait_ms);
/* The longest time one ev_run_once on the calling thread spent after its
 * wait for readiness (callbacks, hooks, timers), since the thread started:
 * how long its loop was held at most (pnsd_loop_busy_max_ms). */
uint64_t ev_thread_busy_max_ms(void);
void ev_break(struct ev_loop *loop);
/* Number of armed timers (for tests and statistics). */
uint32_t ev_timer_count(const struct ev_loop *loop);

#endif
