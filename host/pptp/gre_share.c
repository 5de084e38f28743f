/*
 * GRE received once and handed to the owning worker. See gre_share.h.
 */
#include "gre_share.h"
#include "sw/spsc_ring.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#define SLOT_DATA (GRE_MAX_PAYLOAD + 60 + GRE_HDR_MAX)   /* an IPv4 header with options, GRE, the largest frame */

struct slot {
	uint16_t len;
	uint8_t data[SLOT_DATA];
};

struct share_worker {
	struct gre_share *sh;
	struct ev_loop *loop;
	struct gre_sock *gs;
	struct spsc_ring ring;         /* reader -> this worker (unused for worker 0) */
	int efd;                       /* eventfd: the reader's "look at your ring" */
	struct ev_io io;
	struct ev_timer again;         /* drain: more than a ring's worth at once, the rest next */
	uint32_t pending;              /* reader: filled, not yet published */
	/* 1 while the worker waits for a signal: it drained its ring and will
	 * look again only when the eventfd says so. The reader writes the
	 * eventfd only when it takes this from 1 to 0, so a worker still
	 * draining (or woken and not yet drained) costs the reader no write
	 * and itself no wake-up per batch. */
	_Atomic int armed;
	/* 1 while the reader holds a datagram for this worker back (its ring
	 * was full): the worker, after freeing slots, takes it to 0 and writes
	 * the reader's resume_efd. */
	_Atomic int reader_waits;
	_Atomic uint64_t handed, signals, holds, paused;
	/* the worker's engine had no room for a GRE batch: the ring is not
	 * drained until it has (gate_check after each of its iterations) */
	bool gated;
	struct ev_hook gate_hook;
};

struct gre_share {
	unsigned n;
	int resume_efd;                /* a worker's "room in my ring" to the reader (loop 0) */
	struct ev_io resume_io;
	_Atomic uint8_t owner[65536];
	struct share_worker w[GRE_SHARE_MAX_WORKERS];
};

/* The reader: publish worker w's filled slots and wake it if it waits for
 * them (armed), once. The commit and the exchange are sequentially
 * consistent, as the worker's arming and its look at the ring (drain): of
 * a commit racing the worker going to sleep, either the worker sees the
 * datagrams or the reader sees it armed, never neither. */
static void publish(struct share_worker *w)
{
	uint64_t one = 1;

	if (w->pending == 0)
		return;
	spsc_prod_commit(&w->ring, w->pending);
	atomic_fetch_add_explicit(&w->handed, w->pending, memory_order_relaxed);
	w->pending = 0;
	if (atomic_exchange(&w->armed, 0)) {
		atomic_fetch_add_explicit(&w->signals, 1, memory_order_relaxed);
		if (write(w->efd, &one, sizeof(one)) < 0) {
			/* only EAGAIN at a counter near 2^64 */
		}
	}
}

/* The reader found w's ring full: publish what it filled (the worker can
 * free nothing it has not been given), say that it waits, and look at the
 * ring once more. true: there is room after all. false: hold back; the
 * worker will write resume_efd when it frees slots. The flag's store and
 * the worker's release of slots are each followed by a sequentially
 * consistent fence before the other side's load: of the two racing,
 * either the reader sees room or the worker sees the flag. */
static bool room_after_wait(struct share_worker *w)
{
	publish(w);
	atomic_store(&w->reader_waits, 1);
	atomic_thread_fence(memory_order_seq_cst);
	if (spsc_prod_space(&w->ring, 0) == 0)
		return false;
	/* room: if the worker took the flag meanwhile, a resume comes
	 * later with nothing held (gre_sock_resume does nothing then) */
	atomic_exchange(&w->reader_waits, 0);
	return true;
}

/* The reader, on worker 0's thread: take the datagram if another worker
 * owns its call. A datagram too short for a key, or not GRE over IPv4,
 * stays on worker 0, whose gre_sock counts it (rx_bad_ip, rx_bad_gre). */
static enum gre_steer steer(void *arg, const uint8_t *pkt, size_t len)
{
	struct gre_share *sh = arg;
	int id = len <= SLOT_DATA ? gre_datagram_call_id(pkt, len) : -1;
	unsigned o;
	struct share_worker *w;
	struct slot *s;

