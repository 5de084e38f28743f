/*
 * libFuzzer: the card engine (driver/card/card_engine.c) above a hostile
 * card. fuzz_card_cq.c covers the ring code alone; this one runs the whole
 * driver as pnsd uses it (flows created and destroyed, packets submitted,
 * completions polled, counters peeked, resets) while the fuzzer plays the
 * card: it answers admin commands with any status and any flow ID, writes
 * any counters, completes data operations in any order with any status,
 * length, coherency count, flags, command ID, SQ head and queue ID, writes
 * raw entries, raises FATAL or a queue error, or disappears.
 *
 * The card is memory here (card_engine_open_dev): registers in an array,
 * IOVAs that are the host addresses, the rings and buffers read and written
 * as the card's DMA would.
 *
 * Checks besides crashes and ASan (each output buffer is allocated at its
 * exact capacity, so a copy of a length the card made up is caught):
 *   - every completion names an operation in flight, once, with its flow
 *     and opcode, a status of enum mppe_status, and on success the length
 *     the operation produces (encrypt +2, decrypt -2) within its capacity;
 *   - when the card is gone, every operation still in flight completes
 *     (with MPPE_ERR_DEVICE): none is lost, whatever the card did before.
 * Cost over budget (fuzz_cost.h) is a finding. An admin command the card
 * never answers blocks its caller until the timeout (the blocking admin
 * path of issues 16 and 18): the harness sets that timeout to 2 ms
 * (MPPE_CARD_TIMEOUT_MS), so such inputs cost little and their recovery
 * paths (reset, flows re-created, overdue operations failed) are explored.
 *
 *   input: a stream of operations, one octet each, then their arguments;
 *   the card's answers to admin commands take octets from the same stream.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_cost.h"
#include "card_dev.h"
#include "card_engine.h"
#include "card_if.h"
#include "mppe/engine.h"
#include "mppe/mppe.h"

#define NUM_FLOWS   64u
#define DATA_QUEUES 2u
#define MAX_OPS     512u     /* more than both data queues hold */

/* ------------------------------------------------------------------ input */

static const uint8_t *in_p;
static size_t in_n, in_off;

static uint8_t take(void)
{
	return in_off < in_n ? in_p[in_off++] : 0;
}

static uint16_t take16(void)
{
	uint16_t v = take();
	return (uint16_t)(v | take() << 8);
}

/* ------------------------------------------------------------------ the card */

struct fq {
	uint64_t sq, cq;
	unsigned sq_log2, cq_log2;
	bool on;
	uint16_t tail;           /* SQ tail the driver rang */
	uint16_t fetched;        /* entries the card took from the SQ */
	uint16_t cq_tail;        /* completions written */
	uint8_t phase;
	uint16_t pend[1u << CARD_MAX_QUEUE_LOG2];   /* fetched, not completed: SQ index */
	unsigned npend;
};

static struct {
	uint32_t regs[CARD_BAR0_SIZE / 4];
	struct fq q[CARD_NUM_QUEUES];
	bool fatal;
	uint32_t err;
	uint32_t next_flow;
} card;

static void q_enable(unsigned n, uint32_t cfg)
{
	struct fq *q = &card.q[n];
	uint32_t base = CARD_Q_REG(n, 0) / 4;

	memset(q, 0, sizeof(*q));
	q->sq_log2 = (cfg & CARD_Q_CFG_SQ_LOG2_MASK) >> CARD_Q_CFG_SQ_LOG2_SHIFT;
	q->cq_log2 = (cfg & CARD_Q_CFG_CQ_LOG2_MASK) >> CARD_Q_CFG_CQ_LOG2_SHIFT;
	q->sq = card.regs[base + CARD_Q_SQ_BASE_LO / 4] | (uint64_t)card.regs[base + CARD_Q_SQ_BASE_HI / 4] << 32;
	q->cq = card.regs[base + CARD_Q_CQ_BASE_LO / 4] | (uint64_t)card.regs[base + CARD_Q_CQ_BASE_HI / 4] << 32;
	q->phase = 1;
	q->on = (cfg & CARD_Q_CFG_ENABLE_MASK) && q->sq_log2 >= CARD_MIN_QUEUE_LOG2 &&
		q->cq_log2 >= q->sq_log2 && q->cq_log2 <= CARD_MAX_QUEUE_LOG2 && q->sq && q->cq;
}

