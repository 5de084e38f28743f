#define OPENSSL_SUPPRESS_DEPRECATED /* RC4 and SHA1_Transform: a one-block SHA-1 without padding */
#include <stdlib.h>
#include <string.h>

#include <openssl/rc4.h>
#include <openssl/sha.h>

#include "fake_hal.h"
#include "mppe/mppe.h"
#include "util.h"

struct fake_hal fake;
static struct mppe_flow eng_flow[FAKE_MAX_FLOWS];

void fake_reset(uint32_t flows)
{
	for (unsigned i = 0; i < FAKE_MAX_FLOWS; i++) {
		if (fake.live[i])
			mppe_flow_wipe(&eng_flow[i]);
	}
	memset(&fake, 0, sizeof fake);
	fake.engine_present = true;
	fake.engine_ready = true;
	fake.num_flows = flows;
}

bool hal_mbox_pending(void) { return false; }
void hal_mbox_read_sqe(uint32_t sqe[16]) { memset(sqe, 0, 64); }
void hal_mbox_wipe_sqe(void) {}
int hal_mbox_complete(const uint32_t cqe[4]) { (void)cqe; return 0; }
int hal_mbox_drain(void) { return 0; }

uint8_t *hal_dmabuf(void) { return fake.dmabuf; }

int hal_dma(uint64_t host_addr, uint32_t len, int to_host)
{
	fake.dma_calls++;
	if (fake.dma_fail_status)
		return fake.dma_fail_status;
	if (len == 0 || len > HAL_DMABUF_SIZE)
		return 3;
	if (host_addr < FAKE_HOST_BASE || host_addr - FAKE_HOST_BASE > FAKE_HOST_SIZE ||
	    len > FAKE_HOST_SIZE - (host_addr - FAKE_HOST_BASE))
		return 1;
	if (to_host)
		memcpy(fake.host + (host_addr - FAKE_HOST_BASE), fake.dmabuf, len);
	else
		memcpy(fake.dmabuf, fake.host + (host_addr - FAKE_HOST_BASE), len);
	return 0;
}

uint8_t *hal_stage(void) { return fake.stage; }

void hal_loader_start(uint32_t src_off, uint32_t words)
{
	fake.loader_started = true;
	fake.loader_src = src_off;
	fake.loader_words = words;
}

void hal_set_card_status(uint32_t st) { fake.card_status = st; }
void hal_set_fw_version(uint32_t v) { fake.fw_version = v; }
uint32_t hal_rtl_version(void) { return 0x00010000u; }
uint32_t hal_boot_count(void) { return fake.boot_count; }
void hal_set_irq_coalesce(uint32_t v) { fake.irq_coalesce = v; fake.irq_writes++; }
uint32_t hal_now(void) { return fake.now += 7; }   /* time moves on every look */
void hal_wdog_kick(void) { fake.wdog_kicks++; }
uint32_t hal_image_crc(void) { return 0x12345678u; }

uint32_t hal_log_next(void) { return fake.log_next; }
void hal_log_set_next(uint32_t seq) { fake.log_next = seq; }
void hal_log_write(uint32_t slot, const uint32_t e[4]) { memcpy(fake.log[slot], e, 16); }
void hal_log_read(uint32_t slot, uint32_t e[4]) { memcpy(e, fake.log[slot], 16); }

uint32_t hal_engine_state(void)
{
	return (fake.engine_present ? ENG_PRESENT : 0u) | (fake.engine_ready ? ENG_READY : 0u);
}

uint32_t hal_num_flows(void) { return fake.num_flows; }

