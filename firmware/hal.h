/*
 * The firmware's hardware abstraction: everything that touches a register of
 * the management core goes through here. hal_mgmt.c implements it on the
 * card; the host unit tests link their own implementation instead
 * (tests/firmware/fake_hal.c).
 */
#ifndef FW_HAL_H
#define FW_HAL_H

#include <stdbool.h>
#include <stdint.h>

#include "mgmt_map.h"   /* contract/: the sizes below are the hardware's */

#define HAL_DMABUF_SIZE MGMT_DMABUF_SIZE
#define HAL_STAGE_SIZE  MGMT_STAGE_SIZE
#define HAL_IMEM_SIZE   MGMT_IMEM_SIZE
#define HAL_LOG_ENTRIES (MGMT_LOG_RAM_COUNT / 4u)  /* 16-octet entries */
#define HAL_ST_IN       (4u * MGMT_ST_IN_COUNT)    /* octets into one self-test operation */
#define HAL_ST_OUT      (4u * MGMT_ST_OUT_COUNT)   /* octets of its result kept */

/* card status bits (CARD_STATUS) */

/* engine statuses of the context port and the streams (enum mppe_status) */
#define ENG_OK       0
#define ENG_BAD_FLOW 12
#define ENG_BAD_OP   13

/* Every wait on hardware is bounded; past it the operation fails with -1. */
#define HAL_TIMEOUT_CLOCKS 200000u

/* ---- admin mailbox */
bool hal_mbox_pending(void);
void hal_mbox_read_sqe(uint32_t sqe[16]);
void hal_mbox_wipe_sqe(void);
/* Writes the completion and ADMIN_DONE. Returns -1 if the previous
 * completion was not taken by the host interface in time. */
int hal_mbox_complete(const uint32_t cqe[4]);
/* Waits until the host interface has taken the last completion (-1: timeout). */
int hal_mbox_drain(void);

/* ---- DMA window: len 1..4096 between host memory and hal_dmabuf().
 * to_host: 1 card -> host. Returns the DMA status (0 ok), or -1 on timeout. */
uint8_t *hal_dmabuf(void);
int hal_dma(uint64_t host_addr, uint32_t len, int to_host);

/* ---- firmware update */
uint8_t *hal_stage(void);
/* Copies `words` words from STAGE + src_off to IMEM and restarts the core:
 * does not return on the card. */
void hal_loader_start(uint32_t src_off, uint32_t words);

/* ---- card status, versions, interrupts, time */
void hal_set_card_status(uint32_t st);
void hal_set_fw_version(uint32_t v);
uint32_t hal_rtl_version(void);
uint32_t hal_boot_count(void);
void hal_set_irq_coalesce(uint32_t v);
uint32_t hal_now(void);            /* clocks, low 32 bits */
/* The watchdog resets the core into the golden image unless kicked at least
 * every 2^22 clocks (docs/mgmt-core.md); the mailbox loop kicks it. */
void hal_wdog_kick(void);
/* CRC-32 of the running image's payload (instruction RAM up to its end). */
uint32_t hal_image_crc(void);

/* ---- event log RAM */
uint32_t hal_log_next(void);
void hal_log_set_next(uint32_t seq);
void hal_log_write(uint32_t slot, const uint32_t e[4]);
void hal_log_read(uint32_t slot, uint32_t e[4]);

/* ---- engine: presence, context port, self-test streams */
#define ENG_PRESENT 0x1u
#define ENG_READY   0x2u
uint32_t hal_engine_state(void);
uint32_t hal_num_flows(void);

enum ctx_cmd { CTX_CREATE = 1, CTX_DESTROY = 2, CTX_READ = 3 };
struct ctx_req {
	uint32_t flow;
	uint8_t dir, stateful, key_bits, accept_pfc;
	uint16_t first_ccount, max_rekeys;
	uint8_t start_key[16];
};
struct ctx_counters {
	uint64_t packets, bytes, key_changes;
	uint32_t ccp_resets, rx_dropped, rx_out_of_order, rx_missed;
	uint32_t rx_rekey_limited, rx_implausible, sanity_errors, sanity_score;
	uint16_t next_ccount;
	uint8_t discarding, key_bits, stateful, dir;
};
/* One context port command. Returns the engine status (ENG_OK, ENG_BAD_FLOW,
 * ENG_BAD_OP) or -1 on timeout; READ fills *cnt. CREATE wipes req->start_key. */
int hal_ctx(enum ctx_cmd cmd, struct ctx_req *req, struct ctx_counters *cnt);

struct st_result {
	uint8_t status, flags;
	uint16_t ccount, out_len;
};
/* Runs one operation through the engine's streams: in_len octets
 * (<= HAL_ST_IN) in, the first HAL_ST_OUT octets of the result copied to
 * out. 0, or -1 on timeout. */
int hal_st_run(uint8_t op, uint32_t flow, const uint8_t *in, uint32_t in_len,
	       uint8_t *out, struct st_result *res);

/* ---- UART (boards without a host, mgmt_top UART_DIV > 0): sends one
 * character, waiting (bounded) for the previous one to leave. -1: timeout. */
int hal_uart_putc(char c);

#endif