	if (id < 0)
		return GRE_STEER_LOCAL;
	o = atomic_load_explicit(&sh->owner[id], memory_order_relaxed);
	if (o == 0 || o >= sh->n)
		return GRE_STEER_LOCAL;
	w = &sh->w[o];
	/* The worker is behind: hold the datagram back (and stop reading the
	 * socket, whose buffer of several MiB then takes the burst) rather
	 * than drop it. A drop here lost packets that the socket had room for,
	 * and a stateless MPPE receiver that loses more than about 1,400 in a
	 * row never decrypts again (docs/workers.md, "What is left"). The
	 * price: while held, no loop gets GRE (one socket, read in order). */
	if (spsc_prod_space(&w->ring, w->pending) == 0 && !room_after_wait(w)) {
		atomic_fetch_add_explicit(&w->holds, 1, memory_order_relaxed);
		return GRE_STEER_HOLD;
	}
	s = spsc_prod_slot(&w->ring, w->pending++);
	s->len = (uint16_t)len;
	memcpy(s->data, pkt, len);
	return GRE_STEER_TAKEN;
}

/* After each batch the reader read (or held back): publish every worker's. */
static void steer_flush(void *arg)
{
	struct gre_share *sh = arg;

	for (unsigned i = 1; i < sh->n; i++)
		publish(&sh->w[i]);
}

/* On the reader's loop: a worker freed slots while the reader held back. */
static void on_resume(struct ev_loop *loop, struct ev_io *io, uint32_t events)
{
	struct gre_share *sh = io->arg;

	(void)loop;
	(void)events;
	gre_sock_resume(sh->w[0].gs);
}

/* Worker i's loop: input what the reader handed over, in the order read,
 * until the ring is empty with the worker armed; at most a ring's worth
 * per call, so that a reader that keeps up with the worker cannot starve
 * the worker's other events (its TUN, its timers): then the rest is taken
 * at the end of the loop's iteration (ev_defer), unarmed, without a signal.
 * The eventfd is watched edge-triggered and never read: every write wakes
 * its waiters and so is an edge epoll reports once; its counter only grows
 * (2^64 writes away from full). That saves the read that a level-triggered
 * watch needs per wake-up. */
static void drain(struct share_worker *w);

/* After each of the worker's iterations while gated: drain again once its
 * engine has room. Its engine's completions wake the loop meanwhile. */
static void gate_check(struct ev_loop *loop, void *arg)
{
	struct share_worker *w = arg;

	if (!w->gated || !gre_sock_admits(w->gs))
		return;
	w->gated = false;
	ev_hook_remove(loop, &w->gate_hook);
	/* drained from a timer, which its end-of-iteration hooks follow (the
	 * engine work then goes out in this iteration or the next, with no
	 * event to wait for) */
	ev_defer(loop, &w->again);
}

/* Issue 18: a worker fed its ring's datagrams to its MPPE engine whether
 * or not it had room (pnsd -W N -T 2), and the engine's full queue dropped
 * them after the read, thousands in a row, past what a stateless MPPE
 * receiver catches up ("MPPE receive keys lost"). Now the worker stops
 * taking from its ring instead; the ring fills and the reader holds back
 * (steer), so the kernel's socket buffer takes the burst, as with one loop
 * (gre_sock_set_admit). */
static bool gate_open(struct share_worker *w)
{
	if (gre_sock_admits(w->gs))
		return true;
	if (!w->gated) {
		w->gated = true;
		atomic_fetch_add_explicit(&w->paused, 1, memory_order_relaxed);
		w->gate_hook.fn = gate_check;
		w->gate_hook.arg = w;
		ev_hook_add(w->loop, &w->gate_hook);
	}
	return false;
}

static void drain(struct share_worker *w)
{
	uint32_t budget = GRE_SHARE_RING, n;

	if (w->gated)
		return;
	for (;;) {
		while (budget > 0 && (n = spsc_cons_avail(&w->ring)) > 0) {
			if (n > budget)
				n = budget;
			if (n > GRE_BATCH)
				n = GRE_BATCH;
			if (!gate_open(w))
				return;
			for (uint32_t k = 0; k < n; k++) {
				struct slot *s = spsc_cons_slot(&w->ring, k);
				gre_sock_input(w->gs, s->data, s->len);
			}
			spsc_cons_release(&w->ring, n);
			budget -= n;
			/* the reader holds back for room: there is some now (the
			 * fence pairs with room_after_wait's) */
			atomic_thread_fence(memory_order_seq_cst);
			if (atomic_load_explicit(&w->reader_waits, memory_order_relaxed) &&
			    atomic_exchange(&w->reader_waits, 0)) {
				uint64_t one = 1;

				if (write(w->sh->resume_efd, &one, sizeof(one)) < 0) {
					/* only EAGAIN at a counter near 2^64 */
				}
			}
		}
		if (budget == 0) {
			ev_defer(w->loop, &w->again);
			return;
		}
		atomic_store(&w->armed, 1);
		if (spsc_empty_now(&w->ring))
			return;
		/* a batch came between the drain and the arming: take it now. If
		 * the reader saw us armed it has signalled: one spurious wake-up
		 * later, harmless (drain finds the ring empty and re-arms). */
		atomic_store(&w->armed, 0);
	}
}

