/*
 * Host stand-in for the firmware HAL (firmware/hal.h), linked instead of
 * firmware/hal_mgmt.c in the unit tests and the admin fuzzer. Its "engine"
 * is the reference engine (libmppe) and OpenSSL, with switches to make each
 * part fail, so the firmware's handling of every answer can be tested.
 */
#ifndef FAKE_HAL_H
#define FAKE_HAL_H

#include <stdbool.h>
#include <stdint.h>

#include "hal.h"

#define FAKE_HOST_BASE 0x100000000ull
#define FAKE_HOST_SIZE (64u * 1024u)
#define FAKE_MAX_FLOWS 64u

struct fake_hal {
	/* switches */
	bool engine_present, engine_ready;
	bool ctx_hang, st_hang;
	bool rc4_wrong, sha1_wrong, encrypt_wrong;
	int dma_fail_status;             /* non-zero: every DMA fails with it */
	uint32_t num_flows;
	/* state the firmware drives */
	uint32_t card_status, fw_version, irq_coalesce, irq_writes;
	uint32_t boot_count;             /* loader restarts since card reset */
	uint32_t now;
	uint32_t wdog_kicks;   /* hal_wdog_kick calls */
	uint8_t host[FAKE_HOST_SIZE];
	uint8_t dmabuf[HAL_DMABUF_SIZE];
	uint8_t stage[HAL_STAGE_SIZE];
	uint32_t log[HAL_LOG_ENTRIES][4];
	uint32_t log_next;
	bool loader_started;
	uint32_t loader_src, loader_words;
	unsigned dma_calls;
	/* engine contexts: the last CREATE's key is kept to check it arrived */
	bool live[FAKE_MAX_FLOWS];
	struct ctx_req created[FAKE_MAX_FLOWS];
	uint8_t last_key[16];
	unsigned ctx_cmds;
};

extern struct fake_hal fake;

/* Back to a present, ready, correct engine with `flows` contexts. */
void fake_reset(uint32_t flows);

#endif
