/*
 * The host side of the admin mailbox, as the simulation harness plays it:
 * host memory with IOVAs, the SQE hand-over, completion collection and the
 * DMA window (docs/admin-mailbox.md section 1.1). The real host interface
 * (issue 7) does the same in RTL; this model exists to drive mgmt_top alone.
 */
#ifndef HOSTIF_MODEL_H
#define HOSTIF_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "card_if.h"
#include "mgmt_pins.h"

#define HOST_IOVA_BASE 0x100000000ull   /* above 4 GiB: exercises DMA_HOST_ADDR_HI */
#define HOST_MEM_SIZE  (256u * 1024u)

struct hostif {
	struct mgmt_pins p;
	uint8_t mem[HOST_MEM_SIZE];
	/* admin */
	bool sqe_to_send;
	uint32_t sqe[16];
	bool cqe_seen;
	struct card_cqe cqe;
	/* DMA window */
	int dma_state;
	uint64_t dma_addr;
	uint32_t dma_len, dma_word, dma_words;
	bool dma_to_host;
	uint8_t dma_status;
	unsigned dma_count;
	/* observed */
	uint32_t irq_coalesce_pulses;
	uint64_t cycles;
};

void hostif_reset(struct hostif *h, unsigned cycles);
/* One clock of the whole simulation. */
void hostif_cycle(struct hostif *h);
/* Runs until the card reports READY, SELFTEST_FAILED or FATAL; -1 on timeout. */
int hostif_wait_boot(struct hostif *h, uint64_t max_cycles);
/* Submits one admin command and waits for its completion; returns clocks
 * from hand-over to completion, or -1 if none came within max_cycles. */
long hostif_admin(struct hostif *h, const struct card_sqe *sqe, struct card_cqe *cqe,
		  uint64_t max_cycles);
uint16_t cqe_code(const struct card_cqe *c);

#endif
