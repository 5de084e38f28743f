/*
 * The card as an engine backend ("cardsim:SOCKET", "vfio:PCI-ADDRESS"):
 * the engine API of mppe/engine.h on top of the card's queue pairs.
 *
 *   - queue 0 (admin) creates, destroys and reads flows through the
 *     management core's firmware. What an event loop asks for (a create
 *     started with mppe_flow_create_start, every destroy, counter reads
 *     asked with mppe_flow_peek_counters) is queued, sent and collected by
 *     poll, never waited for; only the blocking calls (mppe_flow_create,
 *     mppe_flow_read_counters, mppecardctl's commands) wait;
 *   - data queues 1..N carry the operations; a flow always uses queue
 *     1 + flow mod N, so its operations stay in order (the card keeps one
 *     flow's operations in order, not operations spread over queues);
 *   - each submission slot has a bounce buffer in DMA memory: the caller's
 *     buffers need not be DMA-able, and a card that misbehaves can only
 *     write into the bounce buffer, never into the caller's memory beyond
 *     the length the driver checked;
 *   - every completion is checked (its CID must be one in flight on that
 *     queue, its length must be what the operation produces) before any
 *     byte reaches the caller;
 *   - operations that wait longer than the timeout, a card that reports a
 *     fatal error, or a card that vanished end in MPPE_ERR_DEVICE
 *     completions; the card is then reset and its flows created again.
 *
 * One card, several event loops ("SPEC@I/N", pnsd -W N, docs/workers.md):
 * the N engines opened with the same SPEC share one device (struct
 * card_shared: the connection, the reset and bring-up, the admin queue);
 * engine I owns the data queues q with (q - 1) mod N == I, their vectors
 * and bounce buffers, and its own flows (IDs are the card's, so no two
 * engines hold one). Nothing on the data path is shared. The admin queue
 * is one per card: every use of it is under the share's lock, which an
 * event loop only ever tries (share_trylock): when another loop holds it,
 * the caller marks itself in `want` and goes on; the holder, letting go,
 * wakes every loop marked (an eventfd per engine, in its epoll set), which
 * tries again from its poll. The holder collects every admin completion
 * and hands another engine's to it (its inbox, and its eventfd). A failure
 * any engine sees (timeout, fatal error, lost card) fails the card for all
 * of them; none resets a shared card itself.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "../backend.h"
#include "card_engine.h"
#include "card_dev.h"
#include "counters.h"
#include "queue.h"

#define DQ_LOG2         8          /* data queues: 256 entries */
#define ADM_LOG2        4
#define SLOT_IN         2304u      /* bounce buffer halves: input, output */
#define SLOT_OUT        2304u
#define SLOT_BYTES      (SLOT_IN + SLOT_OUT)
#define LOCAL_CAP       4096u      /* completions made by the driver itself */
#define ADM_BUF_BYTES   4096u

struct slot {
	uint64_t cookie;
	uint64_t t_submit_ms;
	uint8_t *out;
	uint32_t flow;
	uint16_t cid;
	uint16_t uses;               /* generation: high bits of the CID */
	uint16_t in_len;
	uint16_t out_cap;
	uint8_t opcode;
	uint8_t busy;
};

/*
 * Completions of different flows come back in any order, so a submission
 * slot is not reusable just because later entries completed: slots come
 * from a free list, and the CID names the slot (low bits) and how many
 * times it was used (high bits), so a late or repeated completion for an
 * older use of the slot is recognised and refused. The free list is a
 * FIFO, so every slot is used in turn and its use count (8 bits with 256
 * slots) wraps only after 65,536 submissions on the queue, not after 256
 * uses of one hot slot as a stack would allow.
 */
struct dq {
	struct card_qp qp;
	struct card_dma bounce;
	struct slot *slots;          /* CQ size of them */
	uint16_t *free;              /* free slot indexes, a ring of CQ size */
	unsigned free_head, free_tail;   /* free-running; nfree = tail - head */
	uint64_t t_progress_ms;      /* last good completion, or the queue's set-up */
};

static unsigned dq_nfree(const struct dq *d)
{
	return d->free_tail - d->free_head;
}

static void slot_put(struct dq *d, unsigned idx)
{
	d->free[d->free_tail++ & ((1u << d->qp.cq_log2) - 1)] = (uint16_t)idx;
}

static unsigned slot_get(struct dq *d)
{
	return d->free[d->free_head++ & ((1u << d->qp.cq_log2) - 1)];
}

/* flowrec.ending: the caller destroyed the flow, its card context is not
 * free yet. The card runs admin and data queues independently, so the
 * FLOW_DESTROY waits until the flow's operations in flight have completed
 * (none of them may meet the next flow the firmware puts in that context). */
enum { ENDING_NO, ENDING_DRAIN, ENDING_SENT };

struct flowrec {
	struct mppe_flow_params p;  /* kept for re-creation after a card reset; wiped on destroy */
	uint8_t live;
	uint8_t ending;              /* ENDING_*: destroyed, context not yet freed on the card */
	uint8_t cached;              /* `cache` holds a read (card_flow_counters_since) */
	uint8_t asked;               /* a read of it is queued or on the card */
	uint32_t inflight;           /* its operations on the data queues */
	struct card_counter_ext ext;  /* the card's counters carried to 64 bits and across resets */
	struct mppe_counters cache;   /* the last read, 64-bit */
	uint64_t cache_ms;            /* when that read was sent (CLOCK_MONOTONIC ms) */
};

/*
 * Admin commands that never block (issue 18: an event loop must not wait
 * for the card's management core, which on cardsim takes from 10 ms to over
 * a second per command on a busy machine): flow creates started with
 * mppe_flow_create_start, every flow destroy, and counter reads
 * (card_flow_counters_since). Each is queued on the host, sent by card_poll
 * (or at once) while the admin ring has room, and its completion is
 * collected by card_poll (adm_complete): a create's as an
 * MPPE_OP_FLOW_CREATED completion. At most one counter read is on the card
 * at a time, so the admin DMA window is its own; a blocking admin command
 * first waits until nothing sent here is left on the card.
 */
#define ASK_CAP 256u
#define ADM_SLOTS (1u << ADM_LOG2)
#define ADM_WAIT_CREATES 1024u       /* more creates waiting: EAGAIN (multi.c: software) */
enum adm_kind { ADM_FREE, ADM_CREATE, ADM_DESTROY, ADM_READ };
struct adm_cmd {
	uint8_t kind;
	uint16_t cid;                /* on the card */
	uint32_t flow;               /* DESTROY, READ */
	uint64_t cookie;             /* CREATE */
	uint64_t t_ms;               /* when it was sent */
	struct mppe_flow_params p;   /* CREATE (a key): wiped once the flow has it or it failed */
};
struct async_adm {
	struct adm_cmd *wait;        /* not yet sent, FIFO of wait_cap (a power of two, grows) */
	unsigned wait_cap, wait_head, wait_tail;   /* free-running */
	unsigned wait_creates;
	struct adm_cmd sent[ADM_SLOTS];   /* on the card */
	unsigned nsent;
	bool reading;                /* a FLOW_COUNTERS is on the card */
	uint32_t ask[ASK_CAP];       /* flows whose read is asked, FIFO */
	unsigned head, tail;         /* free-running */
};

enum bringup { BU_RESETTING, BU_BOOTING, BU_SETUP, BU_UP, BU_FAILED };

_Static_assert(CARD_ENGINE_QUEUES == CARD_NUM_QUEUES, "card_engine.h's queue count is the contract's");
#define VIEW_MAX  (CARD_NUM_QUEUES - 1)   /* engines on one card: a data queue each at least */
#define INBOX_CAP (2u * ADM_SLOTS)

/* What the engines on one card share ("SPEC@I/N"; a card of one engine has
 * one of its own). */
struct card_shared {
	struct card_shared *next;    /* the registry */
	char key[256];               /* SPEC without "@I/N"; "" when not shared */
	unsigned refs;               /* under reg_lock */
	unsigned nviews, views;      /* N; engines attached (bit I), under reg_lock */
	struct card_dev *dev;
	/* the admin queue, the bring-up, the inboxes: under `lock`, which
	 * event loops only try (share_trylock) */
	pthread_mutex_t lock;
	struct card_qp adm;
	uint16_t adm_seq;            /* CID = seq << 4 | engine */
	uint32_t num_flows, irq_cfg;
	unsigned card_nq;            /* data queues the card has */
	enum bringup bringup;
	uint64_t bu_deadline_ms;
	struct card_rdreq bu_rd;     /* the bring-up's STATUS read (never waited for) */
	int bu_err;
	int failed;                  /* atomic: an engine found the card failed */
	unsigned want;               /* atomic: engines that found `lock` taken */
	int wake[VIEW_MAX];          /* eventfd per engine, in its epoll set; made with the share */
	struct {
		struct card_cqe q[INBOX_CAP];
		unsigned n;
	} inbox[VIEW_MAX];           /* admin completions collected by another engine */
};

struct card_engine {
	struct card_shared *sh;
	unsigned view;               /* I of "@I/N"; 0 */
	struct card_dev *dev;        /* sh->dev */
	struct card_dma adm_buf;     /* this engine's counter reads */
	struct dq dq[CARD_NUM_QUEUES - 1];
	unsigned qid[CARD_NUM_QUEUES - 1];   /* the card's queue number of dq[i] */
	unsigned nq;                 /* data queues of this engine */
	struct mppe_completion local[LOCAL_CAP];
	unsigned local_head, local_tail;       /* free-running */
	struct flowrec *flows;
	uint32_t num_flows;
	uint32_t irq_cfg;
	int epfd;
	/* Bring-up (card_open_step): the card was reset by open and is waiting
	 * for the firmware's boot and self-test; nothing else runs before UP. */
	enum bringup bringup;       /* BU_RESETTING: the share's bring-up runs */
	unsigned bu_queue;          /* BU_SETUP: the next queue to set up */
	uint64_t bu_last_ms;
	int bu_err;
	bool dead;                  /* the card is gone; only local completions remain */
	bool recovering;            /* inside recover(): an admin failure must not recurse */
	bool forget_on_reset;       /* a reset drops every flow (multi.c moves them) instead of re-creating them */
	bool adm_irq;               /* took vector 0: collect the admin answers (they may be another loop's) */
	uint64_t last_scan_ms;      /* last search for overdue operations */
	/* the health check's STATUS and ERR_STATUS reads (never waited for:
	 * a stopped cardsim held the loop up to its socket's 10 s before) */
	struct card_rdreq h_st, h_err;
	uint32_t last_status, last_err;   /* as the health check last read them */
	struct async_adm aa;
	struct card_engine_stats st;
};

static struct card_engine *ce(struct mppe_engine *e)
{
	return e->priv;
}

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void pause_us(unsigned us)
{
	struct timespec ts = { 0, (long)us * 1000 };
	nanosleep(&ts, NULL);
}

