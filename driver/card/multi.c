/*
 * Several cards as one engine, with the software engine behind them:
 * "cards:SPEC,SPEC,..." where each SPEC is a card engine ("cardsim:SOCKET",
 * "vfio:ADDRESS"). pnsd opens a single card this way too, so every card
 * configuration has the fallback.
 *
 * Placement: a new flow goes to the working card with the fewest flows (the
 * next one on a tie), or to the software engine when no card takes it; a
 * flow stays where it is placed until its card fails. Flow IDs are this
 * engine's own (an index into its table), so a flow keeps its ID when it
 * moves.
 *
 * Failure: a card fails when it is lost (killed simulator, unplugged) or
 * when its driver had to reset it (timeout, fatal error, stopped queue; the
 * card driver is told not to re-create flows, card_engine_forget_on_reset).
 * Every flow of that card then moves to the software engine at once, with
 * no flow lost:
 *   - every completion from a card is followed here (struct mppe_shadow,
 *     one key change per stateless packet), so the host holds each flow's
 *     session key and coherency count, and the software flow continues
 *     exactly where the last completion left it;
 *   - operations in flight on the failed card never reach the wire: they
 *     complete with MPPE_ERR_DEVICE (the PPP layer drops and counts them).
 *     For the peer a lost encrypted packet is simply a packet not sent (the
 *     next one carries the same coherency count); a lost received packet is
 *     loss, which a stateless receiver skips over (RFC 3078 8.1);
 *   - stateful flows: the tx flow flushes (bit A) on its next packet, since
 *     a CCP Reset-Request's reset may have been lost with the card; the rx
 *     flow discards until a flushed packet, so the PPP layer sends a CCP
 *     Reset-Request on the first packet it drops (RFC 3078 8.2).
 * Moved flows stay in software until they end. A lost card is opened again
 * every MULTI_RETRY_MS from poll; once it works, new flows go to it again.
 *
 * Ordering: one flow's operations go to one engine, which keeps them in
 * order; a batch is cut into runs of consecutive operations for the same
 * engine, and submit stops at the first run an engine does not take whole,
 * so what it returns is still a prefix of the batch (engine.h).
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "../backend.h"
#include "card_engine.h"

#define MULTI_MAX       8
#define ON_SW           0xffu      /* mflow.where: the software engine */
#define MULTI_RETRY_MS  5000u
#define LOCAL_CAP       1024u

struct mflow {
	struct mppe_flow_params p;   /* the start key, for a move; wiped on destroy */
	struct mppe_shadow t;        /* the flow as the completions tell it */
	struct mppe_counters base;   /* the card's counters, last read, carried over a move */
	uint32_t inner;              /* its ID on the engine it runs on */
	uint8_t where;               /* card index, or ON_SW */
	uint8_t live;
	/* mppe_flow_create_start on a card, its completion not yet come: it
	 * takes no operation; `cookie` is the caller's */
	uint8_t pending;
	uint32_t pending_epoch;      /* its card's epoch when the create started */
	uint64_t cookie;
	/* moved off a working card (a forged packet moved its state there):
	 * the card context it leaves, freed with the flow */
	uint8_t held, held_card;
	uint32_t held_inner, held_epoch;
};

struct mcard {
	struct mppe_engine *e;       /* up; NULL: not yet, or lost and closed (opened again later) */
	struct mppe_engine *opening; /* being opened: its bring-up runs from poll (card_opening) */
	struct mppe_engine *dying;   /* lost, closed once its operations have come back */
	char spec[256];
	uint32_t *owner;             /* card's own flow ID -> ours */
	uint32_t cap;                /* its max flows */
	uint32_t flows;              /* live flows on it */
	uint64_t resets_seen;
	uint64_t next_try_ms;
	uint32_t epoch;              /* failures so far */
	bool was_up;                 /* its first bring-up finished */
	/* opening again after a failure runs on a thread of its own: the
	 * connection and first register round trips wait for the card (a
	 * stopped cardsim: 10 s each try), never the caller's loop */
	pthread_t opener;
	bool opener_running;         /* the caller's: joined once `opened_done` */
	int opened_done;             /* atomic: the opener finished */
	struct mppe_engine *opened;  /* its result, read after the join */
	unsigned step_max_ms;        /* the longest step of its bring-up (each holds the caller) */
	struct card_engine_stats gone;   /* counters of closed instances */
};

