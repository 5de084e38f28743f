/*
 * A worker: one thread running its own event loop, with a mailbox through
 * which the control plane hands it work (pnsd -W N, docs/workers.md).
 *
 * The idea is shared-nothing on the packet path: whatever a worker owns
 * (its calls' GRE sessions, PPP sessions, data-path batches, its steered
 * GRE socket) is touched by its thread only. Other threads talk to it only
 * by message: worker_post() (fire and forget) or worker_call() (run a
 * function there and wait for it: for a show command that reads what the
 * worker owns).
 */
#ifndef HOST_COMMON_WORKER_H
#define HOST_COMMON_WORKER_H

#include "mailbox.h"

struct worker;

/* A worker numbered index (0-based, in thread names "pnsd-wN"), not yet
 * running: set up what it owns on worker_loop() first. NULL with errno. */
struct worker *worker_new(unsigned index);
unsigned worker_index(const struct worker *w);
struct ev_loop *worker_loop(struct worker *w);
/* Start the thread. 0, or -1 with errno. */
int worker_start(struct worker *w);
/* Any thread: run m->fn(m) on the worker's thread (mailbox_post). */
int worker_post(struct worker *w, struct mb_msg *m);
/* Another thread: run fn(arg) on the worker's thread and wait until it has
 * returned. 0, or -1 (EPIPE: the worker is stopping). Not from the
 * worker's own thread (it would wait for itself). */
int worker_call(struct worker *w, void (*fn)(void *arg), void *arg);
/* Another thread: end the loop (after what is queued has run) and join.
 * What the worker owns is still there, for its owner to free. */
void worker_stop(struct worker *w);
/* After worker_stop (or if never started). */
void worker_free(struct worker *w);

#endif