/* How long an operation or admin command may take: 5 s on a real card; a
 * minute on the simulated one, which runs some 1000 times slower and shares
 * the CPU with everything else. MPPE_CARD_TIMEOUT_MS overrides both.
 * A card's bring-up (reset, firmware boot, self-test) may take 4 times the
 * kind's default; the override does not shorten it, since how fast the card
 * boots is not what a test of operation timeouts is about, and a loaded
 * machine slows cardsim's boot far beyond a short operation timeout. */
static unsigned timeout_value, bringup_value, read_timeout_value;

/* written by every open (the same values), read by every loop: atomics */
static unsigned timeout_ms(void)
{
	return __atomic_load_n(&timeout_value, __ATOMIC_RELAXED);
}

static unsigned bringup_ms(void)
{
	return __atomic_load_n(&bringup_value, __ATOMIC_RELAXED);
}

/* A register read that never waits (card_rd_nb) and has not been answered
 * after this long: the card is lost. 10 s, the vfio-user socket's receive
 * timeout that used to hold the caller's loop instead; MPPE_CARD_TIMEOUT_MS
 * overrides it too (a test keeps the card stopped without losing it). */
#define READ_TIMEOUT_MS 10000u
static unsigned read_timeout_ms(void)
{
	return __atomic_load_n(&read_timeout_value, __ATOMIC_RELAXED);
}

static void set_timeout(const struct card_dev *d)
{
	const char *s = getenv("MPPE_CARD_TIMEOUT_MS");
	unsigned v = s ? (unsigned)strtoul(s, NULL, 10) : 0;
	unsigned kind_default = d->ops->timeout_ms ? d->ops->timeout_ms : 5000;

	unsigned t = v ? v : kind_default;

	__atomic_store_n(&timeout_value, t, __ATOMIC_RELAXED);
	__atomic_store_n(&read_timeout_value, v ? v : READ_TIMEOUT_MS, __ATOMIC_RELAXED);
	__atomic_store_n(&bringup_value, 4 * (t > kind_default ? t : kind_default), __ATOMIC_RELAXED);
}

/* ------------------------------------------------------------------ status */

/* The card's completion statuses below 0x20 are the engine's own (two
 * generated contracts, contract/card_if.txt and contract/mppe_codes.txt, say the same
 * thing; this holds them to it). */
#define SAME_CODE(card, mppe) ((int)CARD_##card == (int)MPPE_##mppe)
_Static_assert(SAME_CODE(STATUS_OK, OK) && SAME_CODE(STATUS_DROP_DUPLICATE, DROP_DUPLICATE) &&
	       SAME_CODE(STATUS_DROP_LATE, DROP_LATE) && SAME_CODE(STATUS_DROP_LOSS, DROP_LOSS) &&
	       SAME_CODE(STATUS_DROP_DISCARDING, DROP_DISCARDING) &&
	       SAME_CODE(STATUS_DROP_REKEY_LIMIT, DROP_REKEY_LIMIT) &&
	       SAME_CODE(STATUS_DROP_IMPLAUSIBLE, DROP_IMPLAUSIBLE) && SAME_CODE(STATUS_ERR_SHORT, ERR_SHORT) &&
	       SAME_CODE(STATUS_ERR_NOT_ENCRYPTED, ERR_NOT_ENCRYPTED) &&
	       SAME_CODE(STATUS_ERR_NOT_FLUSHED, ERR_NOT_FLUSHED) &&
	       SAME_CODE(STATUS_ERR_BAD_PROTOCOL, ERR_BAD_PROTOCOL) && SAME_CODE(STATUS_ERR_TOO_LONG, ERR_TOO_LONG) &&
	       SAME_CODE(STATUS_ERR_BAD_FLOW, ERR_BAD_FLOW) && SAME_CODE(STATUS_ERR_BAD_OP, ERR_BAD_OP) &&
	       SAME_CODE(STATUS_ERR_NO_SPACE, ERR_NO_SPACE) && SAME_CODE(STATUS_ERR_DEVICE, ERR_DEVICE) &&
	       MPPE_STATUS_COUNT == 16,
	       "card completion statuses 0-15 are enum mppe_status");
_Static_assert(SAME_CODE(OPC_ENCRYPT, OP_ENCRYPT) && SAME_CODE(OPC_DECRYPT, OP_DECRYPT) &&
	       SAME_CODE(OPC_RESET, OP_RESET), "card data opcodes are the engine's");
#undef SAME_CODE

static uint16_t map_status(unsigned code)
{
	if (code < MPPE_STATUS_COUNT)
		return (uint16_t)code;
	if (code == CARD_STATUS_CARD_FLOW_RANGE)
		return MPPE_ERR_BAD_FLOW;
	return MPPE_ERR_DEVICE;
}

static int local_push(struct card_engine *c, const struct mppe_completion *m)
{
	if (c->local_tail - c->local_head == LOCAL_CAP)
		return -1;
	c->local[c->local_tail++ % LOCAL_CAP] = *m;
	return 0;
}

/* Every operation in flight ends with MPPE_ERR_DEVICE (a reset or a lost card). */
static void fail_inflight(struct card_engine *c)
{
	for (unsigned q = 0; q < c->nq; q++) {
		struct dq *d = &c->dq[q];
		unsigned nslots = 1u << d->qp.cq_log2;
		if (!d->slots)
			continue;                   /* not set up yet */
		for (unsigned i = 0; i < nslots; i++) {
			struct slot *s = &d->slots[i];
			struct mppe_completion m = { 0 };
			if (!s->busy)
				continue;
			m.cookie = s->cookie;
			m.flow = s->flow;
			m.opcode = s->opcode;
			m.status = MPPE_ERR_DEVICE;
			s->busy = 0;
			slot_put(d, i);
			if (s->flow < c->num_flows && c->flows[s->flow].inflight)
				c->flows[s->flow].inflight--;
			c->st.failed_ops++;
			/* room is guaranteed: LOCAL_CAP >= all slots */
			local_push(c, &m);
		}
		d->qp.cq_head = d->qp.sq_tail;      /* nothing pending any more */
		d->qp.sq_head = d->qp.sq_tail;
	}
}

/* ------------------------------------------------------------------ admin */

static void recover(struct card_engine *c, const char *why);
static void adm_reap_locked(struct card_engine *c);
static void adm_kick_locked(struct card_engine *c);

/*
 * The share's lock (the admin queue, the bring-up). An event loop only
 * tries it: taken by another loop, the caller is marked in `want` and goes
 * on, and share_unlock wakes it to try again. The fences make the mark and
 * the try on one side, the release and the look at `want` on the other, a
 * pair of which one always sees the other (no wake-up is lost).
 */
static bool share_trylock(struct card_engine *c)
{
	struct card_shared *sh = c->sh;

	__atomic_fetch_or(&sh->want, 1u << c->view, __ATOMIC_SEQ_CST);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (pthread_mutex_trylock(&sh->lock) != 0)
		return false;
	__atomic_fetch_and(&sh->want, ~(1u << c->view), __ATOMIC_SEQ_CST);
	return true;
}

static void share_unlock(struct card_shared *sh)
{
	unsigned w;

	pthread_mutex_unlock(&sh->lock);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	w = __atomic_exchange_n(&sh->want, 0, __ATOMIC_SEQ_CST);
	for (unsigned v = 0; v < VIEW_MAX; v++)
		if ((w >> v & 1) && sh->wake[v] >= 0)
			eventfd_write(sh->wake[v], 1);
}

/* The blocking calls only (mppe_flow_create, mppe_flow_read_counters,
 * mppecardctl's commands, a lone card's recovery): they wait anyway. */
static void share_lock(struct card_shared *sh)
{
	pthread_mutex_lock(&sh->lock);
}

static uint16_t next_cid(struct card_engine *c)
{
	return (uint16_t)(++c->sh->adm_seq << 4 | c->view);
}

/* An admin completion this engine did not ask for: another engine's goes
 * to its inbox (and its eventfd), anything else is counted. Under lock. */
static void adm_route(struct card_engine *c, const struct card_cqe *res)
{
	struct card_shared *sh = c->sh;
	unsigned v = res->cid & 15u;

	if (v != c->view && v < VIEW_MAX && (sh->views >> v & 1) && sh->inbox[v].n < INBOX_CAP) {
		sh->inbox[v].q[sh->inbox[v].n++] = *res;
		eventfd_write(sh->wake[v], 1);
	} else {
		c->st.bad_cqes++;         /* an answer to a command nobody sent */
	}
}

/* The entry may hold a key: it does not stay in DMA memory. Under lock. */
static void wipe_sqe(struct card_shared *sh, uint16_t cid)
{
	for (unsigned i = 0; i < card_qp_size(&sh->adm); i++)
		if (sh->adm.sq[i].cid == cid)
			explicit_bzero(&sh->adm.sq[i], sizeof(sh->adm.sq[i]));
}

/*
 * Before a blocking admin command: what the event loop queued must be sent
 * and complete first (a counter read owns the admin DMA window, and no
 * answer of those may be taken for ours), in the order it was queued: a
 * blocking create sent past the destroys still waiting for a ring slot
 * found a full card those destroys were about to free (ENOSPC on a card
 * with free flows). Bounded by the timeout (a hung management core).
 * Under lock; 1 when it timed out (the caller recovers once unlocked).
 */
static int admin_quiesce_locked(struct card_engine *c)
{
	uint64_t deadline = now_ms() + timeout_ms();

	for (;;) {
		adm_reap_locked(c);
		adm_kick_locked(c);
		if (c->dead || c->dev->lost) {
			errno = ENODEV;
			return -1;
		}
		if (!c->aa.nsent && c->aa.wait_head == c->aa.wait_tail && card_qp_space(&c->sh->adm) > 0)
			return 0;
		if (now_ms() > deadline) {
			c->st.timeouts++;
			errno = ETIMEDOUT;
			return 1;
		}
		pause_us(20);
	}
}

static int admin_quiesce(struct card_engine *c)
{
	int r;

	share_lock(c->sh);
	r = admin_quiesce_locked(c);
	share_unlock(c->sh);
	if (r > 0) {
		recover(c, "admin timeout (earlier command)");
		errno = ETIMEDOUT;
		return -1;
	}
	return r;
}