struct multi {
	unsigned n;
	struct mcard card[MULTI_MAX];
	struct mppe_engine *sw;
	uint32_t *sw_owner, sw_cap;  /* software flow ID -> ours */
	struct mflow *fl;            /* our flow IDs index this */
	uint32_t fl_cap, fl_hint;
	unsigned rr;                 /* next card to poll first, and tie-break */
	int epfd;
	uint64_t moved, retries;
	/* operations that could not be handed to any engine (a card found lost
	 * in the middle of a submit), completed here with MPPE_ERR_DEVICE */
	struct mppe_completion local[LOCAL_CAP];
	unsigned local_head, local_tail;  /* free-running */
};

static struct multi *mu(struct mppe_engine *e)
{
	return e->priv;
}

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void add_stats(struct card_engine_stats *to, const struct card_engine_stats *s)
{
	to->bad_cqes += s->bad_cqes;
	to->bad_lengths += s->bad_lengths;
	to->card_errors += s->card_errors;
	to->timeouts += s->timeouts;
	to->fatal_errors += s->fatal_errors;
	to->queue_errors += s->queue_errors;
	to->resets += s->resets;
	to->failed_ops += s->failed_ops;
	to->forged += s->forged;
	to->async_reads += s->async_reads;
	to->admin_pending += s->admin_pending;
	to->reads_waiting += s->reads_waiting;
	for (unsigned q = 0; q < CARD_ENGINE_QUEUES; q++)
		to->queue_completions[q] += s->queue_completions[q];
}

static void card_close_keep_stats(struct mcard *k, struct mppe_engine *e)
{
	struct card_engine_stats s;

	if (!e)
		return;
	if (card_engine_stats(e, &s) == 0) {
		s.admin_pending = s.reads_waiting = 0;   /* gauges: nothing of a closed card waits */
		add_stats(&k->gone, &s);
	}
	mppe_engine_close(e);
}

static void multi_close(struct mppe_engine *e)
{
	struct multi *m = mu(e);

	if (!m)
		return;
	for (unsigned i = 0; i < m->n; i++) {
		if (m->card[i].opener_running) {
			/* bounded by the socket's timeouts */
			pthread_join(m->card[i].opener, NULL);
			mppe_engine_close(m->card[i].opened);
		}
		mppe_engine_close(m->card[i].e);
		mppe_engine_close(m->card[i].opening);
		mppe_engine_close(m->card[i].dying);
		free(m->card[i].owner);
	}
	mppe_engine_close(m->sw);
	if (m->fl) {
		explicit_bzero(m->fl, m->fl_cap * sizeof(*m->fl));
		free(m->fl);
	}
	free(m->sw_owner);
	if (m->epfd >= 0)
		close(m->epfd);
	free(m);
	e->priv = NULL;
}

static int watch(struct multi *m, struct mppe_engine *e, uint32_t tag)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = tag };

	if (mppe_event_fd(e) < 0)
		return 0;
	return epoll_ctl(m->epfd, EPOLL_CTL_ADD, mppe_event_fd(e), &ev);
}

/* Starts opening card i (again), never waiting for its bring-up, which
 * card_opening follows from poll. */
static int card_open_begin(struct multi *m, unsigned i)
{
	struct mcard *k = &m->card[i];

	k->opening = mppe_engine_open_start(k->spec);
	return k->opening ? 0 : -1;
}

static void *opener_main(void *arg)
{
	struct mcard *k = arg;

	k->opened = mppe_engine_open_start(k->spec);
	__atomic_store_n(&k->opened_done, 1, __ATOMIC_RELEASE);
	return NULL;
}

/* From poll, card i lost: opens it again on a thread (opener_main); 0
 * started, -1 not. */
static int card_reopen_begin(struct multi *m, unsigned i)
{
	struct mcard *k = &m->card[i];

	k->opened = NULL;
	k->opened_done = 0;
	if (pthread_create(&k->opener, NULL, opener_main, k) != 0)
		return -1;
	k->opener_running = true;
	return 0;
}

/* The opener finished: its engine's bring-up goes on from poll
 * (card_opening); false while it runs. */
static bool card_reopen_done(struct mcard *k)
{
	if (!__atomic_load_n(&k->opened_done, __ATOMIC_ACQUIRE))
		return false;
	pthread_join(k->opener, NULL);
	k->opener_running = false;
	k->opening = k->opened;
	k->opened = NULL;
	if (!k->opening)
		k->next_try_ms = now_ms() + MULTI_RETRY_MS;
	return true;
}

/* Card i's bring-up finished: it takes flows from now on; a card reset
 * then drops its flows (we move them). */
