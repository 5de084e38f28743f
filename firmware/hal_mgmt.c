/* The HAL on the management core: memory-mapped registers (regs.h). */
#include <stddef.h>

#include "hal.h"
#include "regs.h"
#include "util.h"

static inline uint32_t rd(uint32_t addr)
{
	return *(volatile uint32_t *)(uintptr_t)addr;
}

static inline void wr(uint32_t addr, uint32_t v)
{
	*(volatile uint32_t *)(uintptr_t)addr = v;
}

/* Polls until (reg & mask) == 0; -1 after HAL_TIMEOUT_CLOCKS. */
static int wait_clear(uint32_t addr, uint32_t mask)
{
	uint32_t t0 = hal_now();

	while (rd(addr) & mask) {
		if (hal_now() - t0 > HAL_TIMEOUT_CLOCKS)
			return -1;
	}
	return 0;
}

bool hal_mbox_pending(void)
{
	return rd(ADMIN_STATUS) & ADMIN_STATUS_PENDING;
}

void hal_mbox_read_sqe(uint32_t sqe[16])
{
	for (unsigned i = 0; i < 16; i++)
		sqe[i] = rd(ADMIN_SQE(i));
}

void hal_mbox_wipe_sqe(void)
{
	wr(ADMIN_SQE_WIPE, 1);
}

int hal_mbox_drain(void)
{
	return wait_clear(ADMIN_STATUS, ADMIN_STATUS_CQE_BUSY);
}

int hal_mbox_complete(const uint32_t cqe[4])
{
	for (unsigned i = 0; i < 4; i++)
		wr(ADMIN_CQE(i), cqe[i]);
	wr(ADMIN_DONE, 1);
	return 0;
}

uint8_t *hal_dmabuf(void)
{
	return (uint8_t *)(uintptr_t)DMABUF_BASE;
}

int hal_dma(uint64_t host_addr, uint32_t len, int to_host)
{
	wr(DMA_HOST_LO, (uint32_t)host_addr);
	wr(DMA_HOST_HI, (uint32_t)(host_addr >> 32));
	wr(DMA_LEN, len);
	wr(DMA_DIR, to_host ? 1u : 0u);
	wr(DMA_GO, 1);
	if (wait_clear(DMA_STATUS, DMA_STATUS_BUSY))
		return -1;
	return (int)((rd(DMA_STATUS) >> 8) & 0xfu);
}

uint8_t *hal_stage(void)
{
	return (uint8_t *)(uintptr_t)STAGE_BASE;
}

void hal_loader_start(uint32_t src_off, uint32_t words)
{
	wr(SYS_LOADER_SRC, src_off);
	wr(SYS_LOADER_WORDS, words);
	wr(SYS_LOADER_GO, 1);
	for (;;)
		;   /* the loader holds the core in reset from here */
}

void hal_wdog_kick(void)
{
	wr(SYS_WDOG, 1);
}

void hal_set_card_status(uint32_t st)
{
	wr(SYS_CARD_STATUS, st);
}

uint32_t hal_card_status(void)
{
	return rd(SYS_CARD_STATUS);
}

void hal_set_fw_version(uint32_t v)
{
	wr(SYS_FW_VERSION, v);
}

uint32_t hal_rtl_version(void)
{
	return rd(SYS_RTL_VERSION);
}

uint32_t hal_boot_count(void)
{
	return rd(SYS_BOOT_COUNT);
}

void hal_set_irq_coalesce(uint32_t v)
{
	wr(SYS_IRQ_COALESCE, v);
}

uint32_t hal_now(void)
{
	return rd(TIMER_MTIME_LO);
}

extern const uint8_t __fw_image_end[];   /* link.ld: end of the payload in IMEM */

uint32_t hal_image_crc(void)
{
	return crc32((const uint8_t *)(uintptr_t)IMEM_BASE, (size_t)(uintptr_t)__fw_image_end);
}

uint32_t hal_log_next(void)
{
	return rd(LOG_NEXT);
}

void hal_log_set_next(uint32_t seq)
{
	wr(LOG_NEXT, seq);
}

void hal_log_write(uint32_t slot, const uint32_t e[4])
{
	for (unsigned i = 0; i < 4; i++)
		wr(LOG_RAM(slot * 4 + i), e[i]);
}

