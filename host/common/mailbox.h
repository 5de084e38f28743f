/*
 * A mailbox: how another thread hands work to an event loop (pnsd -W,
 * docs/workers.md). A message is a function and its argument; the loop's
 * thread runs the messages in the order they were posted, at its next
 * iteration. Posting takes a mutex and writes an eventfd: it is for the
 * control plane (a call handed to its worker, a call torn down, a show
 * command's query), never for packets, which never cross threads.
 *
 * Messages are embedded by their owner (no allocation), like ev_timer: the
 * poster fills fn and arg and must not touch the message again until fn has
 * run (fn may free it).
 */
#ifndef HOST_COMMON_MAILBOX_H
#define HOST_COMMON_MAILBOX_H

#include <pthread.h>
#include <stdbool.h>

#include "evloop.h"

struct mb_msg;
typedef void (*mb_fn)(struct mb_msg *m);

struct mb_msg {
	mb_fn fn;
	void *arg;
	struct mb_msg *next;   /* the mailbox's */
};

struct mailbox {
	struct ev_loop *loop;
	int fd;                   /* eventfd: non-zero while messages wait */
	struct ev_io io;
	pthread_mutex_t lock;     /* guards head, tail, closed */
	struct mb_msg *head, *tail;
	bool closed;
};

/* Attach a mailbox to loop (watched from now on). 0, or -1 with errno. */
int mailbox_init(struct mailbox *mb, struct ev_loop *loop);
/* Any thread: queue m. 0, or -1 (EPIPE) once the mailbox is closed. */
int mailbox_post(struct mailbox *mb, struct mb_msg *m);
/* The loop's thread: run what is queued now (also done by the watcher). */
void mailbox_drain(struct mailbox *mb);
/* The loop's thread: refuse further posts (EPIPE), run what is queued,
 * detach. Once it returns, no thread may post to it any more. */
void mailbox_close(struct mailbox *mb);

#endif