static int card_ready(struct multi *m, unsigned i, struct mppe_engine *e)
{
	struct mcard *k = &m->card[i];
	struct card_engine_stats s;
	uint32_t cap;

	cap = mppe_engine_max_flows(e);
	if (!k->owner) {
		k->owner = calloc(cap, sizeof(*k->owner));
		k->cap = cap;
	} else if (cap != k->cap) {
		/* another card in its place: not the one we numbered flows for */
		mppe_set_error("cards: %s now has %u flows, not %u", k->spec, cap, k->cap);
		mppe_engine_close(e);
		errno = EPROTO;
		return -1;
	}
	if (!k->owner || watch(m, e, i) < 0) {
		mppe_engine_close(e);
		return -1;
	}
	card_engine_forget_on_reset(e);
	k->resets_seen = card_engine_stats(e, &s) == 0 ? s.resets : 0;
	k->e = e;
	k->flows = 0;
	return 0;
}

/* From poll: a card being opened, one step (never waits). */
static void card_opening(struct multi *m, struct mppe_engine *me, unsigned i)
{
	struct mcard *k = &m->card[i];
	struct mppe_engine *e = k->opening;
	uint64_t t0 = now_ms();
	int r = mppe_engine_open_step(e);
	unsigned held_ms = (unsigned)(now_ms() - t0);

	if (held_ms > k->step_max_ms)
		k->step_max_ms = held_ms;

	if (r == 0)
		return;
	k->opening = NULL;
	k->next_try_ms = now_ms() + MULTI_RETRY_MS;
	if (r < 0) {
		fprintf(stderr, "cards: %s: %s; trying again in %u s\n", k->spec, mppe_engine_error(),
			MULTI_RETRY_MS / 1000);
		mppe_engine_close(e);
		return;
	}
	if (card_ready(m, i, e) < 0)     /* it closed e */
		return;
	k->was_up = true;
	me->max_flows = 0;
	for (unsigned j = 0; j < m->n; j++)
		me->max_flows += m->card[j].cap;
	/* each step is register round trips to the card: how long the longest held us */
	fprintf(stderr, "cards: %s is up: new flows go to it (longest bring-up step %u ms)\n", k->spec,
		k->step_max_ms);
	k->step_max_ms = 0;
}

static int multi_open(struct mppe_engine *e, const char *arg)
{
	char specs[1024], *save = NULL, *s;
	struct multi *m = calloc(1, sizeof(*m));

	if (!m)
		return -1;
	m->epfd = -1;
	e->priv = m;
	if (snprintf(specs, sizeof(specs), "%s", arg) >= (int)sizeof(specs)) {
		mppe_set_error("cards: the list is too long");
		errno = EINVAL;
		goto fail;
	}
	m->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (m->epfd < 0)
		goto fail;
	m->sw = mppe_engine_open("sw");
	if (!m->sw || watch(m, m->sw, ON_SW) < 0)
		goto fail;
	for (s = strtok_r(specs, ",", &save); s; s = strtok_r(NULL, ",", &save)) {
		if (m->n == MULTI_MAX || (strncmp(s, "cardsim:", 8) && strncmp(s, "vfio:", 5)) ||
		    strlen(s) >= sizeof(m->card[0].spec)) {
			mppe_set_error("cards: '%s': %s", s, m->n == MULTI_MAX ? "at most 8 cards" :
				       "each entry is cardsim:SOCKET or vfio:ADDRESS");
			errno = EINVAL;
			goto fail;
		}
		snprintf(m->card[m->n].spec, sizeof(m->card[0].spec), "%s", s);
		/* only what fails at once fails here (no socket or device, not
		 * our card); the bring-up runs from poll, flows go to software
		 * until the card is up (pnsd listens meanwhile) */
		if (card_open_begin(m, m->n) < 0) {
			char why[900];
			snprintf(why, sizeof(why), "%s", mppe_engine_error());
			mppe_set_error("cards: %s: %s", s, why);
			goto fail;
		}
		m->n++;
	}
	if (m->n == 0) {
		mppe_set_error("cards: no card named (cards:cardsim:SOCKET,vfio:ADDRESS,...)");
		errno = EINVAL;
		goto fail;
	}
	e->event_fd = m->epfd;
	e->max_flows = 0;            /* counted as cards come up (card_opening) */
	if (m->n == 1)
		snprintf(e->label, sizeof(e->label), "%s", mppe_engine_label(m->card[0].opening));
	else
		snprintf(e->label, sizeof(e->label), "Hardware (%u cards)", m->n);
	return 0;
fail: {
		int err = errno ? errno : EIO;
		multi_close(e);
		errno = err;
		return -1;
	}
}