static int admin(struct card_engine *c, struct card_sqe *cmd, struct card_cqe *res)
{
	struct card_shared *sh = c->sh;
	struct card_sqe *e;
	uint64_t deadline, t0 = now_ms();
	int n, q;

	share_lock(sh);
	q = admin_quiesce_locked(c);
	if (q != 0) {
		share_unlock(sh);
		if (q > 0) {
			recover(c, "admin timeout (earlier command)");
			errno = ETIMEDOUT;
		}
		return -1;
	}
	e = card_qp_next(&sh->adm);
	deadline = now_ms() + timeout_ms();
	if (c->dev->lost || !e) {
		share_unlock(sh);
		errno = c->dev->lost ? ENODEV : EBUSY;
		return -1;
	}
	cmd->cid = next_cid(c);
	memcpy(e, cmd, sizeof(*e));
	card_qp_ring(&sh->adm);
	for (;;) {
		n = card_qp_reap(&sh->adm, res, 1);
		if (n == 1 && res->cid == cmd->cid)
			break;
		if (n == 1) {
			adm_route(c, res);        /* another engine's (one card, several loops) */
			continue;
		}
		if (c->dev->lost) {
			share_unlock(sh);
			errno = ENODEV;
			return -1;
		}
		if (now_ms() > deadline) {
			/* The management core is hung, or the card lost the queue:
			 * the command stays in the ring for good, so the card is
			 * reset (queues restart empty), unless this is the reset. */
			c->st.timeouts++;
			share_unlock(sh);
			recover(c, "admin timeout");
			errno = ETIMEDOUT;
			return -1;
		}
		pause_us(20);
	}
	/* the entry may hold a key: it does not stay in DMA memory */
	explicit_bzero(e, sizeof(*e));
	share_unlock(sh);
	if (getenv("MPPE_CARD_DEBUG"))
		fprintf(stderr, "card: admin opcode %u blocked the caller %llu ms\n", cmd->opcode,
			(unsigned long long)(now_ms() - t0));
	if ((res->status >> CARD_CQE_STATUS_CODE_SHIFT) != CARD_STATUS_OK) {
		unsigned code = res->status >> CARD_CQE_STATUS_CODE_SHIFT;
		errno = code == CARD_STATUS_ERR_BAD_FLOW || code == CARD_STATUS_CARD_FLOW_RANGE ? ENOENT :
			code == CARD_STATUS_ADM_NO_FLOWS ? ENOSPC :
			code == CARD_STATUS_ADM_BAD_ARG ? EINVAL :
			code == CARD_STATUS_ADM_NOT_READY ? EAGAIN : EIO;
		return -1;
	}
	return 0;
}

/* FLOW_CREATE's FLOWP (the parameters and the key) into an admin entry */
static void flowp_fill(struct card_sqe *cmd, const struct mppe_flow_params *p)
{
	struct card_flowp fp = {
		.dir = (uint8_t)p->dir, .key_bits = (uint8_t)p->key_bits, .stateful = p->stateful,
		.first_ccount = p->first_ccount, .max_rekeys = p->dir == MPPE_DIR_RX ? p->max_rekeys : 0,
		.accept_pfc = p->dir == MPPE_DIR_RX && p->accept_pfc,
	};

	_Static_assert(sizeof(fp) <= sizeof(cmd->arg), "FLOWP fits in ARG");
	cmd->opcode = CARD_ADM_FLOW_CREATE;
	memcpy(fp.start_key, p->start_key, p->key_bits == 128 ? 16 : 8);
	memcpy(cmd->arg, &fp, sizeof(fp));
	explicit_bzero(&fp, sizeof(fp));
}

static int create_on_card(struct card_engine *c, const struct mppe_flow_params *p, uint32_t *flow)
{
	struct card_sqe cmd = { 0 };
	struct card_cqe res;
	int r;

	flowp_fill(&cmd, p);
	r = admin(c, &cmd, &res);
	explicit_bzero(&cmd, sizeof(cmd));
	if (r < 0)
		return -1;
	*flow = res.result;
	return 0;
}

static int destroy_on_card(struct card_engine *c, uint32_t flow)
{
	struct card_sqe cmd = { .opcode = CARD_ADM_FLOW_DESTROY, .flow = flow };
	struct card_cqe res;
	return admin(c, &cmd, &res);
}

/* ------------------------------------------------------------------ admin commands that never block */

static void counters_from_card(struct card_engine *c, uint32_t flow, const struct card_flowcnt *fc,
			       struct mppe_counters *out);

/* Queues a command until the admin ring has room (adm_kick). */
static int adm_queue(struct card_engine *c, const struct adm_cmd *m)
{
	struct async_adm *a = &c->aa;

	if (a->wait_tail - a->wait_head == a->wait_cap) {
		unsigned n = a->wait_cap ? 2 * a->wait_cap : 64, used = a->wait_tail - a->wait_head;
		struct adm_cmd *g = calloc(n, sizeof(*g));
		if (!g)
			return -1;
		for (unsigned i = 0; i < used; i++)
			g[i] = a->wait[(a->wait_head + i) & (a->wait_cap - 1)];
		if (a->wait) {
			explicit_bzero(a->wait, a->wait_cap * sizeof(*g));   /* keys of creates */
			free(a->wait);
		}
		a->wait = g;
		a->wait_cap = n;
		a->wait_head = 0;
		a->wait_tail = used;
	}
	a->wait[a->wait_tail++ & (a->wait_cap - 1)] = *m;
	if (m->kind == ADM_CREATE)
		a->wait_creates++;
	return 0;
}

/* Puts one command on the admin ring (not rung yet); false when full. */
static bool adm_send(struct card_engine *c, struct adm_cmd *m, uint64_t t)
{
	struct adm_cmd *s = NULL;
	struct card_sqe *e;

	for (unsigned i = 0; i < ADM_SLOTS && !s; i++)
		if (c->aa.sent[i].kind == ADM_FREE)
			s = &c->aa.sent[i];
	if (!s || !(e = card_qp_next(&c->sh->adm)))
		return false;
	switch (m->kind) {
	case ADM_CREATE:
		flowp_fill(e, &m->p);
		break;
	case ADM_DESTROY:
		e->opcode = CARD_ADM_FLOW_DESTROY;
		e->flow = m->flow;
		break;
	default:
		memset(c->adm_buf.va, 0, sizeof(struct card_flowcnt));
		e->opcode = CARD_ADM_FLOW_COUNTERS;
		e->flow = m->flow;
		e->dst = c->adm_buf.iova;
		e->out_cap = sizeof(struct card_flowcnt);
		c->aa.reading = true;
		break;
	}
	e->cid = next_cid(c);
	*s = *m;
	s->cid = e->cid;
	s->t_ms = t;
	c->aa.nsent++;
	return true;
}

/* Sends what waits, as far as the admin ring has room, with one doorbell.
 * Under lock. */
static void adm_kick_locked(struct card_engine *c)
{
	struct async_adm *a = &c->aa;
	uint64_t t = now_ms();
	bool sent = false;

	if (c->dead || c->dev->lost || c->recovering)
		return;
	while (a->wait_head != a->wait_tail) {
		struct adm_cmd *m = &a->wait[a->wait_head & (a->wait_cap - 1)];
		if (!adm_send(c, m, t))
			break;
		if (m->kind == ADM_CREATE)
			a->wait_creates--;
		explicit_bzero(m, sizeof(*m));
		a->wait_head++;
		sent = true;
	}
	while (!a->reading && a->head != a->tail) {
		uint32_t f = a->ask[a->head % ASK_CAP];
		struct adm_cmd m = { .kind = ADM_READ, .flow = f };
		if (f < c->num_flows && c->flows[f].live && c->flows[f].asked) {
			if (!adm_send(c, &m, t))
				break;
			sent = true;
		}
		a->head++;
	}
	if (sent)
		card_qp_ring(&c->sh->adm);
}

static bool adm_service(struct card_engine *c, uint64_t t);

/* A destroyed flow's operations have all completed: free its context. */
static void destroy_send(struct card_engine *c, uint32_t flow)
{
	struct adm_cmd m = { .kind = ADM_DESTROY, .flow = flow };

	c->flows[flow].ending = ENDING_SENT;
	if (adm_queue(c, &m) < 0)
		return;           /* out of memory: the context stays taken, never reused */
	adm_service(c, now_ms());
}

/*
 * One admin completion for a command sent by adm_kick: everything the card
 * says back to the event loop's commands is handled here (a create's result
 * becomes an MPPE_OP_FLOW_CREATED completion). A completion for nothing
 * sent is counted and dropped.
 */
static void adm_complete(struct card_engine *c, const struct card_cqe *res)
{
	unsigned code = res->status >> CARD_CQE_STATUS_CODE_SHIFT;
	struct adm_cmd *s = NULL;

	for (unsigned i = 0; i < ADM_SLOTS && !s; i++)
		if (c->aa.sent[i].kind != ADM_FREE && c->aa.sent[i].cid == res->cid)
			s = &c->aa.sent[i];
	if (!s) {
		c->st.bad_cqes++;         /* an answer to a command we did not send */
		return;
	}
	if (s->kind == ADM_CREATE) {
		struct mppe_completion m = { .cookie = s->cookie, .opcode = MPPE_OP_FLOW_CREATED };
		uint32_t id = res->result;
		if (code != CARD_STATUS_OK) {
			m.status = code == CARD_STATUS_ADM_NO_FLOWS ? MPPE_ERR_NO_SPACE : MPPE_ERR_DEVICE;
		} else if (id >= c->num_flows || c->flows[id].live || c->flows[id].ending) {
			c->st.bad_cqes++;     /* a context that is not free */
			m.status = MPPE_ERR_DEVICE;
		} else {
			memset(&c->flows[id], 0, sizeof(c->flows[id]));
			c->flows[id].p = s->p;
			c->flows[id].live = 1;
			m.flow = id;
		}
		local_push(c, &m);        /* room: adm_reap checked */
	} else if (s->kind == ADM_DESTROY) {
		if (s->flow < c->num_flows && !c->flows[s->flow].live)
			c->flows[s->flow].ending = ENDING_NO;
	} else {
		c->aa.reading = false;
		c->st.async_reads++;
		/* a flow destroyed meanwhile is not live (its ID is not reused
		 * before its FLOW_DESTROY, which comes after this read) */
		if (s->flow < c->num_flows && c->flows[s->flow].live) {
			c->flows[s->flow].asked = 0;
			if (code == CARD_STATUS_OK) {
				struct card_flowcnt fc;
				struct mppe_counters tmp;
				memcpy(&fc, c->adm_buf.va, sizeof(fc));
				counters_from_card(c, s->flow, &fc, &tmp);
				c->flows[s->flow].cache_ms = s->t_ms;
			}
		}
	}
	explicit_bzero(s, sizeof(*s));
	c->aa.nsent--;
}

/* Collects the admin completions that came (never waits): first those
 * another engine collected for this one, then the ring's, handing other
 * engines theirs. Under lock. */
static void adm_reap_locked(struct card_engine *c)
{
	struct card_shared *sh = c->sh;
	struct card_cqe res;
	unsigned i = 0;

	for (; i < sh->inbox[c->view].n && c->local_tail - c->local_head < LOCAL_CAP; i++)
		adm_complete(c, &sh->inbox[c->view].q[i]);
	if (i) {
		sh->inbox[c->view].n -= i;
		memmove(sh->inbox[c->view].q, sh->inbox[c->view].q + i, sh->inbox[c->view].n * sizeof(res));
	}
	while (c->local_tail - c->local_head < LOCAL_CAP && card_qp_reap(&sh->adm, &res, 1) == 1) {
		wipe_sqe(sh, res.cid);    /* the entry may hold a key */
		if ((res.cid & 15u) == c->view)
			adm_complete(c, &res);
		else
			adm_route(c, &res);
	}
}

