/*
 * Batched TUN writes through io_uring. See tun_batch.h.
 */
#include "tun_batch.h"

#include <errno.h>
#include <liburing.h>
#include <stdbool.h>
#include <stdlib.h>

struct tun_pkt {
	int fd;
	uint16_t len;
	void *owner;
	uint8_t data[TUN_BATCH_PKT];
};

struct tun_batch {
	struct io_uring ring;
	unsigned n;
	uint32_t gen;            /* tags every SQE of one chain (user_data's high half) */
	uint64_t syscalls;
	struct tun_pkt pkt[TUN_BATCH_MAX];
};

struct tun_batch *tun_batch_new(void)
{
	struct tun_batch *b = calloc(1, sizeof(*b));
	int rc;

	if (b == NULL)
		return NULL;
	rc = io_uring_queue_init(TUN_BATCH_MAX, &b->ring, 0);
	if (rc < 0) {
		free(b);
		errno = -rc;
		return NULL;
	}
	return b;
}

void tun_batch_free(struct tun_batch *b)
{
	if (b == NULL)
		return;
	io_uring_queue_exit(&b->ring);
	free(b);
}

int tun_batch_full(const struct tun_batch *b) { return b->n == TUN_BATCH_MAX; }
uint64_t tun_batch_syscalls(const struct tun_batch *b) { return b->syscalls; }

uint8_t *tun_batch_add(struct tun_batch *b, int fd, void *owner, size_t len)
{
	struct tun_pkt *p;

	if (b->n == TUN_BATCH_MAX || len > TUN_BATCH_PKT)
		return NULL;
	p = &b->pkt[b->n++];
	p->fd = fd;
	p->len = (uint16_t)len;
	p->owner = owner;
	return p->data;
}

/* Submit pkt[from, n) as one chain and report them in order; returns where
 * to start again: after the first packet that failed when the rest came
 * back cancelled (a chain stops at a failure), else n.
 *
 * A signal can interrupt the submission's wait (EINTR) after the kernel took
 * the SQEs: their completions still arrive. So an interrupted wait is waited
 * again, and every SQE carries its chain's generation in user_data, so a
 * completion left behind by an earlier chain (one whose wait failed for
 * good) is recognised and dropped, never taken for one of this chain's. */
static unsigned submit_chain(struct tun_batch *b, unsigned from,
			     void (*done)(void *owner, size_t len, int res))
{
	int res[TUN_BATCH_MAX];
	unsigned want = b->n - from, got = 0;
	uint32_t gen = ++b->gen;
	int rc;

	for (unsigned i = from; i < b->n; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(&b->ring);   /* never NULL: the ring holds a batch */
		io_uring_prep_write(sqe, b->pkt[i].fd, b->pkt[i].data, b->pkt[i].len, 0);
		sqe->user_data = (uint64_t)gen << 32 | i;
		if (i + 1 < b->n)
			sqe->flags |= IOSQE_IO_LINK;
		res[i] = -EIO;
	}
	do {
		b->syscalls++;
		rc = io_uring_submit_and_wait(&b->ring, want);
	} while (rc == -EINTR);
	if (rc >= 0) {
		while (got < want) {
			struct io_uring_cqe *cqe;

			if (io_uring_peek_cqe(&b->ring, &cqe) != 0) {
				b->syscalls++;
				rc = io_uring_wait_cqe(&b->ring, &cqe);
				if (rc == -EINTR)
					continue;
				if (rc != 0)
					break;
			}
			uint64_t ud = cqe->user_data;
			int r = cqe->res;

			io_uring_cqe_seen(&b->ring, cqe);
			if (ud >> 32 != gen)
				continue;             /* an earlier chain's: not ours */
			unsigned i = (unsigned)(ud & 0xffffffffu);
			if (i >= from && i < b->n)
				res[i] = r;
			got++;
		}
	}
	for (unsigned i = from; i < b->n; i++) {
		if (res[i] == -ECANCELED && i > from && res[i - 1] != (int)b->pkt[i - 1].len) {
			bool all_cancelled = true;
			for (unsigned k = i; k < b->n; k++)
				all_cancelled &= res[k] == -ECANCELED;
			if (all_cancelled)
				return i;   /* written by the next chain */
		}
		done(b->pkt[i].owner, b->pkt[i].len, res[i]);
	}
	return b->n;
}

void tun_batch_flush(struct tun_batch *b, void (*done)(void *owner, size_t len, int res))
{
	unsigned from = 0;

	while (from < b->n)
		from = submit_chain(b, from, done);
	b->n = 0;
}
