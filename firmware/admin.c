/*
 * Admin command execution (docs/admin-mailbox.md section 3). Every command
 * ends in exactly one completion; anything malformed gets an error status.
 * Formats: contract/card_if.h (generated from contract/card_if.txt).
 */
#include <stddef.h>

#include "fw.h"
#include "fw_image.h"
#include "hal.h"
#include "util.h"

#define MAX_INTR_TIME_US 1000u

struct fw_state fw;

static bool zero(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint8_t any = 0;

	for (size_t i = 0; i < n; i++)
		any |= b[i];
	return any == 0;
}

static bool card_ready(void)
{
	return (fw.card_status & CARD_IDENT_CARD_STATE_READY_MASK) != 0;
}

/* Writes n octets of the DMA buffer to host memory at dst. */
static uint16_t dma_out(uint64_t dst, uint32_t n)
{
	int rc = hal_dma(dst, n, 1);

	if (rc != 0) {
		evlog_add(CARD_EV_DMA_ERROR, (uint32_t)rc);
		return CARD_STATUS_CARD_DST_DMA;
	}
	return CARD_STATUS_OK;
}

static uint16_t cmd_identify(const struct card_sqe *sqe, struct card_cqe *cqe)
{
	struct card_ident id;
	uint8_t *buf = hal_dmabuf();
	uint32_t n = sqe->out_cap < HAL_DMABUF_SIZE ? sqe->out_cap : HAL_DMABUF_SIZE;

	if (sqe->out_cap < sizeof id || sqe->flow != 0 || sqe->in_len != 0 ||
	    !zero(sqe->arg, sizeof sqe->arg))
		return CARD_STATUS_ADM_BAD_ARG;
	fw_fill(&id, 0, sizeof id);
	id.magic = CARD_IDENT_MAGIC;
	id.fw_version = FW_VERSION;
	id.rtl_version = hal_rtl_version();
	id.engine = (hal_engine_state() & ENG_PRESENT) ? 1u : 0u;
	id.num_flows = fw.num_flows;
	id.caps = CARD_IDENT_CAPS_STATELESS_MASK | CARD_IDENT_CAPS_STATEFUL_MASK | CARD_IDENT_CAPS_KEY40_MASK |
		  CARD_IDENT_CAPS_KEY56_MASK | CARD_IDENT_CAPS_KEY128_MASK | CARD_IDENT_CAPS_FW_UPDATE_MASK |
		  CARD_IDENT_CAPS_EVENT_LOG_MASK;
	id.card_state = fw.card_status;
	id.selftest = fw.selftest_failed;
	id.max_xfer = HAL_DMABUF_SIZE;
	id.mbox_version = CARD_MBOX_VERSION;
	id.flows_in_use = fw.flows_in_use;
	id.fw_crc = fw.fw_crc;
	id.selftest_clk = fw.selftest_clocks;
	fw_copy(id.fw_name, FW_NAME, sizeof FW_NAME);
	fw_fill(buf, 0, n);
	fw_copy(buf, &id, sizeof id);
	cqe->result = FW_VERSION;
	cqe->info = fw.card_status;
	return dma_out(sqe->dst, n);
}

static uint16_t cmd_flow_create(const struct card_sqe *sqe, struct card_cqe *cqe)
{
	struct card_flowp p;
	uint32_t flow = 0;
	uint16_t st;

	if (sqe->flow != 0 || sqe->in_len != 0 || sqe->out_cap != 0)
		return CARD_STATUS_ADM_BAD_ARG;
	if (!card_ready())
		return CARD_STATUS_ADM_NOT_READY;
	fw_copy(&p, sqe->arg, sizeof p);
	st = flows_create(&p, &flow);
	fw_wipe(p.start_key, sizeof p.start_key);
	if (st == CARD_STATUS_OK) {
		cqe->result = flow;
		evlog_add(CARD_EV_FLOW_CREATED, flow);
	}
	return st;
}

static uint16_t cmd_flow_destroy(const struct card_sqe *sqe, struct card_cqe *cqe)
{
	uint16_t st;

	if (sqe->in_len != 0 || sqe->out_cap != 0 || !zero(sqe->arg, sizeof sqe->arg))
		return CARD_STATUS_ADM_BAD_ARG;
	if (!card_ready())
		return CARD_STATUS_ADM_NOT_READY;
	st = flows_destroy(sqe->flow);
	if (st == CARD_STATUS_OK) {
		cqe->result = sqe->flow;
		evlog_add(CARD_EV_FLOW_DESTROYED, sqe->flow);
	}
	return st;
}

static uint16_t cmd_flow_counters(const struct card_sqe *sqe, struct card_cqe *cqe)
{
	struct card_flowcnt c;
	uint16_t st;

	if (sqe->out_cap < sizeof c || sqe->in_len != 0 || !zero(sqe->arg, sizeof sqe->arg))
		return CARD_STATUS_ADM_BAD_ARG;
	if (!card_ready())
		return CARD_STATUS_ADM_NOT_READY;
	st = flows_query(sqe->flow, &c);
	if (st != CARD_STATUS_OK)
		return st;
	fw_copy(hal_dmabuf(), &c, sizeof c);
	cqe->result = (uint32_t)c.packets;
	cqe->info = c.next_ccount;
	return dma_out(sqe->dst, sizeof c);
}