static struct mflow *flow_of(struct multi *m, uint32_t flow)
{
	if (flow >= m->fl_cap || !m->fl[flow].live) {
		errno = ENOENT;
		return NULL;
	}
	return &m->fl[flow];
}

/* A free entry of our flow table (grown by doubling). */
static int fl_alloc(struct multi *m, uint32_t *id)
{
	uint32_t i;

	for (i = m->fl_hint; i < m->fl_cap && m->fl[i].live; i++)
		;
	if (i == m->fl_cap) {
		uint32_t n = m->fl_cap ? 2 * m->fl_cap : 256;
		struct mflow *g;
		if (n > (1u << 24)) {
			errno = ENOSPC;
			return -1;
		}
		g = realloc(m->fl, n * sizeof(*g));
		if (!g)
			return -1;
		memset(g + m->fl_cap, 0, (n - m->fl_cap) * sizeof(*g));
		m->fl = g;
		m->fl_cap = n;
	}
	m->fl_hint = i + 1;
	*id = i;
	return 0;
}

static void fl_free(struct multi *m, uint32_t id)
{
	explicit_bzero(&m->fl[id], sizeof(m->fl[id]));
	if (id < m->fl_hint)
		m->fl_hint = id;
}

static int sw_own(struct multi *m, uint32_t swid, uint32_t id)
{
	if (swid >= m->sw_cap) {
		uint32_t n = m->sw_cap ? m->sw_cap : 256;
		uint32_t *g;
		while (n <= swid)
			n *= 2;
		g = realloc(m->sw_owner, n * sizeof(*g));
		if (!g)
			return -1;
		m->sw_owner = g;
		m->sw_cap = n;
	}
	m->sw_owner[swid] = id;
	return 0;
}

/* One flow of a card continues in software from its shadow. */
static void move_flow(struct multi *m, uint32_t id)
{
	struct mflow *f = &m->fl[id];
	uint32_t swid;

	if (m->sw->ops->flow_resume(m->sw, &f->p, &f->t, &swid) < 0 || sw_own(m, swid, id) < 0) {
		/* out of memory: the flow's operations fail from now on */
		f->where = ON_SW;
		f->inner = UINT32_MAX;
		return;
	}
	f->where = ON_SW;
	f->inner = swid;
	m->moved++;
}

/*
 * Card i failed (lost, or reset by its driver, which then forgot its
 * flows): every flow on it continues in software from its shadow. A lost
 * card is closed once the operations it still owes have come back (as
 * MPPE_ERR_DEVICE), and opened again later.
 */
static void card_failed(struct multi *m, unsigned i, bool lost)
{
	struct mcard *k = &m->card[i];

	fprintf(stderr, "cards: %s %s: moving its %u flows to the software engine\n", k->spec,
		lost ? "lost" : "was reset", k->flows);
	for (uint32_t id = 0; id < m->fl_cap; id++) {
		/* a flow still being created there goes to software when the
		 * card's answer (MPPE_ERR_DEVICE) comes: created_on_card */
		if (m->fl[id].live && m->fl[id].where == i && !m->fl[id].pending)
			move_flow(m, id);
	}
	k->flows = 0;
	k->epoch++;
	if (lost) {
		k->dying = k->e;
		k->e = NULL;
		k->next_try_ms = now_ms() + MULTI_RETRY_MS;
	}
}

/* After any call into card i: did it fail meanwhile? */
static void check_card(struct multi *m, unsigned i)
{
	struct mcard *k = &m->card[i];
	struct card_engine_stats s;

	if (!k->e || card_engine_stats(k->e, &s) < 0)
		return;
	if (s.lost)
		card_failed(m, i, true);
	else if (s.resets != k->resets_seen) {
		k->resets_seen = s.resets;
		card_failed(m, i, false);
	}
}

