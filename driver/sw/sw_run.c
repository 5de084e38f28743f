/* The flow table and one operation on a reference flow (sw_run.h). */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "sw_run.h"

/* A decryption's completion flags around mppe_flow_decrypt_begin (rest: see
 * there; NULL: the whole packet now). */
static enum mppe_status run_decrypt(struct mppe_flow *f, const struct mppe_op *op, struct mppe_completion *c,
				    size_t *out_len, struct mppe_rx_rest *rest)
{
	enum mppe_status st;
	uint64_t resets;

	if (op->in_len >= MPPE_HDR_LEN) {
		c->ccount = (uint16_t)(((op->in[0] & 0x0f) << 8) | op->in[1]);
		c->flags |= (op->in[0] & MPPE_BIT_A) ? MPPE_CF_FLUSHED : 0;
	}
	resets = f->c.ccp_resets;
	if (rest)
		st = mppe_flow_decrypt_begin(f, op->in, op->in_len, op->out, op->out_cap, out_len, rest);
	else
		st = mppe_flow_decrypt(f, op->in, op->in_len, op->out, op->out_cap, out_len);
	if (f->c.ccp_resets != resets) /* loss, or out of step: see mppe_flow.c */
		c->flags |= MPPE_CF_RESET_REQUEST;
	if (f->c.sanity_score >= MPPE_SANITY_FATAL)
		c->flags |= MPPE_CF_SANITY_FATAL;
	return st;
}

void sw_run_op(struct mppe_flow *f, const struct mppe_op *op, struct mppe_completion *c)
{
	enum mppe_status st;
	size_t out_len = 0;

	memset(c, 0, sizeof(*c));
	c->cookie = op->cookie;
	c->flow = op->flow;
	c->opcode = op->opcode;
	if (!f) {
		c->status = MPPE_ERR_BAD_FLOW;
		return;
	}
	switch (op->opcode) {
	case MPPE_OP_ENCRYPT:
		st = mppe_flow_encrypt(f, op->in, op->in_len, op->out, op->out_cap, &out_len);
		if (st == MPPE_OK) {
			c->ccount = f->ccount;
			c->flags |= (op->out[0] & MPPE_BIT_A) ? MPPE_CF_FLUSHED : 0;
		}
		break;
	case MPPE_OP_DECRYPT:
		st = run_decrypt(f, op, c, &out_len, NULL);
		break;
	case MPPE_OP_RESET:
		st = mppe_flow_reset(f);
		break;
	default:
		st = MPPE_ERR_BAD_OP;
		break;
	}
	c->status = (uint16_t)st;
	c->out_len = (uint16_t)out_len;
}

static bool ranges_meet(const uint8_t *p, size_t plen, const uint8_t *q, size_t qlen)
{
	uintptr_t a = (uintptr_t)p, b = (uintptr_t)q;

	return a < b + qlen && b < a + plen;
}

/* Whether two operations touch a common octet: what each reads (in) and
 * writes (out: an encryption the header and the ciphertext, in_len + 2
 * octets; a decryption less than in_len). */
static bool ops_overlap(const struct mppe_op *a, const struct mppe_op *b)
{
	size_t ao = (size_t)a->in_len + MPPE_HDR_LEN, bo = (size_t)b->in_len + MPPE_HDR_LEN;

	return ranges_meet(a->in, a->in_len, b->in, b->in_len) || ranges_meet(a->in, a->in_len, b->out, bo) ||
	       ranges_meet(a->out, ao, b->in, b->in_len) || ranges_meet(a->out, ao, b->out, bo);
}

static void enc_complete(const struct mppe_flow *f, const struct mppe_op *op, struct mppe_completion *c,
			 enum mppe_status st, size_t out_len)
{
	memset(c, 0, sizeof(*c));
	c->cookie = op->cookie;
	c->flow = op->flow;
	c->opcode = op->opcode;
	if (st == MPPE_OK) {
		c->ccount = f->ccount;
		c->flags |= (op->out[0] & MPPE_BIT_A) ? MPPE_CF_FLUSHED : 0;
	}
	c->status = (uint16_t)st;
	c->out_len = (uint16_t)out_len;
}

