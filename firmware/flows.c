/*
 * Flow contexts: the firmware's table of flows in use, kept in step with the
 * engine's context RAM through the context port. The engine holds the keys;
 * the firmware only hands them over (and wipes its copies).
 */
#include "fw.h"
#include "hal.h"
#include "util.h"

static void map_set(uint32_t flow, bool on)
{
	if (on)
		fw.flow_map[flow / 32] |= 1u << (flow % 32);
	else
		fw.flow_map[flow / 32] &= ~(1u << (flow % 32));
}

bool flows_in_use(uint32_t flow)
{
	return flow < fw.num_flows && (fw.flow_map[flow / 32] >> (flow % 32)) & 1u;
}

int flows_lowest_free(void)
{
	for (uint32_t w = 0; w < (fw.num_flows + 31) / 32; w++) {
		if (fw.flow_map[w] == 0xffffffffu)
			continue;
		for (uint32_t b = 0; b < 32; b++) {
			uint32_t flow = w * 32 + b;
			if (flow < fw.num_flows && !((fw.flow_map[w] >> b) & 1u))
				return (int)flow;
		}
	}
	return -1;
}

/* After a firmware restart the contexts survive: a READ that succeeds
 * means the flow is live. */
void flows_rebuild(void)
{
	struct ctx_req req;
	struct ctx_counters cnt;

	fw_fill(&req, 0, sizeof req);
	fw.flows_in_use = 0;
	fw_fill(fw.flow_map, 0, sizeof fw.flow_map);
	for (uint32_t flow = 0; flow < fw.num_flows; flow++) {
		req.flow = flow;
		if (hal_ctx(CTX_READ, &req, &cnt) == ENG_OK) {
			map_set(flow, true);
			fw.flows_in_use++;
		}
	}
}

uint16_t flows_create(const struct card_flowp *p, uint32_t *flow)
{
	struct ctx_req req;
	int id, rc;

	/* the same rules as mppe_flow_init() (driver/mppe_flow.c) */
	if (p->dir > 1 || p->stateful > 1 || p->accept_pfc > 1 || p->rsvd2 != 0 ||
	    (p->key_bits != 40 && p->key_bits != 56 && p->key_bits != 128) ||
	    p->first_ccount > 0x0fffu || p->max_rekeys > 256u /* MPPE_MAX_REKEYS_LIMIT */)
		return CARD_STATUS_ADM_BAD_ARG;
	id = flows_lowest_free();
	if (id < 0)
		return CARD_STATUS_ADM_NO_FLOWS;

	req.flow = (uint32_t)id;
	req.dir = p->dir;
	req.stateful = p->stateful;
	req.accept_pfc = p->accept_pfc;
	req.key_bits = p->key_bits;
	req.first_ccount = p->first_ccount;
	req.max_rekeys = p->max_rekeys;
	fw_copy(req.start_key, p->start_key, sizeof req.start_key);
	rc = hal_ctx(CTX_CREATE, &req, NULL);
	fw_wipe(req.start_key, sizeof req.start_key);
	if (rc == ENG_BAD_FLOW) {
		/* the engine holds a context we did not know about: adopt it */
		map_set((uint32_t)id, true);
		fw.flows_in_use++;
		return CARD_STATUS_ERR_DEVICE;
	}
	if (rc != ENG_OK)
		return rc == ENG_BAD_OP ? CARD_STATUS_ADM_BAD_ARG : CARD_STATUS_ERR_DEVICE;
	map_set((uint32_t)id, true);
	fw.flows_in_use++;
	*flow = (uint32_t)id;
	return CARD_STATUS_OK;
}

uint16_t flows_destroy(uint32_t flow)
{
	struct ctx_req req;
	int rc;

	if (flow >= fw.num_flows)
		return CARD_STATUS_CARD_FLOW_RANGE;
	if (!flows_in_use(flow))
		return CARD_STATUS_ERR_BAD_FLOW;
	fw_fill(&req, 0, sizeof req);
	req.flow = flow;
	rc = hal_ctx(CTX_DESTROY, &req, NULL);
	if (rc != ENG_OK && rc != ENG_BAD_FLOW)
		return CARD_STATUS_ERR_DEVICE;
	map_set(flow, false);
	fw.flows_in_use--;
	return CARD_STATUS_OK;
}

uint16_t flows_query(uint32_t flow, struct card_flowcnt *out)
{
	struct ctx_req req;
	struct ctx_counters c;
	int rc;

	if (flow >= fw.num_flows)
		return CARD_STATUS_CARD_FLOW_RANGE;
	if (!flows_in_use(flow))
		return CARD_STATUS_ERR_BAD_FLOW;
	fw_fill(&req, 0, sizeof req);
	req.flow = flow;
	rc = hal_ctx(CTX_READ, &req, &c);
	if (rc != ENG_OK)
		return CARD_STATUS_ERR_DEVICE;
	fw_fill(out, 0, sizeof *out);
	/* the engine keeps some counters in 32 bits (docs/engine-streams.md) */
	out->packets = c.packets;
	out->bytes = c.bytes;
	out->key_changes = c.key_changes;
	out->ccp_resets = c.ccp_resets;
	out->rx_dropped = c.rx_dropped;
	out->rx_out_of_order = c.rx_out_of_order;
	out->rx_missed = c.rx_missed;
	out->rx_rekey_limited = c.rx_rekey_limited;
	out->rx_implausible = c.rx_implausible;
	out->sanity_errors = c.sanity_errors;
	out->sanity_score = c.sanity_score;
	out->next_ccount = c.next_ccount;
	out->discarding = c.discarding;
	out->key_bits = c.key_bits;
	out->stateful = c.stateful;
	out->dir = c.dir;
	return CARD_STATUS_OK;
}