static struct card_sqe *q_sqe(const struct fq *q, uint16_t idx)
{
	return (struct card_sqe *)(uintptr_t)(q->sq + (uint64_t)(idx & ((1u << q->sq_log2) - 1)) * CARD_SQE_SIZE);
}

/* The card's write of one completion: the entry, then its status word with
 * the phase last, as the host interface writes it. */
static void q_post(struct fq *q, struct card_cqe e)
{
	volatile struct card_cqe *slot =
		(volatile struct card_cqe *)(uintptr_t)(q->cq + (uint64_t)(q->cq_tail & ((1u << q->cq_log2) - 1)) *
							    CARD_CQE_SIZE);
	uint16_t st = (uint16_t)((e.status & ~CARD_CQE_STATUS_PHASE_MASK) | q->phase);

	e.status = 0;
	slot->status = (uint16_t)(q->phase ^ 1);     /* not valid while the rest is written */
	memcpy((void *)slot, &e, offsetof(struct card_cqe, status));
	__atomic_store_n(&slot->status, st, __ATOMIC_RELEASE);
	q->cq_tail++;
	if ((q->cq_tail & ((1u << q->cq_log2) - 1)) == 0)
		q->phase ^= 1;
}

/* A status code: mostly success, otherwise anything the field holds. */
static uint16_t take_status(void)
{
	uint8_t b = take();
	unsigned code = b < 0xa0 ? CARD_STATUS_OK : b < 0xe0 ? (b & 0x0f) : (b & 0x7f);
	return (uint16_t)(code << CARD_CQE_STATUS_CODE_SHIFT);
}

/* Admin commands are answered as they are rung (the driver may wait). */
static void admin_answer(void)
{
	struct fq *q = &card.q[0];

	while (q->on && q->fetched != q->tail) {
		struct card_sqe *s = q_sqe(q, q->fetched);
		struct card_cqe e = { .cid = s->cid, .sq_id = 0 };
		uint8_t how = take();

		q->fetched++;
		e.sq_head = q->fetched;
		e.status = take_status();
		if (s->opcode == CARD_ADM_FLOW_CREATE)
			e.result = how < 0xe0 ? card.next_flow++ : (uint32_t)take16() << (how & 15);
		if (s->opcode == CARD_ADM_FLOW_COUNTERS && s->dst) {
			uint8_t *dst = (uint8_t *)(uintptr_t)s->dst;
			size_t n = s->out_cap < sizeof(struct card_flowcnt) ? s->out_cap : sizeof(struct card_flowcnt);
			for (size_t i = 0; i < n; i++)
				dst[i] = take();
		}
		if (how >= 0xf8)
			e.cid = take16();            /* an answer to something else */
		q_post(q, e);
	}
}