static uint16_t cmd_get_log(const struct card_sqe *sqe, struct card_cqe *cqe)
{
	uint32_t cap = sqe->out_cap < HAL_DMABUF_SIZE ? sqe->out_cap : HAL_DMABUF_SIZE;
	uint32_t n;

	if (sqe->out_cap < 16 || sqe->flow != 0 || sqe->in_len != 0 ||
	    !zero(sqe->arg + 4, sizeof sqe->arg - 4))
		return CARD_STATUS_ADM_BAD_ARG;
	n = evlog_read(get_le32(sqe->arg), hal_dmabuf(), cap);
	cqe->result = n;
	cqe->info = hal_log_next();
	return n ? dma_out(sqe->dst, n) : CARD_STATUS_OK;
}

static uint16_t cmd_set_interrupts(const struct card_sqe *sqe, struct card_cqe *cqe)
{
	uint32_t v = get_le32(sqe->arg);

	if (sqe->flow != 0 || sqe->in_len != 0 || sqe->out_cap != 0 ||
	    !zero(sqe->arg + 4, sizeof sqe->arg - 4) || (v >> 16) > MAX_INTR_TIME_US)
		return CARD_STATUS_ADM_BAD_ARG;
	hal_set_irq_coalesce(v);
	cqe->result = v;
	return CARD_STATUS_OK;
}

/* Copies the image into the staging RAM through the DMA window, checks it,
 * and arms the loader for after the completion. */
static uint16_t cmd_fw_update(const struct card_sqe *sqe, struct card_cqe *cqe)
{
	uint32_t len = sqe->in_len, version = 0, reason = 0;
	uint8_t *stage = hal_stage();

	if (len == 0 || len > HAL_STAGE_SIZE || sqe->flow != 0 || sqe->out_cap != 0 ||
	    !zero(sqe->arg, sizeof sqe->arg))
		return CARD_STATUS_ADM_BAD_ARG;
	for (uint32_t off = 0; off < len; off += HAL_DMABUF_SIZE) {
		uint32_t n = len - off < HAL_DMABUF_SIZE ? len - off : HAL_DMABUF_SIZE;
		int rc = hal_dma(sqe->src + off, n, 0);

		if (rc != 0) {
			evlog_add(CARD_EV_DMA_ERROR, (uint32_t)rc);
			evlog_add(CARD_EV_FW_REFUSED, FW_REFUSED_TRANSFER);
			cqe->result = FW_REFUSED_TRANSFER;
			return CARD_STATUS_CARD_SRC_DMA;
		}
		fw_copy(stage + off, hal_dmabuf(), n);
	}
	if (fwimg_check(stage, len, &version, &reason)) {
		evlog_add(CARD_EV_FW_REFUSED, reason);
		cqe->result = reason;
		return CARD_STATUS_ADM_BAD_IMAGE;
	}
	evlog_add(CARD_EV_FW_ACCEPTED, version);
	fw.restart_pending = true;
	fw.restart_words = (len - FW_IMAGE_HDR_SIZE) / 4;
	cqe->result = version;
	return CARD_STATUS_OK;
}

void admin_execute(const struct card_sqe *sqe, struct card_cqe *cqe)
{
	uint16_t st;

	*cqe = (struct card_cqe){ .cid = sqe->cid };
	if (sqe->flags != 0 || sqe->cdw7 != 0) {
		st = CARD_STATUS_ADM_BAD_ARG;
	} else {
		switch (sqe->opcode) {
		case CARD_ADM_IDENTIFY:
			st = cmd_identify(sqe, cqe);
			break;
		case CARD_ADM_FLOW_CREATE:
			st = cmd_flow_create(sqe, cqe);
			break;
		case CARD_ADM_FLOW_DESTROY:
			st = cmd_flow_destroy(sqe, cqe);
			break;
		case CARD_ADM_FLOW_COUNTERS:
			st = cmd_flow_counters(sqe, cqe);
			break;
		case CARD_ADM_GET_LOG:
			st = cmd_get_log(sqe, cqe);
			break;
		case CARD_ADM_FW_UPDATE:
			st = cmd_fw_update(sqe, cqe);
			break;
		case CARD_ADM_SET_INTERRUPTS:
			st = cmd_set_interrupts(sqe, cqe);
			break;
		default:
			st = CARD_STATUS_ADM_BAD_OPCODE;
			break;
		}
	}
	if (st != CARD_STATUS_OK) {
		if (st != CARD_STATUS_ADM_BAD_IMAGE)   /* that one has its own entry */
			evlog_add(CARD_EV_CMD_REJECTED, (uint32_t)sqe->opcode | (uint32_t)st << 8);
		if (sqe->opcode != CARD_ADM_FW_UPDATE && sqe->opcode != CARD_ADM_IDENTIFY &&
		    sqe->opcode != CARD_ADM_GET_LOG)
			cqe->result = 0;
	}
	cqe->status = (uint16_t)(st << CARD_CQE_STATUS_CODE_SHIFT);
}
