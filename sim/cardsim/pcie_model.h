/*
 * The PCIe side of the simulated card: terminates BAR accesses into the
 * card's register port, serves the card's DMA ports from the host memory
 * the client mapped (checking every access against the mappings, as an
 * IOMMU would), and turns interrupt pulses into eventfd signals.
 */
#ifndef CARDSIM_PCIE_MODEL_H
#define CARDSIM_PCIE_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "card_if.h"
#include "card_rtl.h"

struct tlp_host;

#define PCIE_MAX_MAPS      64
#define PCIE_MAX_READS     16        /* DMA reads in flight at the card's port */

struct pcie_map {
	uint64_t iova, size;
	uint8_t *va;              /* mmap of the client's file */
	bool writable;
};

struct pcie_model {
	struct card_rtl *rtl;
	struct card_pins pins;
	struct pcie_map maps[PCIE_MAX_MAPS];
	unsigned nmaps;
	int irq_fd[CARD_NUM_VECTORS];       /* -1: not connected */
	unsigned dma_latency;               /* clocks from a read request to its first beat */
	unsigned dma_ack_latency;           /* clocks from a write burst's last beat to its acknowledgement */
	unsigned dma_stall;                 /* percent of clocks the bus side holds a transfer back */
	uint64_t stall_rng;                 /* xorshift state for dma_stall (deterministic) */
	uint64_t pick_rng;                  /* xorshift state: which due read is answered next */
	bool rd_presenting;                 /* a read beat offered and not yet taken: it must stay */
	/* DMA reads in flight: each answered as one run of beats once its
	 * latency has passed; of those due, a random one first, so answers to
	 * different tags come out of request order (as PCIe allows, 2.4.1) */
	struct pcie_read {
		bool used, err;
		uint8_t tag;
		unsigned beats;
		uint64_t due, seq;
		uint8_t buf[4096 + 8];
	} rd[PCIE_MAX_READS];
	unsigned rd_n;                      /* reads in flight */
	int rd_cur;                         /* the read being answered, or -1 */
	unsigned rd_beat;
	uint64_t rd_seq;
	uint64_t rd_reordered;              /* reads answered before an older one */
	unsigned rd_max_inflight;
	/* DMA write burst in progress */
	bool wr_in_burst, wr_ok, wr_rsp_pending, wr_rsp_err;
	unsigned wr_delay;
	uint64_t wr_addr;
	unsigned wr_len, wr_off;
	/* statistics */
	uint64_t irqs_sent, dma_faults;
	uint64_t bus_errors;                /* card broke the DMA write port's framing */
	bool trace_dma;                     /* CARDSIM_TRACE_DMA set: log every DMA request */
	/* --tlp: the card behind the PCIe adapter (hdl/pcie/), served with TLPs
	 * by the root complex model of sim/pcie/tlp_host.c */
	bool tlp;
	struct tlp_host *host;
	bool rx_presenting;
	unsigned tlp_idle;                  /* user clocks with the card quiet and no TLP moving */
	unsigned tlp_errors_seen;
};

int pcie_init(struct pcie_model *m, const char *trace, const char *firmware);
void pcie_fini(struct pcie_model *m);
/* Power-on reset of the card (rst_ni); mappings and eventfds stay. */
void pcie_hard_reset(struct pcie_model *m);
/* One clock of the card and the PCIe side. */
void pcie_cycle(struct pcie_model *m);
uint32_t pcie_bar_read(struct pcie_model *m, uint32_t off);
void pcie_bar_write(struct pcie_model *m, uint32_t off, uint32_t val);
/* Where [iova, iova+len) lives, or NULL when not entirely inside one mapping. */
uint8_t *pcie_translate(struct pcie_model *m, uint64_t iova, uint64_t len, bool write);
int pcie_map_add(struct pcie_model *m, uint64_t iova, uint64_t size, uint8_t *va, bool writable);
/* Removes mappings inside [iova, iova+size); returns how many (munmaps them). */
int pcie_map_remove(struct pcie_model *m, uint64_t iova, uint64_t size);
void pcie_map_clear(struct pcie_model *m);
/* Serve the card through the PCIe adapter from now on (a power-on reset follows). */
int pcie_set_tlp(struct pcie_model *m);
/* Nothing in flight: the card is quiet and, with --tlp, no TLP is moving. */
bool pcie_quiet(const struct pcie_model *m);

#endif