unsigned sw_run_op_pair(struct mppe_flow *fa, const struct mppe_op *a, struct mppe_completion *ca,
			struct mppe_flow *fb, const struct mppe_op *b, struct mppe_completion *cb)
{
	enum mppe_status sta, stb;
	size_t la = 0, lb = 0;
	uint16_t cca;

	if (!fa || !fb || a->opcode != b->opcode || fa->p.stateful || fb->p.stateful || ops_overlap(a, b) ||
	    (a->opcode != MPPE_OP_ENCRYPT && a->opcode != MPPE_OP_DECRYPT)) {
		sw_run_op(fa, a, ca);
		return 1;
	}
	if (a->opcode == MPPE_OP_DECRYPT) {
		/* each decided and checked in turn, the passes over their rest together */
		struct mppe_rx_rest ra, rb;

		memset(ca, 0, sizeof(*ca));
		ca->cookie = a->cookie;
		ca->flow = a->flow;
		ca->opcode = a->opcode;
		sta = run_decrypt(fa, a, ca, &la, &ra);
		ca->status = (uint16_t)sta;
		ca->out_len = (uint16_t)(sta == MPPE_OK ? la : 0);
		memset(cb, 0, sizeof(*cb));
		cb->cookie = b->cookie;
		cb->flow = b->flow;
		cb->opcode = b->opcode;
		stb = run_decrypt(fb, b, cb, &lb, &rb);
		cb->status = (uint16_t)stb;
		cb->out_len = (uint16_t)(stb == MPPE_OK ? lb : 0);
		mppe_rx_rest_run(&ra, &rb);
		return 2;
	}
	mppe_flow_encrypt_pair(fa, a->in, a->in_len, a->out, a->out_cap, &la, &sta,
			       fb, b->in, b->in_len, b->out, b->out_cap, &lb, &stb);
	/* a's count is the one before b's when they share the flow */
	cca = fa->ccount;
	if (fa == fb && stb == MPPE_OK)
		cca = (uint16_t)((cca + MPPE_CCOUNT_MASK) & MPPE_CCOUNT_MASK);
	enc_complete(fa, a, ca, sta, la);
	ca->ccount = sta == MPPE_OK ? cca : 0;
	enc_complete(fb, b, cb, stb, lb);
	return 2;
}

int sw_flows_reserve(struct sw_flows *t, uint32_t max, uint32_t *id)
{
	uint32_t i;

	for (i = t->next_free; i < t->n && t->f[i]; i++)
		;
	if (i == t->n) {
		uint32_t n = t->n ? 2 * t->n : 64;
		struct mppe_flow **grown;
		if (n > max)
			n = max;
		if (n <= t->n) {
			errno = ENOSPC;
			return -1;
		}
		grown = realloc(t->f, n * sizeof(*grown));
		if (!grown)
			return -1;
		memset(grown + t->n, 0, (n - t->n) * sizeof(*grown));
		t->f = grown;
		t->n = n;
	}
	t->next_free = i;
	*id = i;
	return 0;
}

int sw_flows_put(struct sw_flows *t, uint32_t id, const struct mppe_flow_params *p,
		 const struct mppe_shadow *s)
{
	struct mppe_flow *f = malloc(sizeof(*f));

	if (!f)
		return -1;
	if ((s ? mppe_flow_init_resume(f, p, s) : mppe_flow_init(f, p)) < 0) {
		int err = errno;
		sw_flow_free(f);
		errno = err;
		return -1;
	}
	t->f[id] = f;
	t->next_free = id + 1;
	return 0;
}

struct mppe_flow *sw_flows_get(const struct sw_flows *t, uint32_t id)
{
	return id < t->n ? t->f[id] : NULL;
}

struct mppe_flow *sw_flows_take(struct sw_flows *t, uint32_t id)
{
	struct mppe_flow *f = sw_flows_get(t, id);

	if (!f) {
		errno = ENOENT;
		return NULL;
	}
	t->f[id] = NULL;
	if (id < t->next_free)
		t->next_free = id;
	return f;
}

void sw_flows_clear(struct sw_flows *t)
{
	for (uint32_t i = 0; i < t->n; i++)
		if (t->f[i])
			sw_flow_free(t->f[i]);
	free(t->f);
	memset(t, 0, sizeof(*t));
}

void sw_flow_free(struct mppe_flow *f)
{
	mppe_flow_wipe(f);
	free(f);
}