static uint32_t rd(struct card_dev *d, uint32_t off)
{
	if (d->lost)
		return 0xffffffffu;
	switch (off) {
	case CARD_HDR_TYPE:       return CARD_MAGIC;
	case CARD_HDR_VERSION:    return CARD_IF_VERSION_MAJOR << CARD_HDR_VERSION_MAJOR_SHIFT;
	case CARD_CAP_NUM_FLOWS:  return NUM_FLOWS;
	case CARD_CAP_NUM_QUEUES: return 1 + DATA_QUEUES;
	case CARD_CAP_FEATURES:   return CARD_CAP_FEATURES_ENGINE_MASK | CARD_CAP_FEATURES_MGMT_MASK;
	case CARD_CTL_STATUS:
		return CARD_CTL_STATUS_READY_MASK | CARD_CTL_STATUS_ENABLED_MASK |
		       (card.fatal ? CARD_CTL_STATUS_FATAL_MASK : 0);
	case CARD_ERR_ERR_STATUS: return card.err;
	}
	if (off >= CARD_Q_BASE && off < CARD_Q_REG(CARD_NUM_QUEUES, 0) &&
	    (off - CARD_Q_BASE) % CARD_Q_STRIDE == CARD_Q_STATUS) {
		const struct fq *q = &card.q[(off - CARD_Q_BASE) / CARD_Q_STRIDE];
		return (q->on ? CARD_Q_STATUS_ENABLED_MASK : 0) | q->fetched;
	}
	return off < CARD_BAR0_SIZE ? card.regs[off / 4] : 0xffffffffu;
}

static int wr(struct card_dev *d, uint32_t off, uint32_t v)
{
	if (d->lost) {
		errno = ENODEV;
		return -1;
	}
	if (off >= CARD_BAR0_SIZE)
		return 0;
	card.regs[off / 4] = v;
	if (off == CARD_CTL_CONTROL && (v & CARD_CTL_CONTROL_RESET_MASK)) {
		/* a reset: queues off, no flows, errors cleared */
		memset(card.q, 0, sizeof(card.q));
		card.fatal = false;
		card.err = 0;
		card.next_flow = 0;
	}
	if (off >= CARD_Q_BASE && off < CARD_Q_REG(CARD_NUM_QUEUES, 0) &&
	    (off - CARD_Q_BASE) % CARD_Q_STRIDE == CARD_Q_CFG)
		q_enable((off - CARD_Q_BASE) / CARD_Q_STRIDE, v);
	return 0;
}

static void doorbell(struct card_dev *d, uint32_t off, uint32_t v)
{
	unsigned n = (off - CARD_DB_SQ_TAIL) / 8;

	if (d->lost || off < CARD_DB_SQ_TAIL || n >= CARD_NUM_QUEUES || (off - CARD_DB_SQ_TAIL) % 8)
		return;                          /* CQ head doorbells: nothing to do */
	card.q[n].tail = (uint16_t)v;
	if (n == 0)
		admin_answer();
}

static int dma_alloc(struct card_dev *d, size_t size, struct card_dma *out)
{
	(void)d;
	out->va = aligned_alloc(4096, (size + 4095) & ~(size_t)4095);
	if (!out->va)
		return -1;
	out->iova = (uint64_t)(uintptr_t)out->va;
	out->size = size;
	out->priv = NULL;
	return 0;
}

static void dma_free(struct card_dev *d, struct card_dma *m)
{
	(void)d;
	free(m->va);
	m->va = NULL;
}

static int irq_fd(struct card_dev *d, unsigned v) { (void)d; (void)v; return -1; }
static int dev_reset(struct card_dev *d) { (void)d; return 0; }
static void dev_close(struct card_dev *d) { (void)d; }

static const struct card_dev_ops ops = {
	.kind = "fuzz", .read32 = rd, .write32 = wr, .doorbell = doorbell, .dma_alloc = dma_alloc,
	.dma_free = dma_free, .irq_fd = irq_fd, .reset = dev_reset, .close = dev_close,
};

/* The card takes up to n entries of data queue q from its SQ. */
static void card_fetch(unsigned n)
{
	struct fq *q = &card.q[1 + n % DATA_QUEUES];

	for (unsigned k = take() % 32; k && q->on && q->fetched != q->tail; k--) {
		q->pend[q->npend++] = q->fetched;
		q->fetched++;
	}
}