/* The admin queue starts again empty (a reset, a lost card): creates end
 * with MPPE_ERR_DEVICE, the rest is dropped. */
static void adm_fail_all(struct card_engine *c)
{
	struct async_adm *a = &c->aa;

	for (unsigned i = 0; i < ADM_SLOTS + a->wait_tail - a->wait_head; i++) {
		struct adm_cmd *m = i < ADM_SLOTS ? &a->sent[i] : &a->wait[(a->wait_head + i - ADM_SLOTS) & (a->wait_cap - 1)];
		if (m->kind == ADM_CREATE) {
			struct mppe_completion k = { .cookie = m->cookie, .opcode = MPPE_OP_FLOW_CREATED,
						     .status = MPPE_ERR_DEVICE };
			local_push(c, &k);    /* room: ADM_WAIT_CREATES + slots < LOCAL_CAP */
		}
		explicit_bzero(m, sizeof(*m));
	}
	/* this engine's entries still in the ring may hold keys */
	share_lock(c->sh);
	for (unsigned i = 0; i < card_qp_size(&c->sh->adm) && c->sh->adm.sq; i++)
		if ((c->sh->adm.sq[i].cid & 15u) == c->view)
			explicit_bzero(&c->sh->adm.sq[i], sizeof(c->sh->adm.sq[i]));
	c->sh->inbox[c->view].n = 0;
	share_unlock(c->sh);
	a->wait_head = a->wait_tail = 0;
	a->wait_creates = 0;
	a->nsent = 0;
	a->reading = false;
	a->head = a->tail = 0;
}

/* Collect, time out, send, if the admin queue is free now (never waits:
 * when another loop holds it, it wakes this one once done). false when
 * it could not be taken. */
static bool adm_service(struct card_engine *c, uint64_t t)
{
	bool overdue = false;

	if (c->dead || c->recovering || !share_trylock(c))
		return false;
	adm_reap_locked(c);
	for (unsigned i = 0; i < ADM_SLOTS && !overdue; i++)
		overdue = c->aa.sent[i].kind != ADM_FREE && t - c->aa.sent[i].t_ms > timeout_ms();
	if (!overdue)
		adm_kick_locked(c);
	share_unlock(c->sh);
	if (overdue) {
		/* the management core is hung: as for any admin timeout */
		c->st.timeouts++;
		recover(c, "admin timeout (a command of the event loop)");
	}
	return true;
}

/* ------------------------------------------------------------------ bring-up */

static int wait_status(struct card_engine *c, uint32_t mask, uint32_t want, unsigned ms)
{
	uint64_t deadline = now_ms() + ms;
	for (;;) {
		uint32_t st = card_rd(c->dev, CARD_CTL_STATUS);
		if (c->dev->lost) {
			errno = ENODEV;
			return -1;
		}
		if (st & CARD_CTL_STATUS_FATAL_MASK) {
			errno = EIO;
			return -1;
		}
		if ((st & mask) == want)
			return 0;
		if (now_ms() > deadline) {
			errno = ETIMEDOUT;
			return -1;
		}
		pause_us(200);
	}
}

/* Card reset, then READY, queues enabled again (a lone card's recovery).
 * Queue memory is kept. */
static int card_start(struct card_engine *c)
{
	struct card_dev *d = c->dev;

	if (card_wr(d, CARD_CTL_CONTROL, CARD_CTL_CONTROL_RESET_MASK) < 0 ||
	    wait_status(c, CARD_CTL_STATUS_RESETTING_MASK, 0, bringup_ms()) < 0 ||
	    wait_status(c, CARD_CTL_STATUS_READY_MASK, CARD_CTL_STATUS_READY_MASK, bringup_ms()) < 0)
		return -1;
	if (card_wr(d, CARD_CTL_CONTROL, CARD_CTL_CONTROL_ENABLE_MASK) < 0)
		return -1;
	if (card_qp_restart(&c->sh->adm, c->sh->irq_cfg) < 0)
		return -1;
	for (unsigned q = 0; q < c->nq; q++)
		if (card_qp_restart(&c->dq[q].qp, c->sh->irq_cfg) < 0)
			return -1;
	return 0;
}

/*
 * After a reset the card has no flows. The firmware gives each new flow the
 * lowest free context, so creating IDs 0..max in order, with placeholders
 * for the gaps, puts every live flow back under its old ID.
 */
static int recreate_flows(struct card_engine *c)
{
	uint32_t top = 0, id;

	for (uint32_t f = 0; f < c->num_flows; f++)
		if (c->flows[f].live)
			top = f + 1;
	for (uint32_t f = 0; f < top; f++) {
		struct mppe_flow_params filler = { .dir = MPPE_DIR_TX, .key_bits = 128 };
		const struct mppe_flow_params *p = c->flows[f].live ? &c->flows[f].p : &filler;
		if (create_on_card(c, p, &id) < 0)
			return -1;
		if (id != f) {
			errno = EPROTO;
			return -1;
		}
	}
	for (uint32_t f = 0; f < top; f++)
		if (!c->flows[f].live && destroy_on_card(c, f) < 0)
			return -1;
	for (uint32_t f = 0; f < top; f++)
		if (c->flows[f].live)
			card_counters_rebase(&c->flows[f].ext);
	return 0;
}

static void recover(struct card_engine *c, const char *why)
{
	/* A reset of the card is an event its operator must see, not debug. */
	if (c->dev->lost)
		fprintf(stderr, "card %s: reset to recover (%s), card lost\n", c->dev->name, why);
	else if (c->dev->ops->read32_nb)
		/* reads that may not come back are not waited for here: the
		 * health check's last ones */
		fprintf(stderr, "card %s: reset to recover (%s), last read status %08x, error status %08x\n",
			c->dev->name, why, c->last_status, c->last_err);
	else
		fprintf(stderr, "card %s: reset to recover (%s), status %08x, error status %08x (queue %u, "
			"address %08x%08x)\n", c->dev->name, why, card_rd(c->dev, CARD_CTL_STATUS),
			card_rd(c->dev, CARD_ERR_ERR_STATUS), card_rd(c->dev, CARD_ERR_ERR_QUEUE),
			card_rd(c->dev, CARD_ERR_ERR_ADDR_HI), card_rd(c->dev, CARD_ERR_ERR_ADDR_LO));
	fail_inflight(c);
	/* the admin queue restarts empty: creates fail (MPPE_ERR_DEVICE), reads
	 * are asked again later, and the reset frees every context */
	adm_fail_all(c);
	for (uint32_t f = 0; f < c->num_flows; f++) {
		c->flows[f].ending = ENDING_NO;
		c->flows[f].asked = 0;
		c->flows[f].inflight = 0;
	}
	if (c->dead || c->recovering)
		return;
	c->st.resets++;
	c->recovering = true;
	if (c->sh->nviews > 1) {
		/* one card, several loops: none resets it under the others'
		 * queues; each gives it up (multi.c moves its flows to software
		 * and opens the card again, a new share, once all have let go) */
		__atomic_store_n(&c->sh->failed, 1, __ATOMIC_SEQ_CST);
		explicit_bzero(c->flows, c->num_flows * sizeof(*c->flows));
		c->dead = true;
		c->recovering = false;
		return;
	}
	if (c->forget_on_reset) {
		/* Under "cards:" the card is not brought up here (its reset and
		 * the firmware's boot would hold the caller's event loop for
		 * seconds, minutes on a loaded cardsim): it is given up like a
		 * lost card, its flows move to software, and multi.c opens it
		 * again in the background (card_open_step). */
		explicit_bzero(c->flows, c->num_flows * sizeof(*c->flows));
		c->dead = true;
		c->recovering = false;
		return;
	}
	if (c->dev->lost || card_start(c) < 0 || recreate_flows(c) < 0) {
		/* nothing more to try: every later operation fails at once */
		c->dead = true;
	}
	c->recovering = false;
}

/* ------------------------------------------------------------------ backend ops */

static void card_close(struct mppe_engine *e);

/* The shares of cards opened as "SPEC@I/N", by SPEC. reg_lock is held for
 * an open or a close (the control path), and only tried by an open: a
 * loop opening the card again while another does gets EAGAIN and tries
 * later (multi.c retries), rather than waiting. */
static pthread_mutex_t reg_lock = PTHREAD_MUTEX_INITIALIZER;
static struct card_shared *reg;

/* "SPEC@I/N" -> SPEC, I, N; without "@I/N": I 0, N 1 (a card of its own) */
static int parse_share(const char *arg, char *key, size_t cap, unsigned *view, unsigned *n)
{
	const char *at = strrchr(arg, '@');
	unsigned i, k;
	char end;

	*view = 0;
	*n = 1;
	if (at && sscanf(at + 1, "%u/%u%c", &i, &k, &end) == 2) {
		if (k < 1 || k > VIEW_MAX || i >= k || (size_t)(at - arg) >= cap) {
			mppe_set_error("%s: @I/N wants 0 <= I < N <= %u (a card has %u data queues)", arg, VIEW_MAX,
				       VIEW_MAX);
			errno = EINVAL;
			return -1;
		}
		memcpy(key, arg, (size_t)(at - arg));
		key[at - arg] = 0;
		*view = i;
		*n = k;
		return 0;
	}
	if (strlen(arg) >= cap) {
		errno = EINVAL;
		return -1;
	}
	strcpy(key, arg);
	return 0;
}

static void share_free(struct card_shared *sh)
{
	struct card_dev *d = sh->dev;

	card_rd_cancel(d, &sh->bu_rd);
	if (!d->lost && sh->adm.sq)
		card_wr(d, CARD_CTL_CONTROL, 0);
	if (sh->adm.sq) {
		explicit_bzero(sh->adm.sq, card_qp_size(&sh->adm) * sizeof(*sh->adm.sq));
		card_qp_destroy(&sh->adm);
	}
	for (unsigned v = 0; v < VIEW_MAX; v++)
		if (sh->wake[v] >= 0)
			close(sh->wake[v]);
	pthread_mutex_destroy(&sh->lock);
	d->ops->close(d);
	explicit_bzero(sh, sizeof(*sh));
	free(sh);
}

/* A new share on dev (closed on failure): checks the card and resets it
 * (CONTROL.RESET), which starts the firmware's boot and self-test. */
static struct card_shared *share_new(struct card_dev *dev, const char *key, unsigned n)
{
	struct card_shared *sh;
	uint32_t magic, ver;