void hal_log_read(uint32_t slot, uint32_t e[4])
{
	for (unsigned i = 0; i < 4; i++)
		e[i] = rd(LOG_RAM(slot * 4 + i));
}

uint32_t hal_engine_state(void)
{
	return rd(ST_ENGINE) & (ENG_PRESENT | ENG_READY);
}

uint32_t hal_num_flows(void)
{
	return rd(CTX_NUM_FLOWS);
}

static uint64_t rd64(uint32_t addr)
{
	return (uint64_t)rd(addr) | (uint64_t)rd(addr + 4) << 32;
}

int hal_ctx(enum ctx_cmd cmd, struct ctx_req *req, struct ctx_counters *cnt)
{
	uint32_t w;

	wr(CTX_FLOW, req->flow);
	if (cmd == CTX_CREATE) {
		wr(CTX_PARAM, (uint32_t)req->dir | (uint32_t)req->stateful << 1 |
			      (uint32_t)req->accept_pfc << 2 | (uint32_t)req->key_bits << 8);
		wr(CTX_CCOUNT, (uint32_t)req->first_ccount | (uint32_t)req->max_rekeys << 16);
		for (unsigned i = 0; i < 4; i++)
			wr(CTX_KEY(i), load_le32(req->start_key + 4 * i));
		fw_wipe(req->start_key, sizeof req->start_key);
	}
	wr(CTX_CMD, (uint32_t)cmd);
	if (wait_clear(CTX_STATUS, 1)) {
		for (unsigned i = 0; i < 4; i++)
			wr(CTX_KEY(i), 0);   /* never taken: do not leave the key behind */
		return -1;
	}
	if (cmd == CTX_READ && cnt) {
		cnt->packets = rd64(CTX_RSP(0));
		cnt->bytes = rd64(CTX_RSP(2));
		cnt->key_changes = rd64(CTX_RSP(4));
		cnt->ccp_resets = rd(CTX_RSP(6));
		cnt->rx_dropped = rd(CTX_RSP(7));
		cnt->rx_out_of_order = rd(CTX_RSP(8));
		cnt->rx_missed = rd(CTX_RSP(9));
		cnt->rx_rekey_limited = rd(CTX_RSP(10));
		cnt->rx_implausible = rd(CTX_RSP(11));
		cnt->sanity_errors = rd(CTX_RSP(12));
		cnt->sanity_score = rd(CTX_RSP(13));
		w = rd(CTX_RSP(14));
		cnt->next_ccount = (uint16_t)(w & 0xfffu);
		cnt->discarding = (uint8_t)((w >> 12) & 1u);
		cnt->key_bits = (uint8_t)(w >> 16);
		cnt->stateful = (uint8_t)((w >> 24) & 1u);
		cnt->dir = (uint8_t)((w >> 25) & 1u);
	}
	return (int)((rd(CTX_STATUS) >> 4) & 0xfu);
}

int hal_st_run(uint8_t op, uint32_t flow, const uint8_t *in, uint32_t in_len,
	       uint8_t *out, struct st_result *res)
{
	uint32_t w;

	if (in_len > HAL_ST_IN)
		return -1;
	for (uint32_t i = 0; i < (in_len + 3) / 4; i++) {
		uint8_t b[4] = { 0, 0, 0, 0 };
		for (uint32_t k = 0; k < 4 && 4 * i + k < in_len; k++)
			b[k] = in[4 * i + k];
		wr(ST_IN(i), load_le32(b));
	}
	wr(ST_OP, op);
	wr(ST_FLOW, flow);
	wr(ST_LEN, in_len);
	wr(ST_GO, 1);
	if (wait_clear(ST_STATUS, 1))
		return -1;
	w = rd(ST_STATUS);
	res->status = (uint8_t)((w >> 4) & 0xfu);
	res->flags = (uint8_t)(w >> 8);
	res->ccount = (uint16_t)((w >> 16) & 0xfffu);
	res->out_len = (uint16_t)rd(ST_OUT_LEN);
	for (uint32_t i = 0; i < HAL_ST_OUT / 4; i++)
		store_le32(out + 4 * i, rd(ST_OUT(i)));
	return 0;
}
