/*
 * The software engine on several cores ("sw:threads=N", N > 1): the
 * reference engine run by N crypto threads behind the same asynchronous API
 * the cards have (mppe_submit / mppe_poll / the event fd), so the daemon's
 * single event loop keeps every session's control (LCP, CCP, CHAP, CLI,
 * RADIUS, timers) while the RC4 work of its sessions runs beside it.
 *
 * Why this shape (docs/ppp.md, "Every core"):
 *   - A flow belongs to one thread for its life: thread = flow ID mod N.
 *     Stateful MPPE must see its packets in order (RFC 3078 8.2: a gap is a
 *     key change the receiver cannot see), and one owner keeps that without
 *     a lock. Placement by ID also keeps the completions of an ID in
 *     submission order across a destroy and a re-use of the ID.
 *   - The caller's thread owns the flow table: it creates a flow (key
 *     schedule included), resolves IDs at submit and destroys; the crypto
 *     thread only ever sees the flow through the messages on its ring, so
 *     the table can grow without the threads agreeing on anything.
 *   - Per thread two single-producer single-consumer rings (spsc_ring.h):
 *     operations in, completions out. No locks on the packet path; a thread
 *     with nothing to do sleeps on its own eventfd and is woken only when
 *     it said it sleeps; the caller's event fd is written only when the
 *     caller said it waits (ack_event re-arms), not once per completion.
 *   - The caller never puts more operations in flight on a thread than its
 *     completion ring holds, so a crypto thread never waits for the caller:
 *     the caller may then wait for a thread (a counters read, a full ring
 *     for a destroy) without a deadlock.
 *
 * A destroyed flow's keys are wiped by its thread once the operations
 * submitted before the destroy have run (microseconds later), not during
 * mppe_flow_destroy itself.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "../backend.h"
#include "mppe/crypto.h"
#include "spsc_ring.h"
#include "sw_run.h"

#define MT_MAX_FLOWS   (1u << 20)
#define MT_RING        4096u            /* operations in flight per thread (power of two): the one-thread
                                         * engine's completion queue; a thread not scheduled for a while
                                         * must not make the caller drop packets (a stateless receiver
                                         * takes a gap of 2048 or more for old packets) */

enum mt_kind { MT_OP, MT_FREE, MT_COUNTERS, MT_STOP };

struct mt_msg {
	uint8_t kind;
	struct mppe_flow *f;             /* NULL: the flow ID is not in use */
	struct mppe_op op;               /* MT_OP */
	struct mppe_counters *counters;  /* MT_COUNTERS: copied here, then *done = 1 */
	_Atomic int *done;
};

struct mt_engine;

struct mt_worker {
	struct spsc_ring in;             /* caller -> thread: struct mt_msg */
	struct spsc_ring out;            /* thread -> caller: struct mppe_completion */
	_Atomic int sleeping;            /* the thread waits on wake_fd */
	int wake_fd;
	uint32_t inflight;               /* caller only: operations pushed, completions not collected */
	uint32_t pending;                /* caller only: messages filled, not yet published */
	pthread_t thread;
	bool started;
	struct mt_engine *m;
	struct mppe_engine *e;
};

struct mt_engine {
	unsigned nthreads;
	struct mt_worker *w;
	struct sw_flows flows;           /* caller only */
	uint32_t *pending;               /* caller only; per flow ID: operations on a flow not yet
	                                  * collected (kept across a re-use of the ID) */
	uint32_t npending;               /* its size: above every live flow ID */
	_Atomic int armed;               /* the caller waits for the event fd */
	unsigned poll_from;              /* fairness: the thread polled first */
};

static struct mt_engine *mt(struct mppe_engine *e)
{
	return e->priv;
}

static void signal_fd(int fd)
{
	uint64_t one = 1;

	if (write(fd, &one, sizeof(one)) < 0) {
		/* EAGAIN: the counter is non-zero already, the reader wakes anyway */
	}
}

/* ---- the crypto thread ---- */