/* The card completes one fetched entry, honestly or not. */
static void card_complete(unsigned n)
{
	unsigned qn = 1 + n % DATA_QUEUES;
	struct fq *q = &card.q[qn];
	uint8_t lie = take();
	struct card_sqe *s;
	struct card_cqe e;
	unsigned i, len;

	if (!q->on || q->npend == 0)
		return;
	i = take() % q->npend;
	s = q_sqe(q, q->pend[i]);
	q->pend[i] = q->pend[--q->npend];
	len = s->opcode == MPPE_OP_ENCRYPT ? s->in_len + 2u : s->in_len >= 2 ? s->in_len - 2u : 0;
	if (lie & 0x01)
		len = take16();
	for (unsigned k = 0; s->dst && k < len && k < s->out_cap; k++)
		((uint8_t *)(uintptr_t)s->dst)[k] = take();
	e = (struct card_cqe){
		.result = (len & CARD_CQE_RESULT_OUT_LEN_MASK) | ((uint32_t)take16() << CARD_CQE_RESULT_CCOUNT_SHIFT &
								   CARD_CQE_RESULT_CCOUNT_MASK),
		.info = take() | (uint32_t)s->opcode << CARD_CQE_INFO_OPCODE_SHIFT,
		.sq_head = (lie & 0x02) ? take16() : q->fetched,
		.sq_id = (uint16_t)((lie & 0x04) ? take() % CARD_NUM_QUEUES : qn),
		.cid = (lie & 0x08) ? take16() : s->cid,
		.status = take_status(),
	};
	q_post(q, e);
}

/* Sixteen octets of the input as the next completion, valid phase. */
static void card_raw(unsigned n)
{
	struct fq *q = &card.q[1 + n % DATA_QUEUES];
	struct card_cqe e;

	if (!q->on)
		return;
	for (unsigned k = 0; k < sizeof(e); k++)
		((uint8_t *)&e)[k] = take();
	q_post(q, e);
}

/* ------------------------------------------------------------------ the driver's side */

struct op_rec {
	bool busy;
	uint32_t flow;
	uint8_t opcode;
	uint16_t in_len, out_cap;
	uint8_t *out;
};

static struct op_rec rec[MAX_OPS];
static uint8_t packet[2400];

static void check_completion(const struct mppe_completion *m)
{
	struct op_rec *r;

	if (m->cookie >= MAX_OPS || !rec[m->cookie].busy)
		abort();                 /* completes nothing in flight, or twice */
	r = &rec[m->cookie];
	if (m->flow != r->flow || m->opcode != r->opcode || m->status >= MPPE_STATUS_COUNT ||
	    m->out_len > r->out_cap)
		abort();
	if (m->status == MPPE_OK && r->opcode == MPPE_OP_ENCRYPT && m->out_len != r->in_len + 2u)
		abort();
	if (m->status == MPPE_OK && r->opcode == MPPE_OP_DECRYPT && m->out_len + 2u != r->in_len)
		abort();
	if (m->status != MPPE_OK && m->out_len)
		abort();
	free(r->out);
	*r = (struct op_rec){ 0 };
}

static unsigned poll_all(struct mppe_engine *e)
{
	struct mppe_completion c[64];
	unsigned total = 0;
	int n;

	while ((n = mppe_poll(e, c, 64)) > 0) {
		for (int i = 0; i < n; i++)
			check_completion(&c[i]);
		total += (unsigned)n;
	}
	return total;
}