static void on_ring(struct ev_loop *loop, struct ev_io *io, uint32_t events)
{
	(void)loop;
	(void)events;
	drain(io->arg);
}

static void on_again(struct ev_loop *loop, struct ev_timer *t)
{
	(void)loop;
	drain(t->arg);
}

struct gre_share *gre_share_open(struct ev_loop *const *loops, unsigned n, uint32_t local_addr)
{
	struct gre_share *sh;

	if (n == 0 || n > GRE_SHARE_MAX_WORKERS) {
		errno = EINVAL;
		return NULL;
	}
	sh = calloc(1, sizeof(*sh));
	if (sh == NULL)
		return NULL;
	sh->n = n;
	sh->resume_efd = -1;
	for (unsigned i = 0; i < n; i++) {
		sh->w[i].efd = -1;
		sh->w[i].sh = sh;
		sh->w[i].loop = loops[i];
	}
	sh->w[0].gs = gre_sock_open(loops[0], local_addr);
	if (sh->w[0].gs == NULL)
		goto fail;
	for (unsigned i = 1; i < n; i++) {
		struct share_worker *w = &sh->w[i];

		w->gs = gre_sock_open_peer(loops[i], sh->w[0].gs);
		if (w->gs == NULL || spsc_init(&w->ring, GRE_SHARE_RING, sizeof(struct slot)) < 0)
			goto fail;
		atomic_init(&w->armed, 1);
		ev_timer_init(&w->again, on_again, w);
		w->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		if (w->efd < 0 || ev_io_start(loops[i], &w->io, w->efd, EPOLLIN | EPOLLET, on_ring, w) < 0)
			goto fail;
	}
	if (n > 1) {
		/* edge-triggered and never read, as the workers' eventfds */
		sh->resume_efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		if (sh->resume_efd < 0 ||
		    ev_io_start(loops[0], &sh->resume_io, sh->resume_efd, EPOLLIN | EPOLLET, on_resume, sh) < 0)
			goto fail;
		gre_sock_set_steer(sh->w[0].gs, steer, steer_flush, sh);
	}
	return sh;
fail: {
	int e = errno ? errno : ENOMEM;
	gre_share_close(sh);
	errno = e;
	return NULL;
}
}

struct gre_sock *gre_share_sock(struct gre_share *sh, unsigned w) { return w < sh->n ? sh->w[w].gs : NULL; }
unsigned gre_share_workers(const struct gre_share *sh) { return sh->n; }

void gre_share_assign(struct gre_share *sh, uint16_t call_id, unsigned w)
{
	atomic_store_explicit(&sh->owner[call_id], (uint8_t)(w < sh->n ? w : 0), memory_order_relaxed);
}

unsigned gre_share_owner(const struct gre_share *sh, uint16_t call_id)
{
	return atomic_load_explicit(&sh->owner[call_id], memory_order_relaxed);
}

uint64_t gre_share_handed(const struct gre_share *sh, unsigned w)
{
	return w < sh->n ? atomic_load_explicit(&sh->w[w].handed, memory_order_relaxed) : 0;
}

uint64_t gre_share_signals(const struct gre_share *sh, unsigned w)
{
	return w < sh->n ? atomic_load_explicit(&sh->w[w].signals, memory_order_relaxed) : 0;
}

uint64_t gre_share_holds(const struct gre_share *sh, unsigned w)
{
	return w < sh->n ? atomic_load_explicit(&sh->w[w].holds, memory_order_relaxed) : 0;
}

uint64_t gre_share_paused(const struct gre_share *sh, unsigned w)
{
	return w < sh->n ? atomic_load_explicit(&sh->w[w].paused, memory_order_relaxed) : 0;
}

void gre_share_close(struct gre_share *sh)
{
	if (sh == NULL)
		return;
	for (unsigned i = sh->n; i-- > 1;) {
		struct share_worker *w = &sh->w[i];

		ev_timer_stop(w->loop, &w->again);
		if (w->gated)
			ev_hook_remove(w->loop, &w->gate_hook);
		if (w->efd >= 0) {
			ev_io_stop(w->loop, &w->io);
			close(w->efd);
		}
		spsc_free(&w->ring);
		gre_sock_close(w->gs);
	}
	if (sh->resume_efd >= 0) {
		ev_io_stop(sh->w[0].loop, &sh->resume_io);
		close(sh->resume_efd);
	}
	gre_sock_close(sh->w[0].gs);
	free(sh);
}
