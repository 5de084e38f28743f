/* The HAL on the management core: memory-mapped registers (mgmt_map.h, generated from contract/mgmt_map.txt). */
#include <stddef.h>

#include "card_if.h"
#include "hal.h"
#include "mgmt_map.h"
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
	return rd(MGMT_ADMIN_STATUS) & MGMT_ADMIN_STATUS_PENDING_MASK;
}

void hal_mbox_read_sqe(uint32_t sqe[16])
{
	for (unsigned i = 0; i < 16; i++)
		sqe[i] = rd(MGMT_ADMIN_SQE(i));
}

void hal_mbox_wipe_sqe(void)
{
	wr(MGMT_ADMIN_SQE_WIPE, 1);
}

int hal_mbox_drain(void)
{
	return wait_clear(MGMT_ADMIN_STATUS, MGMT_ADMIN_STATUS_CQE_BUSY_MASK);
}

int hal_mbox_complete(const uint32_t cqe[4])
{
	for (unsigned i = 0; i < 4; i++)
		wr(MGMT_ADMIN_CQE(i), cqe[i]);
	wr(MGMT_ADMIN_DONE, 1);
	return 0;
}

uint8_t *hal_dmabuf(void)
{
	return (uint8_t *)(uintptr_t)MGMT_DMABUF_BASE;
}

int hal_dma(uint64_t host_addr, uint32_t len, int to_host)
{
	wr(MGMT_ADMIN_DMA_HOST_LO, (uint32_t)host_addr);
	wr(MGMT_ADMIN_DMA_HOST_HI, (uint32_t)(host_addr >> 32));
	wr(MGMT_ADMIN_DMA_LEN, len);
	wr(MGMT_ADMIN_DMA_DIR, to_host ? 1u : 0u);
	wr(MGMT_ADMIN_DMA_GO, 1);
	if (wait_clear(MGMT_ADMIN_DMA_STATUS, MGMT_ADMIN_DMA_STATUS_BUSY_MASK))
		return -1;
	return (int)((rd(MGMT_ADMIN_DMA_STATUS) & MGMT_ADMIN_DMA_STATUS_CODE_MASK) >> MGMT_ADMIN_DMA_STATUS_CODE_SHIFT);
}

uint8_t *hal_stage(void)
{
	return (uint8_t *)(uintptr_t)MGMT_STAGE_BASE;
}

void hal_loader_start(uint32_t src_off, uint32_t words)
{
	wr(MGMT_SYS_LOADER_SRC, src_off);
	wr(MGMT_SYS_LOADER_WORDS, words);
	wr(MGMT_SYS_LOADER_GO, 1);
	for (;;)
		;   /* the loader holds the core in reset from here */
}

void hal_wdog_kick(void)
{
	wr(MGMT_SYS_WDOG, 1);
}

/* The firmware keeps the card state as IDENT reports it (contract/card_if.txt)
 * and writes it to SYS.CARD_STATUS (contract/mgmt_map.txt) as it is: two
 * sources name the same bits, so they are held equal here. */
_Static_assert(CARD_IDENT_CARD_STATE_READY_MASK == MGMT_SYS_CARD_STATUS_READY_MASK &&
	       CARD_IDENT_CARD_STATE_SELFTEST_FAILED_MASK == MGMT_SYS_CARD_STATUS_SELFTEST_FAILED_MASK &&
	       CARD_IDENT_CARD_STATE_FATAL_MASK == MGMT_SYS_CARD_STATUS_FATAL_MASK &&
	       CARD_IDENT_CARD_STATE_DATAPATH_ENABLE_MASK == MGMT_SYS_CARD_STATUS_DATAPATH_ENABLE_MASK,
	       "IDENT.CARD_STATE and SYS.CARD_STATUS bits");

void hal_set_card_status(uint32_t st)
{
	wr(MGMT_SYS_CARD_STATUS, st);
}

void hal_set_fw_version(uint32_t v)
{
	wr(MGMT_SYS_FW_VERSION, v);
}

uint32_t hal_rtl_version(void)
{
	return rd(MGMT_SYS_RTL_VERSION);
}

uint32_t hal_boot_count(void)
{
	return rd(MGMT_SYS_BOOT_COUNT);
}

void hal_set_irq_coalesce(uint32_t v)
{
	wr(MGMT_SYS_IRQ_COALESCE, v);
}

uint32_t hal_now(void)
{
	return rd(MGMT_TIMER_MTIME_LO);
}

extern const uint8_t __fw_image_end[];   /* link.ld: end of the payload in IMEM */

uint32_t hal_image_crc(void)
{
	return crc32((const uint8_t *)(uintptr_t)MGMT_IMEM_BASE, (size_t)(uintptr_t)__fw_image_end);
}

uint32_t hal_log_next(void)
{
	return rd(MGMT_LOG_NEXT);
}

void hal_log_set_next(uint32_t seq)
{
	wr(MGMT_LOG_NEXT, seq);
}

void hal_log_write(uint32_t slot, const uint32_t e[4])
{
	for (unsigned i = 0; i < 4; i++)
		wr(MGMT_LOG_RAM(slot * 4 + i), e[i]);
}