static void *worker_main(void *arg)
{
	struct mt_worker *w = arg;

	for (;;) {
		uint32_t n = spsc_cons_avail(&w->in), made = 0;

		if (n == 0) {
			/* say we sleep, then look once more: the caller publishes
			 * and then looks at `sleeping` (the mirror of this order) */
			atomic_store(&w->sleeping, 1);
			if (spsc_empty_now(&w->in)) {
				uint64_t v;
				if (read(w->wake_fd, &v, sizeof(v)) < 0) {
					/* EINTR: look again */
				}
			}
			atomic_store(&w->sleeping, 0);
			continue;
		}
		for (uint32_t i = 0; i < n; i++) {
			struct mt_msg *msg = spsc_cons_slot(&w->in, i);
			switch (msg->kind) {
			case MT_OP: {
				/* the caller keeps inflight <= MT_RING: there is room;
				 * two at once where sw_run_op_pair can (two stateless encryptions) */
				struct mt_msg *next = i + 1 < n ? spsc_cons_slot(&w->in, i + 1) : NULL;
				unsigned ran = 1;

				if (next && next->kind == MT_OP)
					ran = sw_run_op_pair(msg->f, &msg->op, spsc_prod_slot(&w->out, made), next->f,
							     &next->op, spsc_prod_slot(&w->out, made + 1));
				else
					sw_run_op(msg->f, &msg->op, spsc_prod_slot(&w->out, made));
				made += ran;
				i += ran - 1;
				break;
			}
			case MT_FREE:
				sw_flow_free(msg->f);
				break;
			case MT_COUNTERS:
				mppe_flow_counters(msg->f, msg->counters);
				atomic_store_explicit(msg->done, 1, memory_order_release);
				break;
			case MT_STOP:
				spsc_prod_commit(&w->out, made);
				spsc_cons_release(&w->in, i + 1);
				return NULL;
			}
		}
		spsc_prod_commit(&w->out, made);
		spsc_cons_release(&w->in, n);
			if (made && atomic_exchange(&w->m->armed, 0))
			signal_fd(w->e->event_fd);
	}
}

/* ---- the caller's side ---- */

/* Publishes what was filled for thread w and wakes it if it sleeps. */
static void publish(struct mt_worker *w)
{
	if (!w->pending)
		return;
	spsc_prod_commit(&w->in, w->pending);
	w->pending = 0;
	if (atomic_exchange(&w->sleeping, 0))
		signal_fd(w->wake_fd);
}

/* A control message (no completion): waits for room, which the thread makes
 * without waiting for us (see the inflight bound). */
static struct mt_msg *control_slot(struct mt_worker *w)
{
	while (spsc_prod_space(&w->in, w->pending) == 0) {
		publish(w);
		sched_yield();
	}
	struct mt_msg *msg = spsc_prod_slot(&w->in, w->pending);
	memset(msg, 0, sizeof(*msg));
	w->pending++;
	return msg;
}

static struct mt_worker *owner(struct mt_engine *m, uint32_t flow)
{
	return &m->w[flow % m->nthreads];
}

static void stop_workers(struct mt_engine *m)
{
	for (unsigned i = 0; i < m->nthreads; i++) {
		struct mt_worker *w = &m->w[i];
		if (!w->started)
			continue;
		control_slot(w)->kind = MT_STOP;
		publish(w);
		pthread_join(w->thread, NULL);
		w->started = false;
	}
}

static void free_engine(struct mt_engine *m)
{
	for (unsigned i = 0; i < m->nthreads; i++) {
		spsc_free(&m->w[i].in);
		spsc_free(&m->w[i].out);
		if (m->w[i].wake_fd >= 0)
			close(m->w[i].wake_fd);
	}
	sw_flows_clear(&m->flows);
	free(m->pending);
	free(m->w);
	free(m);
}

