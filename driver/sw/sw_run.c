/* One engine operation on the reference flow, as a completion (sw_run.h). */
#include <string.h>

#include "sw_run.h"

void sw_run_op(struct mppe_flow *f, const struct mppe_op *op, struct mppe_completion *c)
{
	enum mppe_status st;
	size_t out_len = 0;
	uint64_t resets;

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
		if (op->in_len >= MPPE_HDR_LEN) {
			c->ccount = (uint16_t)(((op->in[0] & 0x0f) << 8) | op->in[1]);
			c->flags |= (op->in[0] & MPPE_BIT_A) ? MPPE_CF_FLUSHED : 0;
		}
		resets = f->c.ccp_resets;
		st = mppe_flow_decrypt(f, op->in, op->in_len, op->out, op->out_cap, &out_len);
		if (f->c.ccp_resets != resets) /* loss, or out of step: see mppe_flow.c */
			c->flags |= MPPE_CF_RESET_REQUEST;
		if (f->c.sanity_score >= MPPE_SANITY_FATAL)
			c->flags |= MPPE_CF_SANITY_FATAL;
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