/* The context port with the rules of docs/engine-streams.md. */
int hal_ctx(enum ctx_cmd cmd, struct ctx_req *req, struct ctx_counters *cnt)
{
	uint32_t f = req->flow;
	struct mppe_flow_params p;
	struct mppe_counters c;

	fake.ctx_cmds++;
	if (cmd == CTX_CREATE) {
		memcpy(fake.last_key, req->start_key, 16);
		fw_wipe(req->start_key, sizeof req->start_key);
	}
	if (fake.ctx_hang)
		return -1;
	if (f >= fake.num_flows || f >= FAKE_MAX_FLOWS)
		return ENG_BAD_FLOW;
	switch (cmd) {
	case CTX_CREATE:
		if (fake.live[f])
			return ENG_BAD_FLOW;
		memset(&p, 0, sizeof p);
		p.dir = req->dir ? MPPE_DIR_RX : MPPE_DIR_TX;
		p.key_bits = req->key_bits;
		p.stateful = req->stateful;
		p.accept_pfc = req->accept_pfc;
		memcpy(p.start_key, fake.last_key, 16);
		p.first_ccount = req->first_ccount;
		p.max_rekeys = req->max_rekeys;
		if (mppe_flow_init(&eng_flow[f], &p))
			return ENG_BAD_OP;
		explicit_bzero(&p, sizeof p);
		fake.live[f] = true;
		fake.created[f] = *req;
		return ENG_OK;
	case CTX_DESTROY:
		if (!fake.live[f])
			return ENG_BAD_FLOW;
		mppe_flow_wipe(&eng_flow[f]);
		fake.live[f] = false;
		return ENG_OK;
	case CTX_READ:
		if (!fake.live[f])
			return ENG_BAD_FLOW;
		mppe_flow_counters(&eng_flow[f], &c);
		memset(cnt, 0, sizeof *cnt);
		cnt->packets = c.packets;
		cnt->bytes = c.bytes;
		cnt->key_changes = c.key_changes;
		cnt->ccp_resets = (uint32_t)c.ccp_resets;
		cnt->sanity_score = c.sanity_score;
		cnt->next_ccount = c.next_ccount;
		cnt->key_bits = c.key_bits;
		cnt->stateful = c.stateful;
		cnt->dir = c.dir;
		return ENG_OK;
	}
	return ENG_BAD_OP;
}

/* SELFTEST_SHA1: one block, no padding added: run the compression function. */
static void sha1_block(const uint8_t *block, uint8_t out[20])
{
	SHA_CTX ctx;

	SHA1_Init(&ctx);
	SHA1_Transform(&ctx, block);
	for (int i = 0; i < 5; i++) {
		uint32_t h = i == 0 ? ctx.h0 : i == 1 ? ctx.h1 : i == 2 ? ctx.h2 : i == 3 ? ctx.h3 : ctx.h4;
		out[4 * i] = (uint8_t)(h >> 24);
		out[4 * i + 1] = (uint8_t)(h >> 16);
		out[4 * i + 2] = (uint8_t)(h >> 8);
		out[4 * i + 3] = (uint8_t)h;
	}
}

/* The engine's answer in full; hal_st_run keeps the first HAL_ST_OUT octets
 * as the ST port does. */
static int st_run_full(uint8_t op, uint32_t flow, const uint8_t *in, uint32_t in_len,
		       uint8_t *out, size_t out_cap, struct st_result *res)
{
	memset(res, 0, sizeof *res);
	memset(out, 0, out_cap);
	if (fake.st_hang || in_len > HAL_ST_IN)
		return -1;
	switch (op) {
	case MPPE_OP_ENCRYPT: {
		size_t n = 0;
		if (flow >= FAKE_MAX_FLOWS || !fake.live[flow]) {
			res->status = ENG_BAD_FLOW;
			return 0;
		}
		res->status = (uint8_t)mppe_flow_encrypt(&eng_flow[flow], in, in_len, out, out_cap, &n);
		res->out_len = (uint16_t)n;
		if (fake.encrypt_wrong)
			out[n - 1] ^= 1;
		return 0;
	}
	case MPPE_OP_SELFTEST_RC4: {   /* key[16], key_len, 0, skip (LE16), payload */
		RC4_KEY k;
		uint8_t skip[4096];
		unsigned klen = in[16], s = (unsigned)in[18] | (unsigned)in[19] << 8;
		if (in_len < 20 || klen < 1 || klen > 16 || in[17] != 0 || s > sizeof skip) {
			res->status = ENG_BAD_OP;
			return 0;
		}
		RC4_set_key(&k, (int)klen, in);
		memset(skip, 0, sizeof skip);
		RC4(&k, s, skip, skip);
		RC4(&k, in_len - 20, in + 20, out);
		res->out_len = (uint16_t)(in_len - 20);
		if (fake.rc4_wrong)
			out[3] ^= 0x10;
		return 0;
	}
	case MPPE_OP_SELFTEST_SHA1:
		if (in_len != 64) {
			res->status = ENG_BAD_OP;
			return 0;
		}
		sha1_block(in, out);
		res->out_len = 20;
		if (fake.sha1_wrong)
			out[19] ^= 0x80;
		return 0;
	default:
		res->status = ENG_BAD_OP;
		return 0;
	}
}

int hal_st_run(uint8_t op, uint32_t flow, const uint8_t *in, uint32_t in_len,
	       uint8_t *out, struct st_result *res)
{
	uint8_t full[4096];
	int rc = st_run_full(op, flow, in, in_len, full, sizeof full, res);

	memcpy(out, full, HAL_ST_OUT);
	return rc;
}