int mt_open_threads(struct mppe_engine *e, unsigned nthreads)
{
	struct mt_engine *m = calloc(1, sizeof(*m));

	if (!m)
		return -1;
	m->nthreads = nthreads;
	atomic_init(&m->armed, 1);
	m->w = calloc(nthreads, sizeof(*m->w));
	e->event_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (!m->w || e->event_fd < 0)
		goto fail;
	for (unsigned i = 0; i < nthreads; i++)
		m->w[i].wake_fd = -1;
	for (unsigned i = 0; i < nthreads; i++) {
		struct mt_worker *w = &m->w[i];
		w->m = m;
		w->e = e;
		atomic_init(&w->sleeping, 0);
		w->wake_fd = eventfd(0, EFD_CLOEXEC);   /* blocking: the thread sleeps in read */
		if (w->wake_fd < 0 || spsc_init(&w->in, MT_RING, sizeof(struct mt_msg)) < 0 ||
		    spsc_init(&w->out, MT_RING, sizeof(struct mppe_completion)) < 0)
			goto fail;
	}
	/* the crypto threads take no signal: a daemon that blocks its
	 * signals for a signalfd (pnsd) after opening the engine would
	 * otherwise die of one delivered to a thread that does not block it */
	sigset_t all, was;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &was);
	for (unsigned i = 0; i < nthreads; i++) {
		int r = pthread_create(&m->w[i].thread, NULL, worker_main, &m->w[i]);
		if (r != 0) {
			pthread_sigmask(SIG_SETMASK, &was, NULL);
			errno = r;
			goto fail;
		}
		m->w[i].started = true;
		char name[16];
		snprintf(name, sizeof(name), "mppe-sw-%u", i % 100u);
		pthread_setname_np(m->w[i].thread, name);
	}
	pthread_sigmask(SIG_SETMASK, &was, NULL);
	e->priv = m;
	e->max_flows = MT_MAX_FLOWS;
	e->threads = nthreads;
	snprintf(e->label, sizeof(e->label), "Software (%u threads)", nthreads);
	return 0;
fail: {
	int err = errno;
	stop_workers(m);
	if (e->event_fd >= 0)
		close(e->event_fd);
	e->event_fd = -1;
	if (m->w)
		free_engine(m);
	else
		free(m);
	errno = err;
	return -1;
}
}

static void mt_close(struct mppe_engine *e)
{
	struct mt_engine *m = mt(e);

	stop_workers(m);       /* every message before the stop has run: flows freed there are gone */
	close(e->event_fd);
	free_engine(m);
}

static int mt_flow_resume(struct mppe_engine *e, const struct mppe_flow_params *p, const struct mppe_shadow *t,
			  uint32_t *flow)
{
	struct mt_engine *m = mt(e);

	if (sw_flows_reserve(&m->flows, MT_MAX_FLOWS, flow) < 0)
		return -1;
	if (m->flows.n > m->npending) {
		uint32_t *more = realloc(m->pending, m->flows.n * sizeof(*more));
		if (!more)
			return -1;
		memset(more + m->npending, 0, (m->flows.n - m->npending) * sizeof(*more));
		m->pending = more;
		m->npending = m->flows.n;
	}
	/* the thread first sees the flow through a message published after this */
	return sw_flows_put(&m->flows, *flow, p, t);
}

static int mt_flow_create(struct mppe_engine *e, const struct mppe_flow_params *p, uint32_t *flow)
{
	return mt_flow_resume(e, p, NULL, flow);
}

static int mt_flow_destroy(struct mppe_engine *e, uint32_t flow)
{
	struct mt_engine *m = mt(e);
	struct mppe_flow *f = sw_flows_take(&m->flows, flow);
	struct mt_worker *w;

	if (!f)
		return -1;
	/* its operations already submitted still run on it: the thread frees
	 * it after them (and an ID re-used goes to the same thread, behind) */
	w = owner(m, flow);
	struct mt_msg *msg = control_slot(w);
	msg->kind = MT_FREE;
	msg->f = f;
	publish(w);
	return 0;
}