/* The order in which cards are tried for a new flow: fewest flows first. */
static void placement(struct multi *m, unsigned order[MULTI_MAX])
{
	for (unsigned i = 0; i < m->n; i++)
		order[i] = (m->rr + i) % m->n;
	for (unsigned i = 1; i < m->n; i++)
		for (unsigned j = i; j > 0 && m->card[order[j]].flows < m->card[order[j - 1]].flows; j--) {
			unsigned t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
}

/*
 * For mppe_engine_open (tests, tools): waits until every card has finished
 * its first bring-up; one that failed fails the open, as it always did.
 * pnsd does not wait (mppe_engine_open_start): its poll brings cards up.
 */
static int multi_open_step(struct mppe_engine *e)
{
	struct multi *m = mu(e);
	bool opening = false;

	for (unsigned i = 0; i < m->n; i++) {
		struct mcard *k = &m->card[i];
		if (k->opening)
			card_opening(m, e, i);
		if (k->opening)
			opening = true;
		else if (!k->was_up) {
			char why[900];
			snprintf(why, sizeof(why), "%s", mppe_engine_error());
			mppe_set_error("cards: %s: %s", k->spec, why);
			errno = EIO;
			return -1;
		}
	}
	return opening ? 0 : 1;
}

static int multi_flow_create(struct mppe_engine *e, const struct mppe_flow_params *p, uint32_t *flow)
{
	struct multi *m = mu(e);
	unsigned order[MULTI_MAX], k = 0;
	struct mflow *f;
	uint32_t id, inner;

	if (fl_alloc(m, &id) < 0)
		return -1;
	f = &m->fl[id];
	/* fewest flows first; a card that refuses (full, dead) passes to the next */
	placement(m, order);
	for (; k < m->n; k++) {
		unsigned c = order[k];
		struct mcard *kc = &m->card[c];
		uint32_t epoch = kc->epoch;
		int r;
		if (!kc->e)
			continue;
		r = mppe_flow_create(kc->e, p, &inner);
		if (r == 0 && inner >= kc->cap) {
			mppe_flow_destroy(kc->e, inner);
			r = -1;
		}
		check_card(m, c);        /* an admin timeout resets the card, which forgets the flow */
		if (r == 0 && kc->epoch == epoch) {
			kc->flows++;
			kc->owner[inner] = id;
			m->rr = (c + 1) % m->n;
			*f = (struct mflow){ .p = *p, .inner = inner, .where = (uint8_t)c, .live = 1 };
			mppe_shadow_init(&f->t, p);
			*flow = id;
			return 0;
		}
	}
	/* no card takes it: software, from the start */
	if (mppe_flow_create(m->sw, p, &inner) < 0 || sw_own(m, inner, id) < 0)
		return -1;
	*f = (struct mflow){ .p = *p, .inner = inner, .where = ON_SW, .live = 1 };
	*flow = id;
	return 0;
}

/* A card's create cookie: our flow ID and the card's epoch when it started. */
#define CREATE_COOKIE(id, epoch) ((uint64_t)(id) | (uint64_t)(epoch) << 32)

/*
 * Never waits for a card (issue 18): the flow is placed as by
 * multi_flow_create; on a card its create is only started, and completes
 * through poll (created_on_card). A card that refuses it, or fails before
 * it completes, leaves it to the software engine: the caller gets a
 * created flow either way, unless software cannot make it either.
 */
static int multi_flow_create_start(struct mppe_engine *e, const struct mppe_flow_params *p, uint64_t cookie,
				   uint32_t *flow)
{
	struct multi *m = mu(e);
	unsigned order[MULTI_MAX];
	struct mflow *f;
	uint32_t id, inner;

	if (fl_alloc(m, &id) < 0)
		return -1;
	f = &m->fl[id];
	placement(m, order);
	for (unsigned k = 0; k < m->n; k++) {
		unsigned c = order[k];
		struct mcard *kc = &m->card[c];
		uint32_t epoch = kc->epoch;
		int r;
		if (!kc->e)
			continue;
		r = mppe_flow_create_start(kc->e, p, CREATE_COOKIE(id, epoch), &inner);
		check_card(m, c);
		if (r == 0 && kc->epoch == epoch) {
			kc->flows++;
			m->rr = (c + 1) % m->n;
			*f = (struct mflow){ .p = *p, .inner = UINT32_MAX, .where = (uint8_t)c, .live = 1,
					     .pending = 1, .pending_epoch = epoch, .cookie = cookie };
			mppe_shadow_init(&f->t, p);
			return 0;
		}
		if (r == 0)
			break;      /* failed at once: its completion is dropped (created_on_card) */
	}
	if (mppe_flow_create(m->sw, p, &inner) < 0 || sw_own(m, inner, id) < 0)
		return -1;
	*f = (struct mflow){ .p = *p, .inner = inner, .where = ON_SW, .live = 1 };
	*flow = id;
	return 1;
}

/*
 * A card's answer to a create started by multi_flow_create_start, in place
 * as the caller's completion (1), or dropped (0: no flow waits for it).
 */
static int created_on_card(struct multi *m, unsigned where, struct mppe_completion *c)
{
	uint32_t id = (uint32_t)c->cookie, epoch = (uint32_t)(c->cookie >> 32), inner = c->flow;
	struct mcard *k = &m->card[where];
	struct mflow *f = id < m->fl_cap && m->fl[id].live ? &m->fl[id] : NULL;
	bool on_card = c->status == MPPE_OK && k->e && k->epoch == epoch && inner < k->cap;

	if (!f || !f->pending || f->where != where || f->pending_epoch != epoch) {
		if (on_card)
			mppe_flow_destroy(k->e, inner);      /* nobody waits for it */
		return 0;
	}
	f->pending = 0;
	*c = (struct mppe_completion){ .cookie = f->cookie, .flow = id, .opcode = MPPE_OP_FLOW_CREATED };
	if (on_card) {
		f->inner = inner;
		k->owner[inner] = id;
		return 1;
	}
	/* refused (full) or the card failed meanwhile: software, from the start */
	if (k->epoch == epoch && k->flows)
		k->flows--;
	if (mppe_flow_create(m->sw, &f->p, &inner) < 0 || sw_own(m, inner, id) < 0) {
		c->status = MPPE_ERR_NO_SPACE;
		fl_free(m, id);
		return 1;
	}
	f->where = ON_SW;
	f->inner = inner;
	return 1;
}

static int multi_flow_destroy(struct mppe_engine *e, uint32_t flow)
{
	struct multi *m = mu(e);
	struct mflow *f = flow_of(m, flow);

	if (!f)
		return -1;
	if (f->where == ON_SW) {
		struct mcard *k = &m->card[f->held_card];
		if (f->inner != UINT32_MAX)
			mppe_flow_destroy(m->sw, f->inner);
		if (f->held && k->e && k->epoch == f->held_epoch) {
			mppe_flow_destroy(k->e, f->held_inner);
			k->flows--;
			check_card(m, f->held_card);
		}
	} else {
		struct mcard *k = &m->card[f->where];
		mppe_flow_destroy(k->e, f->inner);
		k->flows--;
		check_card(m, f->where);
	}
	fl_free(m, flow);
	return 0;
}

static void add_counters(struct mppe_counters *out, const struct mppe_counters *base)
{
	out->packets += base->packets;
	out->bytes += base->bytes;
	out->key_changes += base->key_changes;
	out->ccp_resets += base->ccp_resets;
	out->rx_dropped += base->rx_dropped;
	out->rx_out_of_order += base->rx_out_of_order;
	out->rx_missed += base->rx_missed;
	out->rx_rekey_limited += base->rx_rekey_limited;
	out->rx_implausible += base->rx_implausible;
	out->sanity_errors += base->sanity_errors;
}

static int multi_flow_counters(struct mppe_engine *e, uint32_t flow, struct mppe_counters *out)
{
	struct multi *m = mu(e);
	struct mflow *f = flow_of(m, flow);
	int r;

	if (!f)
		return -1;
	if (f->where == ON_SW) {
		if (f->inner == UINT32_MAX || mppe_flow_read_counters(m->sw, f->inner, out) < 0)
			return -1;
		/* a moved flow: what its card counted (as last read) goes on */
		add_counters(out, &f->base);
		return 0;
	}
	r = mppe_flow_read_counters(m->card[f->where].e, f->inner, out);
	if (r == 0)
		f->base = *out;
	check_card(m, f->where);
	if (r < 0 && f->where == ON_SW)
		return multi_flow_counters(e, flow, out);   /* it just moved */
	return r;
}

/* The same without blocking: a card's answer is its last read sent at or
 * after since_ms (0: any), and poll sends and collects the next one. */
static int multi_flow_counters_since(struct mppe_engine *e, uint32_t flow, uint64_t since_ms,
				     struct mppe_counters *out)
{
	struct multi *m = mu(e);
	struct mflow *f = flow_of(m, flow);
	int r;

	if (!f)
		return -1;
	if (f->where == ON_SW)
		return multi_flow_counters(e, flow, out);
	r = mppe_flow_counters_since(m->card[f->where].e, f->inner, since_ms, out);
	if (r == 0)
		f->base = *out;
	check_card(m, f->where);
	if (r < 0 && f->where == ON_SW)
		return multi_flow_counters(e, flow, out);   /* it just moved */
	return r;
}

static struct mppe_engine *engine_at(struct multi *m, unsigned where)
{
	return where == ON_SW ? m->sw : m->card[where].e;
}

static int multi_submit(struct mppe_engine *e, const struct mppe_op *ops, unsigned n)
{
	struct multi *m = mu(e);
	struct mppe_op run[64];
	unsigned done = 0;
	int first_err = 0;

	/* a card found failed moves its flows before any of them is submitted */
	for (unsigned i = 0; i < m->n; i++)
		check_card(m, i);
	while (done < n) {
		struct mflow *f = flow_of(m, ops[done].flow);
		unsigned where, k = 0;
		struct mppe_engine *to;
		int r;
		if (!f) {
			/* an unknown flow: the batch stops before it, as for any refusal */
			first_err = ENOENT;
			break;
		}
		where = f->where;
		while (done + k < n && k < 64) {
			struct mflow *g = flow_of(m, ops[done + k].flow);
			if (!g || g->where != where)
				break;
			run[k] = ops[done + k];
			run[k].flow = g->inner;
			k++;
		}
		to = engine_at(m, where);
		r = to && !(where == ON_SW && f->inner == UINT32_MAX) ? mppe_submit(to, run, k) : (errno = ENODEV, -1);
		if (where != ON_SW)
			check_card(m, where);
		if (r < 0 && errno == ENODEV) {
			/* gone between the check and the submit: these fail, the batch goes on */
			if (LOCAL_CAP - (m->local_tail - m->local_head) < k)
				break;
			for (unsigned i = 0; i < k; i++)
				m->local[m->local_tail++ % LOCAL_CAP] = (struct mppe_completion){
					.cookie = ops[done + i].cookie, .flow = ops[done + i].flow,
					.opcode = ops[done + i].opcode, .status = MPPE_ERR_DEVICE };
			r = (int)k;
		}
		if (r < 0) {
			first_err = errno;
			break;
		}
		done += (unsigned)r;
		if ((unsigned)r < k)
			break;                   /* back-pressure from that engine */
	}
	if (!done && n) {
		errno = first_err ? first_err : EAGAIN;
		return first_err && first_err != EAGAIN ? -1 : 0;
	}
	return (int)done;
}

/* Completions of engine `where` back to our flow IDs; a card's completions
 * move the shadows of the flows still on it. Returns how many are left
 * (answers to creates nobody waits for are dropped). */
static int translate(struct multi *m, unsigned where, struct mppe_completion *c, int n)
{
	int out = 0;

	for (int i = 0; i < n; i++) {
		if (where != ON_SW && c[i].opcode == MPPE_OP_FLOW_CREATED) {
			if (created_on_card(m, where, &c[i]))
				c[out++] = c[i];
			continue;
		}
		c[out++] = c[i];
	}
	n = out;
	for (int i = 0; i < n; i++) {
		uint32_t inner = c[i].flow, id;
		struct mflow *f;
		if (c[i].opcode == MPPE_OP_FLOW_CREATED)
			continue;               /* already ours */
		if (where == ON_SW) {
			c[i].flow = inner < m->sw_cap ? m->sw_owner[inner] : UINT32_MAX;
			continue;
		}
		id = inner < m->card[where].cap ? m->card[where].owner[inner] : UINT32_MAX;
		c[i].flow = id;
		f = id < m->fl_cap && m->fl[id].live ? &m->fl[id] : NULL;
		if (f && f->where == where && f->inner == inner && (c[i].flags & MPPE_CF_STATE_MOVED)) {
			/* a forged packet moved the card's receive state: the flow
			 * goes on in software from the state before it (the card's
			 * context is freed), so forged packets move no state on a
			 * card either */
			move_flow(m, id);
			/* its card context is freed when the flow is destroyed
			 * (operations still in flight must not meet a new flow) */
			f->held = 1;
			f->held_card = (uint8_t)where;
			f->held_inner = inner;
			f->held_epoch = m->card[where].epoch;
			continue;
		}
		if (f && f->where == where && f->inner == inner &&
		    (c[i].opcode == MPPE_OP_ENCRYPT || c[i].opcode == MPPE_OP_DECRYPT))
			mppe_shadow_track(&f->t, &f->p, c[i].status, c[i].flags & MPPE_CF_FLUSHED,
					  c[i].flags & MPPE_CF_RESET_REQUEST, c[i].ccount,
					  c[i].opcode == MPPE_OP_ENCRYPT ? (c[i].out_len >= 2 ? c[i].out_len - 2u : 0)
									 : c[i].out_len);
	}
	return n;
}

static int poll_one(struct multi *m, unsigned where, struct mppe_engine *e, struct mppe_completion *out, unsigned max)
{
	int r = mppe_poll(e, out, max);

	return r > 0 ? translate(m, where, out, r) : 0;
}

static int multi_poll(struct mppe_engine *e, struct mppe_completion *out, unsigned max)
{
	struct multi *m = mu(e);
	unsigned n = 0;

	while (n < max && m->local_head != m->local_tail)
		out[n++] = m->local[m->local_head++ % LOCAL_CAP];
	for (unsigned i = 0; i < m->n && n < max; i++) {
		unsigned c = (m->rr + i) % m->n;
		struct mcard *k = &m->card[c];
		if (k->e) {
			n += (unsigned)poll_one(m, c, k->e, out + n, max - n);
			check_card(m, c);
		}
		if (k->dying && n < max) {
			/* what a lost card still owes: MPPE_ERR_DEVICE completions */
			n += (unsigned)poll_one(m, c, k->dying, out + n, max - n);
			if (!mppe_inflight(k->dying)) {
				card_close_keep_stats(k, k->dying);
				k->dying = NULL;
			}
		}
	}
	if (n < max)
		n += (unsigned)poll_one(m, ON_SW, m->sw, out + n, max - n);
	/* cards being opened: a step of their bring-up; a lost card: try it
	 * again now and then (a failed open of an absent card is quick: its
	 * socket or device is not there; a card that is there is reset and
	 * brought up in the background, as at start) */
	for (unsigned c = 0; c < m->n; c++) {
		struct mcard *k = &m->card[c];
		if (k->opening) {
			card_opening(m, e, c);
			continue;
		}
		if (k->opener_running) {
			card_reopen_done(k);
			continue;
		}
		if (k->e || k->dying || now_ms() < k->next_try_ms)
			continue;
		m->retries++;
		if (card_reopen_begin(m, c) < 0)
			k->next_try_ms = now_ms() + MULTI_RETRY_MS;
	}
	m->rr = (m->rr + 1) % m->n;      /* no card starves the others */
	return (int)n;
}

static void multi_ack_event(struct mppe_engine *e)
{
	struct multi *m = mu(e);

	for (unsigned i = 0; i < m->n; i++) {
		if (m->card[i].e)
			mppe_ack_event(m->card[i].e);
		if (m->card[i].dying)
			mppe_ack_event(m->card[i].dying);
	}
	mppe_ack_event(m->sw);
}

static int multi_stats(struct mppe_engine *e, struct card_engine_stats *out)
{
	struct multi *m = mu(e);

	memset(out, 0, sizeof(*out));
	for (unsigned i = 0; i < m->n; i++) {
		struct card_engine_stats s;
		add_stats(out, &m->card[i].gone);
		if (m->card[i].dying && card_engine_stats(m->card[i].dying, &s) == 0)
			add_stats(out, &s);
		if (m->card[i].e && card_engine_stats(m->card[i].e, &s) == 0) {
			add_stats(out, &s);
			out->cards_up += !s.lost;
		}
		out->flows_card += m->card[i].flows;
	}
	for (uint32_t id = 0; id < m->fl_cap; id++) {
		out->flows_sw += m->fl[id].live && m->fl[id].where == ON_SW;
		out->flows_creating += m->fl[id].live && m->fl[id].pending;
	}
	out->cards = m->n;
	out->lost = out->cards_up == 0;
	out->flows_moved = m->moved;
	out->card_retries = m->retries;
	return 0;
}

static bool multi_in_software(struct mppe_engine *e, uint32_t flow)
{
	struct mflow *f = flow_of(mu(e), flow);

	return f && f->where == ON_SW;
}

struct mppe_engine *multi_card(struct mppe_engine *e, unsigned i)
{
	if (e->ops != &mppe_backend_multi || i >= mu(e)->n)
		return NULL;
	return mu(e)->card[i].e;
}

const struct mppe_backend_ops mppe_backend_multi = {
	.kind = "cards",
	.open = multi_open,
	.open_step = multi_open_step,
	.close = multi_close,
	.flow_create = multi_flow_create,
	.flow_create_start = multi_flow_create_start,
	.flow_destroy = multi_flow_destroy,
	.flow_counters = multi_flow_counters,
	.flow_counters_since = multi_flow_counters_since,
	.submit = multi_submit,
	.poll = multi_poll,
	.ack_event = multi_ack_event,
	.stats = multi_stats,
	.flow_in_software = multi_in_software,
};
