/*
 * The card backends of the engine API ("cardsim:SOCKET", "vfio:ADDRESS"),
 * and what the card offers beyond the generic API (statistics, a deliberate
 * reset) for tests, benchmarks and pnsctl.
 */
#ifndef CARD_ENGINE_H
#define CARD_ENGINE_H

#include <stdint.h>

#include "mppe/engine.h"

struct card_dev;

#define CARD_ENGINE_QUEUES 9   /* CARD_NUM_QUEUES (card_if.h), checked in card_engine.c */

struct card_engine_stats {
	uint64_t bad_cqes;        /* completions refused: unknown CID, wrong queue, SQ head out of range */
	uint64_t bad_lengths;     /* completions whose length is not what the operation produces */
	uint64_t card_errors;     /* completions with a card error status (>= 0x20) */
	uint64_t timeouts;        /* operations or admin commands overdue */
	uint64_t fatal_errors;    /* the card reported STATUS.FATAL */
	uint64_t queue_errors;    /* the card stopped a queue (ERR_STATUS: ring DMA error, doorbell past the ring) */
	uint64_t resets;          /* recoveries: card reset, queues and flows rebuilt */
	uint64_t failed_ops;      /* operations completed with MPPE_ERR_DEVICE by a recovery */
	uint64_t forged;          /* decryptions the card accepted and the IPv4 check refused (MPPE_CF_STATE_MOVED) */
	uint64_t async_reads;     /* counter reads sent and collected by poll (mppe_flow_peek_counters) */
	uint64_t admin_pending;   /* flow creates, destroys and counter reads of the event loop queued or on the card */
	uint64_t reads_waiting;   /* the health check's register reads sent and not yet answered (a stopped card: never waited for) */
	/* data completions the card wrote on each queue pair (index: the
	 * card's queue number, 1..8; 0 unused): which queues an engine uses
	 * (pnsd -W N: each loop its own, docs/workers.md) */
	uint64_t queue_completions[CARD_ENGINE_QUEUES];
	/* one card: */
	bool lost;                /* the card is gone (or could not be brought back): every call fails */
	/* "cards:" (the counters above summed over its cards): */
	uint32_t cards, cards_up;         /* configured; open and working */
	uint32_t flows_card, flows_sw;    /* flows running on a card; in software (moved, or created while no card could take them) */
	uint32_t flows_creating;          /* flows whose create is on its way to a card (mppe_flow_create_start) */
	uint64_t flows_moved;             /* flows moved off a failed card since start */
	uint64_t card_retries;            /* attempts to open a failed card again */
};

/* Any engine with a card behind it ("cardsim", "vfio", "cards"); EINVAL otherwise. */
int card_engine_stats(struct mppe_engine *e, struct card_engine_stats *out);
/* A "cards:" engine's card reset does not bring its flows back on the card:
 * multi.c moves them to software instead (called for each card it opens). */
void card_engine_forget_on_reset(struct mppe_engine *e);
/* Interrupt per data queue after `count` completions (0/1: each), or once
 * the oldest waited `ticks` ticks of `tick_clocks` clocks (0: no limit). */
/* Resets the card now: operations in flight complete with MPPE_ERR_DEVICE,
 * queues and flows are rebuilt. */
int card_engine_reset(struct mppe_engine *e);
struct card_dev *card_engine_dev(struct mppe_engine *e);
/* A card engine on a device the caller opened (it owns dev from then on,
 * and closes it on failure): how tests/fuzz/fuzz_card_engine.c puts a
 * hostile card in memory under the real driver. NULL with errno set. */
struct mppe_engine *card_engine_open_dev(struct card_dev *dev);

/* For the card tool (mppecardctl) and tests. */
struct card_ident;
struct card_flowcnt;
struct card_global_counters {
	uint64_t cycles, ops, errors, bytes_in, bytes_out, engine_busy, irqs;   /* CNT block, since the last reset */
	uint32_t status, fatal_code, err_status;                              /* CTL.STATUS, CTL.FATAL_CODE, ERR_STATUS */
	uint32_t mgmt_boot;   /* CTL.MGMT_BOOT: the management core's image, watchdog and lockup recoveries */
};
#define CARD_FW_IMAGE_MAX 16384u   /* FW_UPDATE IN_LEN limit (docs/admin-mailbox.md) */
/* IDENTIFY: versions, capabilities, self-test state. */
int card_engine_identify(struct mppe_engine *e, struct card_ident *out);
int card_engine_card_counters(struct mppe_engine *e, struct card_global_counters *out);
/* FLOW_COUNTERS straight from the card, for any flow in use there (ENOENT
 * when not), as the card counts them (32-bit counters not extended). */
int card_engine_flow_on_card(struct mppe_engine *e, uint32_t flow, struct card_flowcnt *out);
/* FW_UPDATE, then waits until the new firmware runs and is READY. On a
 * refused image: -1, EIO, *result = the reason (0 header, 1 length,
 * 2 payload CRC, 3 transfer); on success *result = the new version. */
int card_engine_fw_update(struct mppe_engine *e, const void *image, size_t len, uint32_t *result);

extern const struct mppe_backend_ops mppe_backend_cardsim;
extern const struct mppe_backend_ops mppe_backend_vfio;
/* "cards:SPEC,SPEC,...": several cards as one engine (driver/card/multi.c) */
extern const struct mppe_backend_ops mppe_backend_multi;
/* Card i of a "cards:" engine (NULL past the last), for stats and tests. */
struct mppe_engine *multi_card(struct mppe_engine *e, unsigned i);

#endif
