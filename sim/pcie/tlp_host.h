/*
 * A root complex and host memory at the level of Transaction Layer Packets,
 * written from the PCI Express Base Specification 2.1 (chapter 2), not from
 * the adapter: it receives the endpoint's TLPs DW by DW as the 7-series
 * block's 64-bit AXI4-Stream carries them (DW0 in bits 31:0), checks every
 * rule a requester must keep (format by address, Max_Payload_Size,
 * Max_Read_Request_Size, 4 KiB boundaries, byte enables, tags, IDs), applies
 * memory writes, records MSI-X messages, and answers memory reads with
 * completions it splits at the Read Completion Boundary and interleaves
 * between tags in random order, with bytes outside the byte enables filled
 * with garbage. It also plays the CPU: memory reads and writes to BAR0.
 *
 * Any broken rule is counted in `errors` with the first message kept.
 */
#ifndef TLP_HOST_H
#define TLP_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TLP_MAX_DW     (4 + 1024)
#define TLP_QUEUE      64
#define TLP_MAX_REGION 4
#define TLP_MAX_MSGS   4096

struct tlp_region {
	uint64_t base;
	size_t size;
	uint8_t *mem;
};

struct tlp_pkt {
	uint32_t dw[TLP_MAX_DW];
	unsigned n;
	uint8_t bar_hit;               /* m_axis_rx_tuser[8:2] */
};

/* an endpoint memory read being completed */
struct tlp_ep_read {
	bool used;
	uint64_t next;                 /* DW-aligned address of the next completion */
	uint64_t end;                  /* DW-aligned end of the request */
	unsigned bc;                   /* bytes still to return (Byte Count) */
	unsigned first_off;            /* first enabled byte in the first DW; 0 after the first completion */
	unsigned trail;                /* disabled bytes at the end of the last DW */
	uint16_t rid;
	uint8_t tc, attr;
	bool ur;                       /* answer Unsupported Request */
	unsigned hold;                 /* completion clocks to wait before the first completion */
	bool drop;                     /* never answer (completion timeout test) */
	uint64_t seq;                  /* order of arrival among the endpoint's reads */
};

struct tlp_msg {
	uint64_t addr;
	uint32_t data;
};

/* Host memory as an IOMMU sees it: where [addr, addr+len) lives, or NULL. */
typedef uint8_t *(*tlp_mem_fn)(void *ctx, uint64_t addr, size_t len, bool write);

struct tlp_host {
	/* host memory: mem_fn when set (cardsim: the client's mappings), else regions */
	tlp_mem_fn mem_fn;
	void *mem_ctx;
	bool lenient;                  /* a write outside memory is an IOMMU fault, not a broken rule */
	/* configuration the endpoint was given (its Device Control / Link Control) */
	unsigned mps, mrrs, rcb;
	uint16_t ep_id;                /* the endpoint's bus/device/function */
	uint16_t host_id;              /* the root port's requester ID */
	uint64_t bar0;                 /* BAR0 address */
	uint64_t msi_base, msi_size;   /* MSI-X messages go here (not memory) */
	struct tlp_region regions[TLP_MAX_REGION];
	unsigned nregions;
	/* behaviour */
	unsigned hold_max;             /* random hold of each read's first completion */
	unsigned split_pct;            /* chance to end a completion at an RCB boundary before MPS */
	unsigned ur_pct;               /* endpoint reads outside memory get UR; this forces none */
	bool drop_next_read;           /* the next endpoint MRd is never answered */
	uint64_t rng;
	/* endpoint reads outstanding, by tag (5-bit tags: Extended Tag off) */
	struct tlp_ep_read reads[32];
	unsigned outstanding, max_outstanding;
	uint64_t rd_seq;
	uint64_t cpl_reordered;        /* completions sent while an older read still waited */
	/* TLPs to the endpoint: completions and the CPU's requests */
	struct tlp_pkt q[TLP_QUEUE];
	unsigned q_head, q_count, q_pos;   /* q_pos: DWs of the head already sent */
	/* the CPU's BAR0 reads */
	uint8_t cpu_tag;
	bool cpu_busy, cpu_done;
	unsigned cpu_ndw;
	uint8_t cpu_fbe, cpu_lbe;
	uint32_t cpu_off;
	uint32_t cpu_data[2];
	uint16_t cpu_status;
	/* TLP from the endpoint being received */
	uint32_t rx[TLP_MAX_DW + 2];
	unsigned rx_n;
	/* results */
	struct tlp_msg msgs[TLP_MAX_MSGS];
	unsigned nmsgs;
	uint64_t mwr_tlps, mrd_tlps, cpl_tlps, write_bytes;
	uint64_t ur_reads, write_faults;
	unsigned max_mwr_bytes, max_mrd_bytes;
	unsigned errors;
	char first_error[256];
};

void tlp_host_init(struct tlp_host *h, uint64_t seed);
void tlp_host_fini(struct tlp_host *h);
/* Forget every TLP in flight (the endpoint was reset); memory and settings stay. */
void tlp_host_reset(struct tlp_host *h);
int tlp_host_add_region(struct tlp_host *h, uint64_t base, size_t size);
uint8_t *tlp_host_mem(struct tlp_host *h, uint64_t addr, size_t len);
/* One beat the endpoint sent on s_axis_tx. */
void tlp_host_tx_beat(struct tlp_host *h, uint64_t data, uint8_t keep, bool last, uint8_t user);
/* The beat to offer on m_axis_rx now (false: nothing to send); taken: it was accepted. */
bool tlp_host_rx_peek(struct tlp_host *h, uint64_t *data, uint8_t *keep, bool *last, uint32_t *user);
void tlp_host_rx_taken(struct tlp_host *h);
/* One completion-scheduling step (call once per clock). */
void tlp_host_step(struct tlp_host *h);
/* The CPU: a MWr of one DW to BAR0 (byte enables be), a MRd of ndw DWs. */
int tlp_host_bar_write(struct tlp_host *h, uint32_t off, uint32_t data, uint8_t be);
int tlp_host_bar_read(struct tlp_host *h, uint32_t off, unsigned ndw, uint8_t fbe, uint8_t lbe);
bool tlp_host_idle(const struct tlp_host *h);
/* Forget the reads held back by drop_next_read (after the endpoint timed out). */
void tlp_host_forget_dropped(struct tlp_host *h);
void tlp_host_error(struct tlp_host *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