	if (!dev)
		return NULL;
	sh = calloc(1, sizeof(*sh));
	if (!sh) {
		dev->ops->close(dev);
		return NULL;
	}
	sh->dev = dev;
	sh->nviews = n;
	snprintf(sh->key, sizeof(sh->key), "%s", key);
	pthread_mutex_init(&sh->lock, NULL);
	for (unsigned v = 0; v < VIEW_MAX; v++)
		sh->wake[v] = -1;
	/* every engine's eventfd now: share_unlock reads them unlocked */
	for (unsigned v = 0; v < n; v++)
		if ((sh->wake[v] = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) < 0)
			goto fail;
	set_timeout(dev);
	magic = card_rd(dev, CARD_HDR_TYPE);
	ver = card_rd(dev, CARD_HDR_VERSION);
	if (magic != CARD_MAGIC || (ver >> CARD_HDR_VERSION_MAJOR_SHIFT) != CARD_IF_VERSION_MAJOR) {
		errno = dev->lost ? ENODEV : ENXIO;
		goto fail;
	}
	if (card_wr(dev, CARD_CTL_CONTROL, CARD_CTL_CONTROL_RESET_MASK) < 0)
		goto fail;
	sh->bringup = BU_RESETTING;
	sh->bu_deadline_ms = now_ms() + bringup_ms();
	return sh;
fail: {
		int err = errno;
		share_free(sh);
		errno = err;
		return NULL;
	}
}

/*
 * Opening is in two steps so that an event loop never waits for the card's
 * bring-up: card_open checks the card and resets it (CONTROL.RESET), which
 * starts the firmware's boot and power-on self-test (seconds on cardsim,
 * minutes on a loaded machine); card_open_step, called until it returns 1,
 * sees READY and sets the queues up. An engine "SPEC@I/N" whose card is
 * already open (another loop's engine) joins its share instead: no second
 * connection, no second reset.
 */
static int card_attach(struct mppe_engine *e, struct card_shared *sh, unsigned view)
{
	struct card_engine *c = calloc(1, sizeof(*c));

	if (!c)
		return -1;               /* nothing joined: the caller frees a share of none */
	c->sh = sh;
	c->view = view;
	c->dev = sh->dev;
	c->epfd = -1;
	e->priv = c;
	e->event_fd = -1;
	sh->refs++;
	/* another loop's engine may be collecting answers on this card */
	share_lock(sh);
	sh->views |= 1u << view;
	sh->inbox[view].n = 0;
	share_unlock(sh);
	if (sh->nviews > 1)
		snprintf(e->label, sizeof(e->label), "Hardware (%.36s, loop %u of %u)", sh->dev->name, view & 7u, sh->nviews & 15u);
	else
		snprintf(e->label, sizeof(e->label), "Hardware (%.52s)", sh->dev->name);
	return 0;
}

static int card_open(struct mppe_engine *e, const char *arg, struct card_dev *(*dev_open)(const char *))
{
	char key[256];
	unsigned view, n;
	struct card_shared *sh = NULL;
	int r;

	e->event_fd = -1;
	if (parse_share(arg, key, sizeof(key), &view, &n) < 0)
		return -1;
	if (n == 1) {
		sh = share_new(dev_open(key), "", 1);
		if (!sh)
			return -1;
		r = card_attach(e, sh, 0);
		goto out;
	}
	if (pthread_mutex_trylock(&reg_lock) != 0) {
		mppe_set_error("%s: another loop is opening the card; trying again later", arg);
		errno = EAGAIN;
		return -1;
	}
	for (sh = reg; sh; sh = sh->next)
		if (strcmp(sh->key, key) == 0 && !__atomic_load_n(&sh->failed, __ATOMIC_SEQ_CST))
			break;
	if (sh && (sh->nviews != n || (sh->views >> view & 1))) {
		pthread_mutex_unlock(&reg_lock);
		mppe_set_error("%s: the card is open as %u engines%s", arg, sh->nviews,
			       sh->nviews == n ? ", this one among them" : "");
		errno = EBUSY;
		return -1;
	}
	if (!sh) {
		/* a failed share stays until its last engine lets go; it is
		 * no longer found */
		sh = share_new(dev_open(key), key, n);
		if (!sh) {
			pthread_mutex_unlock(&reg_lock);
			return -1;
		}
		sh->next = reg;
		reg = sh;
	}
	r = card_attach(e, sh, view);
	if (r < 0 && sh->refs == 0) {
		/* out of memory before anything joined: the share goes */
		int err = errno;
		for (struct card_shared **p = &reg; *p; p = &(*p)->next)
			if (*p == sh) {
				*p = sh->next;
				break;
			}
		share_free(sh);
		errno = err;
	}
	pthread_mutex_unlock(&reg_lock);
	return r;
out:
	if (r < 0) {
		int err = errno;
		share_free(sh);   /* card_attach fails only before it joins */
		errno = err;
	}
	return r;
}