void hal_log_read(uint32_t slot, uint32_t e[4])
{
	for (unsigned i = 0; i < 4; i++)
		e[i] = rd(MGMT_LOG_RAM(slot * 4 + i));
}

uint32_t hal_engine_state(void)
{
	return rd(MGMT_ST_ENGINE) & (ENG_PRESENT | ENG_READY);
}

uint32_t hal_num_flows(void)
{
	return rd(MGMT_CTX_NUM_FLOWS);
}

static uint64_t rd64(uint32_t addr)
{
	return (uint64_t)rd(addr) | (uint64_t)rd(addr + 4) << 32;
}

int hal_ctx(enum ctx_cmd cmd, struct ctx_req *req, struct ctx_counters *cnt)
{
	uint32_t w;

	wr(MGMT_CTX_FLOW, req->flow);
	if (cmd == CTX_CREATE) {
		wr(MGMT_CTX_PARAM, (uint32_t)req->dir << MGMT_CTX_PARAM_DIR_SHIFT |
			      (uint32_t)req->stateful << MGMT_CTX_PARAM_STATEFUL_SHIFT |
			      (uint32_t)req->accept_pfc << MGMT_CTX_PARAM_ACCEPT_PFC_SHIFT |
			      (uint32_t)req->key_bits << MGMT_CTX_PARAM_KEY_BITS_SHIFT);
		wr(MGMT_CTX_CCOUNT, (uint32_t)req->first_ccount << MGMT_CTX_CCOUNT_FIRST_SHIFT |
			      (uint32_t)req->max_rekeys << MGMT_CTX_CCOUNT_MAX_REKEYS_SHIFT);
		for (unsigned i = 0; i < 4; i++)
			wr(MGMT_CTX_KEY(i), get_le32(req->start_key + 4 * i));
		fw_wipe(req->start_key, sizeof req->start_key);
	}
	wr(MGMT_CTX_CMD, (uint32_t)cmd);
	if (wait_clear(MGMT_CTX_STATUS, MGMT_CTX_STATUS_BUSY_MASK)) {
		for (unsigned i = 0; i < 4; i++)
			wr(MGMT_CTX_KEY(i), 0);   /* never taken: do not leave the key behind */
		return -1;
	}
	if (cmd == CTX_READ && cnt) {
		cnt->packets = rd64(MGMT_CTX_RSP(0));
		cnt->bytes = rd64(MGMT_CTX_RSP(2));
		cnt->key_changes = rd64(MGMT_CTX_RSP(4));
		cnt->ccp_resets = rd(MGMT_CTX_RSP(6));
		cnt->rx_dropped = rd(MGMT_CTX_RSP(7));
		cnt->rx_out_of_order = rd(MGMT_CTX_RSP(8));
		cnt->rx_missed = rd(MGMT_CTX_RSP(9));
		cnt->rx_rekey_limited = rd(MGMT_CTX_RSP(10));
		cnt->rx_implausible = rd(MGMT_CTX_RSP(11));
		cnt->sanity_errors = rd(MGMT_CTX_RSP(12));
		cnt->sanity_score = rd(MGMT_CTX_RSP(13));
		w = rd(MGMT_CTX_RSP(14));
		cnt->next_ccount = (uint16_t)(w & 0xfffu);
		cnt->discarding = (uint8_t)((w >> 12) & 1u);
		cnt->key_bits = (uint8_t)(w >> 16);
		cnt->stateful = (uint8_t)((w >> 24) & 1u);
		cnt->dir = (uint8_t)((w >> 25) & 1u);
	}
	return (int)((rd(MGMT_CTX_STATUS) & MGMT_CTX_STATUS_RSP_MASK) >> MGMT_CTX_STATUS_RSP_SHIFT);
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
		wr(MGMT_ST_IN(i), get_le32(b));
	}
	wr(MGMT_ST_OP, op);
	wr(MGMT_ST_FLOW, flow);
	wr(MGMT_ST_LEN, in_len);
	wr(MGMT_ST_GO, 1);
	if (wait_clear(MGMT_ST_STATUS, MGMT_ST_STATUS_BUSY_MASK))
		return -1;
	w = rd(MGMT_ST_STATUS);
	res->status = (uint8_t)((w & MGMT_ST_STATUS_RESULT_MASK) >> MGMT_ST_STATUS_RESULT_SHIFT);
	res->flags = (uint8_t)((w & MGMT_ST_STATUS_FLAGS_MASK) >> MGMT_ST_STATUS_FLAGS_SHIFT);
	res->ccount = (uint16_t)((w & MGMT_ST_STATUS_CCOUNT_MASK) >> MGMT_ST_STATUS_CCOUNT_SHIFT);
	res->out_len = (uint16_t)rd(MGMT_ST_OUT_LEN);
	for (uint32_t i = 0; i < HAL_ST_OUT / 4; i++)
		put_le32(out + 4 * i, rd(MGMT_ST_OUT(i)));
	return 0;
}

int hal_uart_putc(char c)
{
	if (wait_clear(MGMT_UART_STATUS, MGMT_UART_STATUS_BUSY_MASK))
		return -1;
	wr(MGMT_UART_TXDATA, (uint8_t)c);
	return 0;
}