static void submit(struct mppe_engine *e, const uint32_t *flows, unsigned nflows)
{
	struct mppe_op op[16];
	unsigned k = 1 + take() % 16, n = 0;
	int done;

	for (unsigned i = 0; i < k; i++) {
		uint8_t how = take();
		unsigned slot;
		for (slot = 0; slot < MAX_OPS && rec[slot].busy; slot++)
			;
		if (slot == MAX_OPS)
			break;
		/* slots picked for this batch are marked so the next is different */
		rec[slot].busy = true;
		op[n] = (struct mppe_op){
			.cookie = slot,
			.flow = nflows && !(how & 0x80) ? flows[how % nflows] : take(),
			.opcode = (how & 0x60) == 0x60 ? (take() & 7) : (how & 0x40) ? MPPE_OP_DECRYPT :
				  (how & 0x20) ? MPPE_OP_RESET : MPPE_OP_ENCRYPT,
			.in = packet,
			.in_len = (uint16_t)(take16() % sizeof(packet)),
		};
		op[n].out_cap = (uint16_t)(op[n].in_len + 2u);
		rec[slot] = (struct op_rec){ .busy = true, .flow = op[n].flow, .opcode = op[n].opcode,
					    .in_len = op[n].opcode == MPPE_OP_RESET ? 0 : op[n].in_len,
					    .out_cap = op[n].out_cap, .out = malloc(op[n].out_cap) };
		op[n].out = rec[slot].out;
		n++;
	}
	done = mppe_submit(e, op, n);
	/* what was not taken was never in flight */
	for (unsigned i = done > 0 ? (unsigned)done : 0; i < n; i++) {
		free(rec[op[i].cookie].out);
		rec[op[i].cookie] = (struct op_rec){ 0 };
	}
}

static void run(const uint8_t *data, size_t size)
{
	struct card_dev dev = { .ops = &ops, .name = "fuzz" };
	struct mppe_engine *e;
	uint32_t flows[NUM_FLOWS];
	unsigned nflows = 0;

	setenv("MPPE_CARD_TIMEOUT_MS", "2", 1);
	in_p = data;
	in_n = size;
	in_off = 0;
	memset(&card, 0, sizeof(card));
	memset(rec, 0, sizeof(rec));
	e = card_engine_open_dev(&dev);
	if (!e)
		return;
	while (in_off < in_n) {
		uint8_t op = take();
		switch (op >> 4) {
		case 0: case 1: {                              /* create a flow */
			struct mppe_flow_params p = {
				.dir = (op & 1) ? MPPE_DIR_RX : MPPE_DIR_TX,
				.key_bits = (op & 2) ? 128 : (op & 4) ? 56 : 40,
				.stateful = (op & 8) != 0,
				.verify_ipv4 = (op & 16) != 0,
				.verify_ipv6_too = (op & 1) != 0,
			};
			uint32_t id;
			for (unsigned i = 0; i < sizeof(p.start_key); i++)
				p.start_key[i] = (uint8_t)(i * 37 + op);
			if (nflows < NUM_FLOWS && mppe_flow_create(e, &p, &id) == 0)
				flows[nflows++] = id;
			break;
		}
		case 2:                                         /* destroy one */
			if (nflows) {
				unsigned i = take() % nflows;
				mppe_flow_destroy(e, flows[i]);
				flows[i] = flows[--nflows];
			}
			break;
		case 3: case 4: case 5:
			submit(e, flows, nflows);
			break;
		case 6: case 7:
			card_fetch(op);
			break;
		case 8: case 9: case 10:
			card_complete(op);
			break;
		case 11:
			card_raw(op);
			break;
		case 12: case 13:
			poll_all(e);
			break;
		case 14:                                        /* counters, never blocking */
			if (nflows) {
				struct mppe_counters c;
				mppe_flow_peek_counters(e, flows[take() % nflows], &c);
			}
			break;
		default:                                        /* the card fails */
			if (op == 0xff)
				card_engine_reset(e);
			else if (op & 1)
				card.fatal = true;
			else
				card.err = CARD_ERR_ERR_STATUS_SQ_DMA_MASK;
			break;
		}
	}
	/* The card disappears: whatever it did, every operation still in
	 * flight completes now (a reset of the driver's state, nothing lost). */
	dev.lost = true;
	poll_all(e);
	poll_all(e);
	for (unsigned i = 0; i < MAX_OPS; i++)
		if (rec[i].busy)
			abort();
	mppe_engine_close(e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_cost_run("operations", size, run, data, size);
	return 0;
}
