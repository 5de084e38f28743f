/*
 * Mailbox: a mutex-protected list and an eventfd. See mailbox.h.
 */
#include "mailbox.h"

#include <errno.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

void mailbox_drain(struct mailbox *mb)
{
	struct mb_msg *m;
	uint64_t v;

	/* Reset the eventfd before taking the list: a post after the take
	 * writes it again, so nothing waits unseen. */
	if (read(mb->fd, &v, sizeof(v)) < 0 && errno != EAGAIN)
		return;
	pthread_mutex_lock(&mb->lock);
	m = mb->head;
	mb->head = mb->tail = NULL;
	pthread_mutex_unlock(&mb->lock);
	while (m != NULL) {
		struct mb_msg *next = m->next;   /* fn may free m */
		m->fn(m);
		m = next;
	}
}

static void readable(struct ev_loop *loop, struct ev_io *io, uint32_t events)
{
	(void)loop;
	(void)events;
	mailbox_drain(io->arg);
}

int mailbox_init(struct mailbox *mb, struct ev_loop *loop)
{
	mb->loop = loop;
	mb->head = mb->tail = NULL;
	mb->closed = false;
	mb->fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (mb->fd < 0)
		return -1;
	if (pthread_mutex_init(&mb->lock, NULL) != 0) {
		close(mb->fd);
		errno = ENOMEM;
		return -1;
	}
	if (ev_io_start(loop, &mb->io, mb->fd, EPOLLIN, readable, mb) < 0) {
		int e = errno;
		pthread_mutex_destroy(&mb->lock);
		close(mb->fd);
		errno = e;
		return -1;
	}
	return 0;
}

int mailbox_post(struct mailbox *mb, struct mb_msg *m)
{
	uint64_t one = 1;
	bool was_empty;

	m->next = NULL;
	pthread_mutex_lock(&mb->lock);
	if (mb->closed) {
		pthread_mutex_unlock(&mb->lock);
		errno = EPIPE;
		return -1;
	}
	was_empty = mb->head == NULL;
	if (mb->tail != NULL)
		mb->tail->next = m;
	else
		mb->head = m;
	mb->tail = m;
	/* Inside the lock: once unlocked, the owner may close and free the
	 * mailbox as soon as it has run m. */
	if (was_empty && write(mb->fd, &one, sizeof(one)) < 0) {
		/* only EAGAIN at a counter near 2^64: it is non-zero, so seen */
	}
	pthread_mutex_unlock(&mb->lock);
	return 0;
}

void mailbox_close(struct mailbox *mb)
{
	pthread_mutex_lock(&mb->lock);
	mb->closed = true;
	pthread_mutex_unlock(&mb->lock);
	mailbox_drain(mb);
	ev_io_stop(mb->loop, &mb->io);
	close(mb->fd);
	pthread_mutex_destroy(&mb->lock);
}