static int mt_flow_counters(struct mppe_engine *e, uint32_t flow, struct mppe_counters *out)
{
	struct mt_engine *m = mt(e);
	struct mppe_flow *f = sw_flows_get(&m->flows, flow);
	_Atomic int done;
	struct mt_worker *w;

	if (!f) {
		errno = ENOENT;
		return -1;
	}
	if (m->pending[flow] == 0) {
		/* every operation on it has completed and its completion was
		 * taken (the acquire of the completion ring): the thread has
		 * not touched it since, and will not before our next submit.
		 * What a show of every session does: no wait for a thread. */
		mppe_flow_counters(f, out);
		return 0;
	}
	/* read by the owner, behind the operations submitted before: the
	 * counters then include every one of them */
	atomic_init(&done, 0);
	w = owner(m, flow);
	struct mt_msg *msg = control_slot(w);
	msg->kind = MT_COUNTERS;
	msg->f = f;
	msg->counters = out;
	msg->done = &done;
	publish(w);
	while (!atomic_load_explicit(&done, memory_order_acquire))
		sched_yield();
	return 0;
}

static int mt_submit(struct mppe_engine *e, const struct mppe_op *ops, unsigned n)
{
	struct mt_engine *m = mt(e);
	unsigned done = 0;

	/* in order; the first operation that does not fit ends the call, so
	 * every flow's operations stay in order whatever the caller retries */
	while (done < n) {
		struct mt_worker *w = owner(m, ops[done].flow);
		if (w->inflight >= MT_RING || spsc_prod_space(&w->in, w->pending) == 0)
			break;
		struct mt_msg *msg = spsc_prod_slot(&w->in, w->pending);
		msg->kind = MT_OP;
		msg->f = sw_flows_get(&m->flows, ops[done].flow);
		msg->op = ops[done];
		if (msg->f)
			m->pending[ops[done].flow]++;
		w->pending++;
		w->inflight++;
		done++;
	}
	for (unsigned i = 0; i < m->nthreads; i++)
		publish(&m->w[i]);
	if (!done && n) {
		errno = EAGAIN;
		return 0;
	}
	return (int)done;
}

static int mt_poll(struct mppe_engine *e, struct mppe_completion *out, unsigned max)
{
	struct mt_engine *m = mt(e);
	unsigned n = 0;

	for (unsigned k = 0; k < m->nthreads && n < max; k++) {
		struct mt_worker *w = &m->w[(m->poll_from + k) % m->nthreads];
		uint32_t avail = spsc_cons_avail(&w->out), take = 0;
		while (take < avail && n < max) {
			const struct mppe_completion *c = spsc_cons_slot(&w->out, take);
			/* only an operation on no flow completes with BAD_FLOW */
			if (c->status != MPPE_ERR_BAD_FLOW && c->flow < m->npending && m->pending[c->flow])
				m->pending[c->flow]--;
			out[n++] = *c;
			take++;
		}
		spsc_cons_release(&w->out, take);
		w->inflight -= take;
	}
	m->poll_from = (m->poll_from + 1) % m->nthreads;
	return (int)n;
}

static void mt_ack_event(struct mppe_engine *e)
{
	struct mt_engine *m = mt(e);
	uint64_t v;

	if (read(e->event_fd, &v, sizeof(v)) < 0) {
		/* EAGAIN: nothing was signalled */
	}
	/* re-arm, then look: a completion published before the thread saw
	 * armed set is found here (the mirror of worker_main's order) */
	atomic_store(&m->armed, 1);
	for (unsigned i = 0; i < m->nthreads; i++) {
		if (!spsc_empty_now(&m->w[i].out)) {
			if (atomic_exchange(&m->armed, 0))
				signal_fd(e->event_fd);
			break;
		}
	}
}

static bool mt_flow_in_software(struct mppe_engine *e, uint32_t flow)
{
	(void)e;
	(void)flow;
	return true;
}

static int mt_open(struct mppe_engine *e, const char *arg)
{
	(void)arg;
	return mt_open_threads(e, 2);
}

const struct mppe_backend_ops mppe_backend_sw_mt = {
	.kind = "sw",
	.open = mt_open,
	.close = mt_close,
	.flow_create = mt_flow_create,
	.flow_destroy = mt_flow_destroy,
	.flow_counters = mt_flow_counters,
	.submit = mt_submit,
	.poll = mt_poll,
	.ack_event = mt_ack_event,
	.flow_resume = mt_flow_resume,
	.flow_in_software = mt_flow_in_software,
};