/* A data queue pair with its bounce buffers and its vector. */
static int dq_setup(struct card_engine *c, unsigned q)
{
	struct card_dev *dev = c->dev;
	struct dq *d = &c->dq[q];
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = c->qid[q] };
	int fd = dev->ops->irq_fd(dev, c->qid[q]);

	if (card_qp_create(&d->qp, dev, c->qid[q], DQ_LOG2, DQ_LOG2, c->sh->irq_cfg) < 0 ||
	    dev->ops->dma_alloc(dev, (size_t)SLOT_BYTES << DQ_LOG2, &d->bounce) < 0)
		return -1;
	d->slots = calloc(1u << DQ_LOG2, sizeof(*d->slots));
	d->free = calloc(1u << DQ_LOG2, sizeof(*d->free));
	if (!d->slots || !d->free)
		return -1;
	for (unsigned i = 0; i < (1u << DQ_LOG2); i++)
		slot_put(d, i);
	d->t_progress_ms = now_ms();
	if (fd >= 0 && epoll_ctl(c->epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
		return -1;
	return 0;
}

/* The card is READY: capabilities, the admin queue (the data queues are
 * each engine's, card_setup). Under the share's lock. */
static int share_setup(struct card_shared *sh)
{
	struct card_dev *dev = sh->dev;
	uint32_t feat, nq;

	if (card_wr(dev, CARD_CTL_CONTROL, CARD_CTL_CONTROL_ENABLE_MASK) < 0)
		return -1;
	feat = card_rd(dev, CARD_CAP_FEATURES);
	sh->num_flows = card_rd(dev, CARD_CAP_NUM_FLOWS);
	nq = card_rd(dev, CARD_CAP_NUM_QUEUES);
	if (!(feat & CARD_CAP_FEATURES_ENGINE_MASK) || !(feat & CARD_CAP_FEATURES_MGMT_MASK)) {
		/* A card without its engine or management core cannot run MPPE;
		 * say so rather than fail every operation. */
		errno = ENOTSUP;
		return -1;
	}
	if (nq < 2 || nq > CARD_NUM_QUEUES || sh->num_flows == 0 || sh->num_flows > (1u << 24)) {
		errno = EPROTO;
		return -1;
	}
	sh->card_nq = nq - 1;
	if (sh->nviews > sh->card_nq) {
		mppe_set_error("the card has %u data queues, fewer than its %u engines", sh->card_nq, sh->nviews);
		errno = ENOSPC;
		return -1;
	}
	sh->irq_cfg = CARD_Q_IRQ_ENABLE_MASK | (1u << CARD_Q_IRQ_COUNT_SHIFT);
	/* the admin queue interrupts too (vector 0): the answers to the event
	 * loops' creates, destroys and reads wake them like data completions */
	return card_qp_create(&sh->adm, dev, 0, ADM_LOG2, ADM_LOG2, sh->irq_cfg);
}

/* The share's bring-up, one look (under its lock): 1 up, 0 not yet, -1 failed. */
static int share_step(struct card_shared *sh)
{
	uint32_t st;
	int rr;

	if (sh->bringup == BU_UP)
		return 1;
	if (sh->bringup == BU_FAILED) {
		errno = sh->bu_err;
		return -1;
	}
	/* never waited for: a card stopped during its bring-up (cardsim
	 * stopped) runs into the bring-up's deadline without holding the loop */
	rr = card_rd_nb(sh->dev, &sh->bu_rd, CARD_CTL_STATUS);
	if (rr == 0) {
		if (now_ms() <= sh->bu_deadline_ms)
			return 0;
		errno = ETIMEDOUT;
		goto failed;
	}
	st = sh->bu_rd.val;
	card_rd_set(&sh->bu_rd, CARD_RD_IDLE);
	errno = 0;
	if (sh->dev->lost || rr < 0)
		errno = ENODEV;
	else if (st & CARD_CTL_STATUS_FATAL_MASK)
		errno = EIO;
	else if (sh->bringup == BU_RESETTING && !(st & CARD_CTL_STATUS_RESETTING_MASK))
		sh->bringup = BU_BOOTING;
	if (!sh->dev->lost && !(st & CARD_CTL_STATUS_FATAL_MASK)) {
		if (sh->bringup == BU_BOOTING && (st & CARD_CTL_STATUS_READY_MASK)) {
			if (share_setup(sh) == 0) {
				sh->bringup = BU_UP;
				return 1;
			}
		} else if (now_ms() > sh->bu_deadline_ms) {
			errno = ETIMEDOUT;
		} else {
			return 0;
		}
	}
failed:
	sh->bu_err = errno ? errno : EIO;
	sh->bringup = BU_FAILED;
	/* not found by the next open: cards: tries again with a new share */
	__atomic_store_n(&sh->failed, 1, __ATOMIC_SEQ_CST);
	errno = sh->bu_err;
	return -1;
}

/* The share is up: this engine's flows, counter buffer, interrupts and
 * queues (set up one per step: each is some ten register round trips,
 * which on a loaded cardsim take tens of milliseconds each). */
static int card_setup(struct mppe_engine *e)
{
	struct card_engine *c = ce(e);
	struct card_shared *sh = c->sh;
	struct card_dev *dev = c->dev;

	c->num_flows = sh->num_flows;
	c->flows = calloc(c->num_flows, sizeof(*c->flows));
	if (!c->flows)
		return -1;
	c->nq = 0;
	for (unsigned q = 1; q <= sh->card_nq; q++)
		if ((q - 1) % sh->nviews == c->view)
			c->qid[c->nq++] = q;
	if (dev->ops->dma_alloc(dev, ADM_BUF_BYTES, &c->adm_buf) < 0)
		return -1;
	c->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (c->epfd < 0)
		return -1;
	/* vector 0 (the admin queue) in every engine's set: whichever loop
	 * takes it collects the answers and wakes their owners */
	if (dev->ops->irq_fd(dev, 0) >= 0 &&
	    epoll_ctl(c->epfd, EPOLL_CTL_ADD, dev->ops->irq_fd(dev, 0), &(struct epoll_event){ .events = EPOLLIN }) < 0)
		return -1;
	if (epoll_ctl(c->epfd, EPOLL_CTL_ADD, sh->wake[c->view], &(struct epoll_event){ .events = EPOLLIN }) < 0)
		return -1;
	return 0;
}

/*
 * Never waits: looks at STATUS (at most every 20 ms, one register read) and
 * sets the card up once it is READY. 1: up; 0: not yet; -1: failed (FATAL,
 * the card gone, or not READY within the bring-up time).
 */
static int card_open_step_once(struct mppe_engine *e);

static int card_open_step(struct mppe_engine *e)
{
	struct card_engine *c = ce(e);
	unsigned before = c->bringup, q = c->bu_queue;
	uint64_t t0 = now_ms();
	int r;

	if (c->bringup != BU_UP && c->bringup != BU_FAILED) {
		if (t0 - c->bu_last_ms < 20)
			return 0;
		c->bu_last_ms = t0;
	}
	r = card_open_step_once(e);

	if (getenv("MPPE_CARD_DEBUG") && now_ms() - t0 >= 10)
		fprintf(stderr, "card: bring-up step in state %u (queue %u) held the caller %llu ms\n", before, q,
			(unsigned long long)(now_ms() - t0));
	return r;
}

static int card_open_step_once(struct mppe_engine *e)
{
	struct card_engine *c = ce(e);
	int r;

	if (c->bringup == BU_UP)
		return 1;
	if (c->bringup == BU_FAILED) {
		errno = c->bu_err;
		return -1;
	}
	if (c->bringup == BU_SETUP) {
		if (dq_setup(c, c->bu_queue) < 0)
			goto failed;
		if (++c->bu_queue < c->nq)
			return 0;
		e->event_fd = c->epfd;
		e->max_flows = c->num_flows;
		c->bringup = BU_UP;
		return 1;
	}
	/* the share's bring-up: whichever engine gets its lock looks */
	if (!share_trylock(c))
		return 0;
	r = share_step(c->sh);
	share_unlock(c->sh);
	if (r == 0)
		return 0;
	if (r < 0 || card_setup(e) < 0)
		goto failed;
	c->bringup = BU_SETUP;
	c->bu_queue = 0;
	return 0;
failed:
	c->bu_err = errno ? errno : EIO;
	c->bringup = BU_FAILED;
	mppe_set_error("%s: bring-up failed: %s", e->label, strerror(c->bu_err));
	errno = c->bu_err;
	return -1;
}

static int cardsim_open(struct mppe_engine *e, const char *arg)
{
	return card_open(e, arg, card_dev_open_vfio_user);
}

static int vfio_open(struct mppe_engine *e, const char *arg)
{
	return card_open(e, arg, card_dev_open_vfio);
}

static void card_close(struct mppe_engine *e)
{
	struct card_engine *c = ce(e);
	struct card_shared *sh;
	struct card_dev *d;
	unsigned view;
	bool shared;

	if (!c)
		return;
	sh = c->sh;
	d = c->dev;
	card_rd_cancel(d, &c->h_st);
	card_rd_cancel(d, &c->h_err);
	for (unsigned q = 0; q < c->nq; q++) {
		card_qp_destroy(&c->dq[q].qp);
		if (c->dq[q].bounce.va) {
			explicit_bzero(c->dq[q].bounce.va, c->dq[q].bounce.size);
			d->ops->dma_free(d, &c->dq[q].bounce);
		}
		free(c->dq[q].slots);
		free(c->dq[q].free);
	}
	if (c->adm_buf.va)
		d->ops->dma_free(d, &c->adm_buf);
	if (c->flows) {
		explicit_bzero(c->flows, c->num_flows * sizeof(*c->flows));
		free(c->flows);
	}
	if (c->aa.wait) {
		explicit_bzero(c->aa.wait, c->aa.wait_cap * sizeof(*c->aa.wait));   /* keys of creates */
		free(c->aa.wait);
	}
	if (c->epfd >= 0)
		close(c->epfd);
	view = c->view;
	explicit_bzero(c, sizeof(*c));
	free(c);
	e->priv = NULL;
	/* the last engine on the card closes it; the others' admin answers
	 * stop coming here (adm_route) */
	shared = sh->nviews > 1;
	if (shared)
		pthread_mutex_lock(&reg_lock);
	share_lock(sh);
	sh->views &= ~(1u << view);
	sh->inbox[view].n = 0;
	share_unlock(sh);
	if (--sh->refs == 0) {
		for (struct card_shared **p = &reg; *p; p = &(*p)->next)
			if (*p == sh) {
				*p = sh->next;
				break;
			}
		share_free(sh);
	}
	if (shared)
		pthread_mutex_unlock(&reg_lock);
}

static int card_flow_create(struct mppe_engine *e, const struct mppe_flow_params *p, uint32_t *flow)
{
	struct card_engine *c = ce(e);
	uint32_t id;

	if (c->dead) {
		errno = ENODEV;
		return -1;
	}
	if (create_on_card(c, p, &id) < 0)
		return -1;
	if (id >= c->num_flows) {
		errno = EPROTO;
		return -1;
	}
	memset(&c->flows[id], 0, sizeof(c->flows[id]));
	c->flows[id].p = *p;
	c->flows[id].live = 1;
	*flow = id;
	return 0;
}

static int card_flow_destroy(struct mppe_engine *e, uint32_t flow)
{
	struct card_engine *c = ce(e);

	struct flowrec *r;
	uint32_t inflight;

	if (flow >= c->num_flows || !c->flows[flow].live) {
		errno = ENOENT;
		return -1;
	}
	/* the key and parameters go now; the card's context once the flow's
	 * operations in flight have come back (flow_op_done), never waited for */
	r = &c->flows[flow];
	inflight = r->inflight;
	explicit_bzero(r, sizeof(*r));
	if (c->dead || c->dev->lost)
		return 0;
	r->inflight = inflight;
	r->ending = ENDING_DRAIN;
	if (!inflight)
		destroy_send(c, flow);
	return 0;
}

/* Never waits: the create is queued; card_poll delivers its completion. */
static int card_flow_create_start(struct mppe_engine *e, const struct mppe_flow_params *p, uint64_t cookie,
				  uint32_t *flow)
{
	struct card_engine *c = ce(e);
	struct adm_cmd m = { .kind = ADM_CREATE, .cookie = cookie, .p = *p };
	int r = 0;

	(void)flow;                   /* the ID comes with the completion */
	if (c->dead || c->dev->lost) {
		errno = ENODEV;
		r = -1;
	} else if (c->aa.wait_creates >= ADM_WAIT_CREATES) {
		errno = EAGAIN;           /* the management core is far behind */
		r = -1;
	} else if (adm_queue(c, &m) < 0) {
		r = -1;
	}
	explicit_bzero(&m, sizeof(m));
	if (r == 0)
		adm_service(c, now_ms());
	return r;
}

/* A FLOWCNT the card wrote, as 64-bit counters (carried across wraps). */
static void counters_from_card(struct card_engine *c, uint32_t flow, const struct card_flowcnt *fc,
			       struct mppe_counters *out)
{
	memset(out, 0, sizeof(*out));
	out->packets = fc->packets;
	out->bytes = fc->bytes;
	out->key_changes = fc->key_changes;
	out->ccp_resets = fc->ccp_resets;
	out->rx_dropped = fc->rx_dropped;
	out->rx_out_of_order = fc->rx_out_of_order;
	out->rx_missed = fc->rx_missed;
	out->rx_rekey_limited = fc->rx_rekey_limited;
	out->rx_implausible = fc->rx_implausible;
	out->sanity_errors = fc->sanity_errors;
	out->sanity_score = fc->sanity_score;
	out->next_ccount = fc->next_ccount;
	out->discarding = fc->discarding;
	out->key_bits = fc->key_bits;
	out->stateful = fc->stateful;
	out->dir = fc->dir;
	card_counters_extend(&c->flows[flow].ext, out);
	c->flows[flow].cache = *out;
	c->flows[flow].cached = 1;
}

static int card_flow_counters(struct mppe_engine *e, uint32_t flow, struct mppe_counters *out)
{
	struct card_engine *c = ce(e);
	struct card_sqe cmd = { .opcode = CARD_ADM_FLOW_COUNTERS, .flow = flow,
				.dst = c->adm_buf.iova, .out_cap = sizeof(struct card_flowcnt) };
	struct card_flowcnt fc;
	struct card_cqe res;
	uint64_t t;

	if (flow >= c->num_flows || !c->flows[flow].live) {
		errno = ENOENT;
		return -1;
	}
	if (c->dead) {
		errno = ENODEV;
		return -1;
	}
	/* a read card_poll sent completes first: the DMA window is ours after */
	if (admin_quiesce(c) < 0)
		return -1;
	memset(c->adm_buf.va, 0, sizeof(fc));
	t = now_ms();
	if (admin(c, &cmd, &res) < 0)
		return -1;
	memcpy(&fc, c->adm_buf.va, sizeof(fc));
	counters_from_card(c, flow, &fc, out);
	c->flows[flow].cache_ms = t;
	return 0;
}

/* ------------------------------------------------------------------ counter reads from poll */

/*
 * Never blocks: the counters of the last read (0), or -1 with EAGAIN when
 * none has come back yet; either way a new read is asked for, which
 * card_poll sends and collects (issue 18: pnsd's event loop must not wait
 * for the card's management core).
 */
static int last_counters(struct mppe_engine *e, uint32_t flow, struct mppe_counters *out)
{
	struct card_engine *c = ce(e);
	struct flowrec *r;

	if (flow >= c->num_flows || !c->flows[flow].live) {
		errno = ENOENT;
		return -1;
	}
	if (c->dead || c->dev->lost) {
		errno = ENODEV;
		return -1;
	}
	r = &c->flows[flow];
	if (!r->asked && c->aa.tail - c->aa.head < ASK_CAP) {
		r->asked = 1;
		c->aa.ask[c->aa.tail++ % ASK_CAP] = flow;
	}
	if (!r->cached) {
		errno = EAGAIN;
		return -1;
	}
	*out = r->cache;
	return 0;
}

/*
 * Never blocks: the counters of a read sent at or after since_ms (0), or -1
 * with EAGAIN until one has come back; a read is asked for when none is on
 * its way. What a show of one session uses: it answers after the read
 * instead of holding the event loop for it.
 */
static int card_flow_counters_since(struct mppe_engine *e, uint32_t flow, uint64_t since_ms,
				    struct mppe_counters *out)
{
	struct card_engine *c = ce(e);
	struct mppe_counters last;

	if (last_counters(e, flow, &last) < 0)
		return -1;                /* EAGAIN: nothing read yet; or gone */
	if (c->flows[flow].cache_ms < since_ms) {
		errno = EAGAIN;           /* older than asked: the next read is on its way */
		return -1;
	}
	*out = last;
	return 0;
}

/* how long a read sent has gone unanswered at t (0: not on its way; it may
 * have been sent after t was taken) */
static uint64_t unanswered_for(const struct card_rdreq *r, uint64_t t)
{
	return card_rd_state(r) == CARD_RD_SENT && t > r->t_ms ? t - r->t_ms : 0;
}

/* A card whose ring is full and that has not answered a register read for
 * this long is taken as stopped by card_submit (a busy cardsim on a loaded
 * machine answers one in well under a second). */
#define STALL_MS 2000u

static int card_submit(struct mppe_engine *e, const struct mppe_op *ops, unsigned n)
{
	struct card_engine *c = ce(e);
	bool touched[CARD_NUM_QUEUES - 1] = { false };
	uint64_t t = now_ms();
	unsigned done = 0;

	if (c->dead || c->dev->lost) {
		errno = ENODEV;
		return -1;
	}
	for (; done < n; done++) {
		const struct mppe_op *op = &ops[done];
		unsigned q = op->flow % c->nq;
		struct dq *d = &c->dq[q];
		unsigned idx;
		struct slot *s;
		struct card_sqe *sqe;
		uint8_t *buf;
		uint64_t iova;

		if ((op->opcode != MPPE_OP_RESET && op->in_len > SLOT_IN) || op->flow >= c->num_flows ||
		    !c->flows[op->flow].live) {
			/* longer than any packet: refused here, in order with nothing;
			 * a flow destroyed (or never made): refused here, since its
			 * context may still be on the card until its destroy is sent */
			struct mppe_completion m = { .cookie = op->cookie, .flow = op->flow, .opcode = op->opcode,
						     .status = op->flow >= c->num_flows || !c->flows[op->flow].live ?
						     MPPE_ERR_BAD_FLOW : MPPE_ERR_TOO_LONG };
			if (local_push(c, &m) < 0)
				break;
			continue;
		}
		if (card_qp_space(&d->qp) == 0 || dq_nfree(d) == 0) {
			/* Back-pressure, unless the card has left the health
			 * check's read unanswered for STALL_MS with its ring full:
			 * stopped, not busy. Then what does not fit fails here
			 * (MPPE_ERR_DEVICE, as it would when the card is given up)
			 * rather than wait in front of the caller's other work:
			 * held back, it held every session of the loop (pnsd's
			 * batch keeps its order, and its GRE reads pause while
			 * the batch is full) until the card was given up. */
			struct mppe_completion m = { .cookie = op->cookie, .flow = op->flow, .opcode = op->opcode,
						     .status = MPPE_ERR_DEVICE };
			if (unanswered_for(&c->h_st, t) < STALL_MS || local_push(c, &m) < 0)
				break;
			c->st.failed_ops++;
			continue;
		}
		idx = slot_get(d);
		s = &d->slots[idx];
		buf = (uint8_t *)d->bounce.va + (size_t)idx * SLOT_BYTES;
		iova = d->bounce.iova + (uint64_t)idx * SLOT_BYTES;
		sqe = card_qp_next(&d->qp);
		if (op->opcode != MPPE_OP_RESET && op->in_len)
			memcpy(buf, op->in, op->in_len);
		sqe->opcode = op->opcode;
		sqe->cid = (uint16_t)(((unsigned)(s->uses + 1) << d->qp.cq_log2) | idx);
		sqe->flow = op->flow;
		sqe->src = iova;
		sqe->dst = iova + SLOT_IN;
		sqe->in_len = op->opcode == MPPE_OP_RESET ? 0 : op->in_len;
		sqe->out_cap = op->out_cap < SLOT_OUT ? op->out_cap : SLOT_OUT;
		*s = (struct slot){ .cookie = op->cookie, .t_submit_ms = t, .out = op->out, .flow = op->flow,
				    .cid = sqe->cid, .uses = (uint16_t)(s->uses + 1), .in_len = sqe->in_len,
				    .out_cap = sqe->out_cap, .opcode = op->opcode, .busy = 1 };
		c->flows[op->flow].inflight++;
		touched[q] = true;
	}
	for (unsigned q = 0; q < c->nq; q++)
		if (touched[q])
			card_qp_ring(&c->dq[q].qp);
	if (!done && n)
		errno = EAGAIN;
	return (int)done;
}

/* What a successful operation writes: the driver accepts nothing else. */
static unsigned expected_len(const struct slot *s)
{
	switch (s->opcode) {
	case MPPE_OP_ENCRYPT: return s->in_len + 2u;
	/* under 2 octets there is no MPPE header to strip: no length is right
	 * (a card answering OK there is broken; 0 let it through as OK) */
	case MPPE_OP_DECRYPT: return s->in_len >= 2 ? s->in_len - 2u : ~0u;
	default:              return 0;
	}
}

/* One of the flow's operations came back: a destroyed flow's context is
 * freed once its last one has. */
static void flow_op_done(struct card_engine *c, uint32_t flow)
{
	struct flowrec *r;

	if (flow >= c->num_flows)
		return;
	r = &c->flows[flow];
	if (r->inflight && --r->inflight == 0 && r->ending == ENDING_DRAIN)
		destroy_send(c, flow);
}

/*
 * One data completion the queue code passed (queue, phase, SQ head): its
 * CID must name a slot in flight with that generation, its length must be
 * what the operation produces; only then is anything copied to the caller.
 * Returns 1 with *m filled, 0 when it is refused (counted; the operation
 * then times out). Every data completion goes through here.
 */
static int data_complete(struct card_engine *c, struct dq *d, const struct card_cqe *q, struct mppe_completion *m)
{
	unsigned idx = q->cid & ((1u << d->qp.cq_log2) - 1);
	struct slot *s = &d->slots[idx];
	unsigned code = q->status >> CARD_CQE_STATUS_CODE_SHIFT;
	unsigned out_len = q->result & CARD_CQE_RESULT_OUT_LEN_MASK;

	if (!s->busy || s->cid != q->cid) {
		/* a completion for nothing we issued */
		if (getenv("MPPE_CARD_DEBUG"))
			fprintf(stderr, "card: q%u bad cid %u (slot %u busy %u cid %u) sqh %u st %x\n",
				d->qp.id, q->cid, idx, s->busy, s->cid, q->sq_head, q->status);
		c->st.bad_cqes++;
		return 0;
	}

	d->t_progress_ms = now_ms();
	memset(m, 0, sizeof(*m));
	m->cookie = s->cookie;
	m->flow = s->flow;
	m->opcode = s->opcode;
	m->status = map_status(code);
	m->ccount = (uint16_t)((q->result & CARD_CQE_RESULT_CCOUNT_MASK) >> CARD_CQE_RESULT_CCOUNT_SHIFT);
	m->flags = (uint8_t)(q->info & CARD_CQE_INFO_FLAGS_MASK);
	if (m->status == MPPE_OK && s->opcode != MPPE_OP_RESET) {
		const uint8_t *pt = (uint8_t *)d->bounce.va + (size_t)idx * SLOT_BYTES + SLOT_IN;
		if (out_len != expected_len(s) || out_len > s->out_cap) {
			c->st.bad_lengths++;
			m->status = MPPE_ERR_DEVICE;
		} else if (s->opcode == MPPE_OP_DECRYPT && s->flow < c->num_flows && c->flows[s->flow].live &&
			   c->flows[s->flow].p.verify_ipv4 &&
			   !mppe_plausible_ip(pt, out_len, c->flows[s->flow].p.verify_ipv6_too)) {
			/* The card checks only the protocol field (1 forged packet in
			 * ~600 passes it); the software engine also wants a valid IPv4
			 * header before it commits anything. Refused the same here, but
			 * the card's state has moved: say so (multi.c repairs it). */
			c->st.forged++;
			m->status = MPPE_DROP_IMPLAUSIBLE;
			m->flags |= MPPE_CF_STATE_MOVED;
		} else {
			memcpy(s->out, (uint8_t *)d->bounce.va + (size_t)idx * SLOT_BYTES + SLOT_IN, out_len);
			m->out_len = (uint16_t)out_len;
		}
	}
	if (code >= 0x20)
		c->st.card_errors++;
	s->busy = 0;
	slot_put(d, idx);
	flow_op_done(c, s->flow);
	return 1;
}

enum inflight { NONE_INFLIGHT, INFLIGHT, OVERDUE };

/*
 * An operation is overdue when it has waited the timeout since it was
 * submitted AND its queue has completed nothing for the timeout: a card
 * working slowly through a full ring is not hung (the simulator on a
 * loaded machine: 256 stateful 1400-octet operations are some 1.3 M card
 * clocks, and the last one waits for all before it), a card that completes
 * nothing is. One operation lost while the rest of its queue completes is
 * still caught, at OVERDUE_CAP timeouts after its submission.
 */
#define OVERDUE_CAP 8u

static bool slot_overdue(const struct dq *d, const struct slot *s, uint64_t t)
{
	/* t may be older than a completion taken after it was read: no wrap */
	uint64_t waited = t - s->t_submit_ms, idle = t > d->t_progress_ms ? t - d->t_progress_ms : 0;

	return waited > timeout_ms() && (idle > timeout_ms() || waited > (uint64_t)OVERDUE_CAP * timeout_ms());
}

static enum inflight inflight_state(const struct card_engine *c, uint64_t t)
{
	enum inflight r = NONE_INFLIGHT;

	for (unsigned q = 0; q < c->nq; q++) {
		const struct dq *d = &c->dq[q];
		unsigned nslots = 1u << d->qp.cq_log2;
		for (unsigned i = 0; d->slots && i < nslots; i++) {
			if (!d->slots[i].busy)
				continue;
			if (slot_overdue(d, &d->slots[i], t))
				return OVERDUE;
			r = INFLIGHT;
		}
	}
	return r;
}


/*
 * The health check's two reads, never waited for (card_rd_nb): 1 both
 * answered (last_status, last_err), 0 on their way, -1 the card is lost
 * (gone, or a read unanswered for read_timeout_ms: a stopped simulator).
 */
static int health_read(struct card_engine *c, uint64_t t)
{
	int a = card_rd_nb(c->dev, &c->h_st, CARD_CTL_STATUS);
	int b = a < 0 ? -1 : card_rd_nb(c->dev, &c->h_err, CARD_ERR_ERR_STATUS);

	if (a < 0 || b < 0 || c->dev->lost)
		return -1;
	if (a == 1 && b == 1) {
		c->last_status = c->h_st.val;
		c->last_err = c->h_err.val;
		card_rd_set(&c->h_st, CARD_RD_IDLE);
		card_rd_set(&c->h_err, CARD_RD_IDLE);
		return 1;
	}
	if (unanswered_for(&c->h_st, t) > read_timeout_ms() || unanswered_for(&c->h_err, t) > read_timeout_ms()) {
		c->st.timeouts++;
		fprintf(stderr, "card %s: a register read unanswered for %u ms: card lost\n", c->dev->name,
			read_timeout_ms());
		c->dev->lost = true;
		return -1;
	}
	return 0;
}

/*
 * While operations are in flight: a card that reports a fatal error or
 * stopped a queue (ERR_STATUS) will never complete them, so it is reset at
 * once rather than after the timeout; anything overdue also resets it.
 * Its reads are asked and collected over several polls: a card that stops
 * answering (cardsim stopped) never holds the caller's loop.
 */
static void check_health(struct card_engine *c, uint64_t t)
{
	enum inflight state = inflight_state(c, t);
	uint32_t st, err;
	int r;

	if (state == NONE_INFLIGHT && card_rd_state(&c->h_st) != CARD_RD_SENT && card_rd_state(&c->h_err) != CARD_RD_SENT)
		return;
	if (state == OVERDUE) {
		c->st.timeouts++;
		recover(c, "timeout");
		return;
	}
	r = health_read(c, t);
	if (r == 0)
		return;
	if (r < 0) {
		recover(c, "card lost");
		c->dead = true;
		return;
	}
	st = c->last_status;
	err = c->last_err;
	if (st & CARD_CTL_STATUS_FATAL_MASK) {
		c->st.fatal_errors++;
		recover(c, "fatal error");
	} else if (err & (CARD_ERR_ERR_STATUS_SQ_DMA_MASK | CARD_ERR_ERR_STATUS_CQ_DMA_MASK |
			  CARD_ERR_ERR_STATUS_DOORBELL_MASK | CARD_ERR_ERR_STATUS_CQ_OVERFLOW_MASK)) {
		c->st.queue_errors++;
		recover(c, "queue stopped");
	}
}

static int card_poll(struct mppe_engine *e, struct mppe_completion *out, unsigned max)
{
	struct card_engine *c = ce(e);
	unsigned n = 0;
	uint64_t t;

	while (n < max && c->local_head != c->local_tail)
		out[n++] = c->local[c->local_head++ % LOCAL_CAP];
	if (c->dead)
		return (int)n;
	for (unsigned q = 0; q < c->nq && n < max; q++) {
		struct dq *d = &c->dq[q];
		struct card_cqe cq[64];
		int got;

		while (n < max && (got = card_qp_reap(&d->qp, cq, max - n < 64 ? max - n : 64)) > 0) {
			c->st.queue_completions[d->qp.id] += (unsigned)got;
			for (int i = 0; i < got; i++)
				n += (unsigned)data_complete(c, d, &cq[i], &out[n]);
		}
		c->st.bad_cqes += d->qp.bad_cqes;
		d->qp.bad_cqes = 0;
	}
	if ((c->adm_irq || c->aa.nsent || c->aa.wait_head != c->aa.wait_tail || c->aa.head != c->aa.tail) &&
	    adm_service(c, now_ms()))
		c->adm_irq = false;
	/* A few times a second, whether or not completions came back (a
	 * stopped queue does not stop the others): is the card gone, stopped
	 * by an error, or is anything overdue? Or did another loop's engine
	 * on this card find it failed? */
	if (!c->dead && __atomic_load_n(&c->sh->failed, __ATOMIC_SEQ_CST)) {
		recover(c, "failed for another loop");
	} else if (c->dev->lost) {
		recover(c, "card lost");
		c->dead = true;
	} else if ((t = now_ms()) - c->last_scan_ms >= 100 ||
		   (card_rd_state(&c->h_st) == CARD_RD_SENT && t - c->last_scan_ms >= 10)) {
		c->last_scan_ms = t;
		/* a simulator that exited is noticed here even with nothing in
		 * flight (its socket hung up), without waiting for anything */
		if (c->dev->ops->read32_nb && c->dev->ops->read32_nb(c->dev, NULL) < 0) {
			recover(c, "card lost");
			c->dead = true;
		} else {
			check_health(c, t);
		}
	}
	while (n < max && c->local_head != c->local_tail)
		out[n++] = c->local[c->local_head++ % LOCAL_CAP];
	return (int)n;
}

static void card_ack_event(struct mppe_engine *e)
{
	struct card_engine *c = ce(e);

	for (unsigned q = 0; q <= c->nq; q++) {   /* vector 0: the admin queue */
		int fd = c->dev->ops->irq_fd(c->dev, q ? c->qid[q - 1] : 0);
		uint64_t v;
		if (fd >= 0 && read(fd, &v, sizeof(v)) < 0) {
			/* EAGAIN: this vector did not fire */
		} else if (fd >= 0 && q == 0) {
			/* an admin answer, perhaps another loop's: this loop
			 * took the interrupt, so it collects (card_poll) */
			c->adm_irq = true;
		}
	}
	if (c->sh->wake[c->view] >= 0) {
		eventfd_t v;
		eventfd_read(c->sh->wake[c->view], &v);
	}
}

static int card_stats(struct mppe_engine *e, struct card_engine_stats *out)
{
	*out = ce(e)->st;
	out->lost = ce(e)->dead || ce(e)->dev->lost;
	out->admin_pending = ce(e)->aa.nsent + (ce(e)->aa.wait_tail - ce(e)->aa.wait_head);
	out->reads_waiting = (card_rd_state(&ce(e)->h_st) == CARD_RD_SENT) + (card_rd_state(&ce(e)->h_err) == CARD_RD_SENT);
	return 0;
}

void card_engine_forget_on_reset(struct mppe_engine *e)
{
	if (e->ops->stats == card_stats)
		ce(e)->forget_on_reset = true;
}

int card_engine_reset(struct mppe_engine *e)
{
	struct card_engine *c = ce(e);
	recover(c, "requested");
	return c->dead ? -1 : 0;
}

/* ------------------------------------------------------------------ management (mppecardctl) */

static struct card_engine *card_of(struct mppe_engine *e)
{
	if (e->ops->stats != card_stats) {
		errno = EINVAL;
		return NULL;
	}
	if (ce(e)->dead || ce(e)->dev->lost) {
		errno = ENODEV;
		return NULL;
	}
	return ce(e);
}

int card_engine_identify(struct mppe_engine *e, struct card_ident *out)
{
	struct card_engine *c = card_of(e);
	struct card_sqe cmd = { .opcode = CARD_ADM_IDENTIFY, .out_cap = sizeof(*out) };
	struct card_cqe res;

	if (!c)
		return -1;
	cmd.dst = c->adm_buf.iova;
	if (admin_quiesce(c) < 0)
		return -1;
	memset(c->adm_buf.va, 0, sizeof(*out));
	if (admin(c, &cmd, &res) < 0)
		return -1;
	memcpy(out, c->adm_buf.va, sizeof(*out));
	return 0;
}

static uint64_t rd64(struct card_dev *d, uint32_t lo)
{
	uint64_t v = card_rd(d, lo);               /* LO first: it latches HI */
	return v | (uint64_t)card_rd(d, lo + 4) << 32;
}

int card_engine_card_counters(struct mppe_engine *e, struct card_global_counters *out)
{
	struct card_engine *c = card_of(e);

	if (!c)
		return -1;
	out->cycles = rd64(c->dev, CARD_CNT_CYCLES_LO);
	out->ops = rd64(c->dev, CARD_CNT_OPS_LO);
	out->errors = rd64(c->dev, CARD_CNT_ERRORS_LO);
	out->bytes_in = rd64(c->dev, CARD_CNT_BYTES_IN_LO);
	out->bytes_out = rd64(c->dev, CARD_CNT_BYTES_OUT_LO);
	out->engine_busy = rd64(c->dev, CARD_CNT_ENGINE_BUSY_LO);
	out->irqs = rd64(c->dev, CARD_CNT_IRQS_LO);
	out->status = card_rd(c->dev, CARD_CTL_STATUS);
	out->fatal_code = card_rd(c->dev, CARD_CTL_FATAL_CODE);
	out->err_status = card_rd(c->dev, CARD_ERR_ERR_STATUS);
	out->mgmt_boot = card_rd(c->dev, CARD_CTL_MGMT_BOOT);
	return c->dev->lost ? (errno = ENODEV, -1) : 0;
}

int card_engine_flow_on_card(struct mppe_engine *e, uint32_t flow, struct card_flowcnt *out)
{
	struct card_engine *c = card_of(e);
	struct card_sqe cmd = { .opcode = CARD_ADM_FLOW_COUNTERS, .flow = flow, .out_cap = sizeof(*out) };
	struct card_cqe res;

	if (!c)
		return -1;
	cmd.dst = c->adm_buf.iova;
	if (admin_quiesce(c) < 0)
		return -1;
	memset(c->adm_buf.va, 0, sizeof(*out));
	if (admin(c, &cmd, &res) < 0)
		return -1;
	memcpy(out, c->adm_buf.va, sizeof(*out));
	return 0;
}

int card_engine_fw_update(struct mppe_engine *e, const void *image, size_t len, uint32_t *result)
{
	struct card_engine *c = card_of(e);
	struct card_sqe cmd = { .opcode = CARD_ADM_FW_UPDATE };
	struct card_dma buf = { 0 };
	struct card_ident id;
	struct card_cqe res = { 0 };
	int r;

	if (!c)
		return -1;
	if (len == 0 || len > CARD_FW_IMAGE_MAX) {
		errno = EFBIG;
		return -1;
	}
	if (c->dev->ops->dma_alloc(c->dev, len, &buf) < 0)
		return -1;
	memcpy(buf.va, image, len);
	cmd.src = buf.iova;
	cmd.in_len = (uint16_t)len;
	r = admin(c, &cmd, &res);
	*result = res.result;
	c->dev->ops->dma_free(c->dev, &buf);
	if (r < 0)
		return -1;
	/* The new firmware answers the next admin command once it booted; then
	 * it must be READY (its self-test passed) again. */
	if (card_engine_identify(e, &id) < 0 ||
	    wait_status(c, CARD_CTL_STATUS_READY_MASK, CARD_CTL_STATUS_READY_MASK, bringup_ms()) < 0)
		return -1;
	return 0;
}

struct card_dev *card_engine_dev(struct mppe_engine *e)
{
	return ce(e)->dev;
}

/* The three differ only in how the device is reached. */
#define CARD_BACKEND(kind_, open_) {                                    \
	.kind = kind_, .open = open_, .open_step = card_open_step,      \
	.close = card_close, .flow_create = card_flow_create,           \
	.flow_create_start = card_flow_create_start,                    \
	.flow_destroy = card_flow_destroy,                              \
	.flow_counters = card_flow_counters,                            \
	.flow_counters_since = card_flow_counters_since,                \
	.submit = card_submit, .poll = card_poll,                       \
	.ack_event = card_ack_event, .stats = card_stats,               \
}

const struct mppe_backend_ops mppe_backend_cardsim = CARD_BACKEND("cardsim", cardsim_open);
const struct mppe_backend_ops mppe_backend_vfio = CARD_BACKEND("vfio", vfio_open);
/* not selectable by a spec: card_engine_open_dev */
static const struct mppe_backend_ops backend_on_dev = CARD_BACKEND("card", NULL);

struct mppe_engine *card_engine_open_dev(struct card_dev *dev)
{
	struct mppe_engine *e = calloc(1, sizeof(*e));

	if (!e) {
		if (dev)
			dev->ops->close(dev);
		return NULL;
	}
	e->ops = &backend_on_dev;
	e->event_fd = -1;
	struct card_shared *sh = share_new(dev, "", 1);
	if (!sh || card_attach(e, sh, 0) < 0) {
		int err = errno;
		if (e->priv)
			card_close(e);
		else if (sh)
			share_free(sh);
		free(e);
		errno = err;
		return NULL;
	}
	/* the bring-up at once: the caller's device answers from memory */
	for (int r; (r = card_open_step_once(e)) <= 0;) {
		if (r < 0) {
			int err = errno;
			card_close(e);
			free(e);
			errno = err;
			return NULL;
		}
	}
	return e;
}
