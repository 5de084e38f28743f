/* The PCIe side of the simulated card. See pcie_model.h. */
#include "pcie_model.h"
#include "tlp_host.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int pcie_init(struct pcie_model *m, const char *trace, const char *firmware)
{
	memset(m, 0, sizeof(*m));
	for (unsigned i = 0; i < CARD_NUM_VECTORS; i++)
		m->irq_fd[i] = -1;
	m->trace_dma = getenv("CARDSIM_TRACE_DMA") != NULL;
	m->stall_rng = 0x9E3779B97F4A7C15ull;
	m->pick_rng = 0xD1B54A32D192ED03ull;
	m->rtl = card_rtl_new(trace, firmware);
	if (!m->rtl)
		return -1;
	pcie_hard_reset(m);
	return 0;
}

void pcie_fini(struct pcie_model *m)
{
	pcie_map_clear(m);
	if (m->host) {
		tlp_host_fini(m->host);
		free(m->host);
		m->host = NULL;
	}
	for (unsigned i = 0; i < CARD_NUM_VECTORS; i++)
		if (m->irq_fd[i] >= 0)
			close(m->irq_fd[i]);
	card_rtl_free(m->rtl);
}

static void tlp_setup(struct pcie_model *m);

/* The card reset: what it had in flight on the bus is dropped, as a PCIe
 * core discards completions after a reset. */
static void rd_drop_all(struct pcie_model *m)
{
	for (unsigned i = 0; i < PCIE_MAX_READS; i++)
		m->rd[i].used = false;
	m->rd_n = 0;
	m->rd_cur = -1;
	m->rd_presenting = false;
}

void pcie_hard_reset(struct pcie_model *m)
{
	memset(&m->pins, 0, sizeof(m->pins));
	rd_drop_all(m);
	m->wr_in_burst = m->wr_rsp_pending = false;
	m->pins.tlp_mode = m->tlp;
	card_rtl_reset(m->rtl, &m->pins);
	if (m->tlp)
		tlp_setup(m);
}

uint8_t *pcie_translate(struct pcie_model *m, uint64_t iova, uint64_t len, bool write)
{
	for (unsigned i = 0; i < m->nmaps; i++) {
		struct pcie_map *p = &m->maps[i];
		if (iova >= p->iova && iova - p->iova < p->size && len <= p->size - (iova - p->iova)) {
			if (write && !p->writable)
				return NULL;
			return p->va + (iova - p->iova);
		}
	}
	return NULL;
}

int pcie_map_add(struct pcie_model *m, uint64_t iova, uint64_t size, uint8_t *va, bool writable)
{
	if (m->nmaps == PCIE_MAX_MAPS) {
		errno = ENOSPC;
		return -1;
	}
	for (unsigned i = 0; i < m->nmaps; i++) {
		struct pcie_map *p = &m->maps[i];
		if (iova < p->iova + p->size && p->iova < iova + size) {
			errno = EEXIST;
			return -1;
		}
	}
	m->maps[m->nmaps++] = (struct pcie_map){ .iova = iova, .size = size, .va = va, .writable = writable };
	return 0;
}

int pcie_map_remove(struct pcie_model *m, uint64_t iova, uint64_t size)
{
	int n = 0;
	for (unsigned i = 0; i < m->nmaps;) {
		struct pcie_map *p = &m->maps[i];
		if (p->iova >= iova && p->iova + p->size <= iova + size) {
			munmap(p->va, p->size);
			m->maps[i] = m->maps[--m->nmaps];
			n++;
		} else {
			i++;
		}
	}
	return n;
}

void pcie_map_clear(struct pcie_model *m)
{
	pcie_map_remove(m, 0, UINT64_MAX);
}

static bool stall(struct pcie_model *m)
{
	if (!m->dma_stall)
		return false;
	m->stall_rng ^= m->stall_rng << 13;
	m->stall_rng ^= m->stall_rng >> 7;
	m->stall_rng ^= m->stall_rng << 17;
	return m->stall_rng % 100 < m->dma_stall;
}

static uint64_t xorshift(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/* The next read to answer: a random one of those whose latency has passed. */
static void rd_pick(struct pcie_model *m)
{
	uint64_t now = card_rtl_cycles(m->rtl), oldest = UINT64_MAX;
	unsigned due[PCIE_MAX_READS], n = 0;

	for (unsigned i = 0; i < PCIE_MAX_READS; i++) {
		if (!m->rd[i].used)
			continue;
		if (m->rd[i].seq < oldest)
			oldest = m->rd[i].seq;
		if (m->rd[i].due <= now)
			due[n++] = i;
	}
	if (!n)
		return;
	m->rd_cur = (int)due[xorshift(&m->pick_rng) % n];
	m->rd_beat = 0;
	if (m->rd[m->rd_cur].seq != oldest)
		m->rd_reordered++;
}

/* Inputs for this clock, from the state of the PCIe side. */
static void drive(struct pcie_model *m)
{
	struct card_pins *p = &m->pins;
	struct pcie_read *r;

	/* With dma_stall, the PCIe side holds back like a busy root complex:
	 * it refuses requests and write beats (ready low) and pauses read
	 * beats, at random clocks, in the middle of bursts too. A read beat once
	 * offered stays offered until taken (the valid/ready rule). */
	if (m->rd_cur < 0 && m->rd_n)
		rd_pick(m);
	if (!m->rd_presenting)
		m->rd_presenting = m->rd_cur >= 0 && !stall(m);
	r = &m->rd[m->rd_cur >= 0 ? m->rd_cur : 0];
	p->dmar_req_ready = m->rd_n < PCIE_MAX_READS && !stall(m);
	p->dmar_rsp_valid = m->rd_presenting;
	p->dmar_rsp_err = m->rd_cur >= 0 && r->err;
	p->dmar_rsp_last = r->err || m->rd_beat + 1 == r->beats;
	p->dmar_rsp_tag = r->tag;
	memcpy(&p->dmar_rsp_data, r->buf + 8 * (r->err ? 0 : m->rd_beat), 8);
	p->dmaw_ready = !m->wr_rsp_pending && !stall(m);
	/* The data is in host memory from the last beat on; the acknowledgement
	 * follows after the latency, so the host can see (and consume) a
	 * completion entry before the card learns its write is done. */
	p->dmaw_rsp_valid = m->wr_rsp_pending && m->wr_delay == 0;
	p->dmaw_rsp_err = m->wr_rsp_err;
}

static void tlp_cycle(struct pcie_model *m);

void pcie_cycle(struct pcie_model *m)
{
	struct card_pins *p = &m->pins;
	bool rd_req, rd_rsp, wr_beat, wr_rsp;
	uint64_t wdata;

	if (m->tlp) {
		tlp_cycle(m);
		return;
	}
	drive(m);
	card_rtl_settle(m->rtl, p);
	rd_req = p->dmar_req_valid && p->dmar_req_ready;
	rd_rsp = p->dmar_rsp_valid && p->dmar_rsp_ready;
	wr_beat = p->dmaw_valid && p->dmaw_ready;
	wr_rsp = p->dmaw_rsp_valid;
	wdata = p->dmaw_data;
	if (rd_req) {
		/* Read the whole range now, as one read request would. */
		uint64_t addr = p->dmar_req_addr;
		unsigned len = p->dmar_req_len, i;
		uint8_t *src = len && len <= 4096 ? pcie_translate(m, addr, len, false) : NULL;
		struct pcie_read *r;
		if (m->trace_dma)
			fprintf(stderr, "dma rd %llx %u tag %u @%llu\n", (unsigned long long)addr, len, p->dmar_req_tag,
				(unsigned long long)card_rtl_cycles(m->rtl));
		for (i = 0; m->rd[i].used; i++)
			;
		r = &m->rd[i];
		r->used = true;
		r->tag = p->dmar_req_tag;
		r->due = card_rtl_cycles(m->rtl) + m->dma_latency;
		r->seq = m->rd_seq++;
		r->err = src == NULL;
		for (unsigned k = 0; k < PCIE_MAX_READS; k++) {
			if (k != i && m->rd[k].used && m->rd[k].tag == r->tag) {
				m->bus_errors++;
				fprintf(stderr, "cardsim: DMA read tag %u issued while in flight @%llu\n", r->tag,
					(unsigned long long)card_rtl_cycles(m->rtl));
			}
		}
		if (src) {
			r->beats = (len + 7) / 8;
			memcpy(r->buf, src, len);
			memset(r->buf + len, 0, 8);
		} else {
			r->beats = 1;
			m->dma_faults++;
			memset(r->buf, 0, 8);
		}
		if (++m->rd_n > m->rd_max_inflight)
			m->rd_max_inflight = m->rd_n;
	}
	if (wr_beat) {
		if (!m->wr_in_burst) {
			m->wr_in_burst = true;
			m->wr_addr = p->dmaw_addr;
			m->wr_len = p->dmaw_len;
			m->wr_off = 0;
			m->wr_ok = m->wr_len && pcie_translate(m, m->wr_addr, m->wr_len, true) != NULL;
			if (m->trace_dma)
				fprintf(stderr, "dma wr %llx %u %016llx @%llu\n", (unsigned long long)m->wr_addr, m->wr_len,
					(unsigned long long)wdata, (unsigned long long)card_rtl_cycles(m->rtl));
			if (!m->wr_ok)
				m->dma_faults++;
		}
		/* The port's rule: ceil(len/8) beats, last on the final one, the
		 * same {addr, len} on every beat. A card that breaks it is a bug
		 * the model reports rather than follows into a hang. */
		if ((p->dmaw_last != (m->wr_off + 8 >= m->wr_len)) || p->dmaw_addr != m->wr_addr ||
		    p->dmaw_len != m->wr_len) {
			m->bus_errors++;
			fprintf(stderr, "cardsim: DMA write framing broken at beat %u of %llx+%u (last %u, beat addr %llx len %u) @%llu\n",
				m->wr_off / 8, (unsigned long long)m->wr_addr, m->wr_len, p->dmaw_last,
				(unsigned long long)p->dmaw_addr, p->dmaw_len,
				(unsigned long long)card_rtl_cycles(m->rtl));
		}
		if (m->wr_ok && m->wr_off < m->wr_len) {
			/* Translated again on every beat: the client may have
			 * unmapped the range since the burst began (a message is
			 * handled between two clock batches), and the rest of the
			 * burst then faults like a write to an unmapped IOVA. */
			unsigned n = m->wr_len - m->wr_off < 8 ? m->wr_len - m->wr_off : 8;
			uint8_t *dst = pcie_translate(m, m->wr_addr + m->wr_off, n, true);
			if (dst) {
				memcpy(dst, &wdata, n);
			} else {
				m->wr_ok = false;
				m->dma_faults++;
			}
		}
		m->wr_off += 8;
	}
	card_rtl_tick(m->rtl, p);
	if (p->srst) {
		/* The card reset itself: what it had in flight on the bus is
		 * dropped, as a PCIe core discards completions after a reset. */
		rd_drop_all(m);
		m->wr_in_burst = m->wr_rsp_pending = false;
		return;
	}
	if (rd_rsp) {
		struct pcie_read *r = &m->rd[m->rd_cur];
		m->rd_presenting = false;
		if (r->err || ++m->rd_beat == r->beats) {
			r->used = false;
			m->rd_n--;
			m->rd_cur = -1;
		}
	}
	if (wr_rsp)
		m->wr_rsp_pending = false;
	else if (m->wr_rsp_pending && m->wr_delay)
		m->wr_delay--;
	if (wr_beat && (m->wr_off >= m->wr_len)) {
		m->wr_in_burst = false;
		m->wr_rsp_pending = true;
		m->wr_delay = m->dma_ack_latency;
		m->wr_rsp_err = !m->wr_ok;
	}
	if (p->irq) {
		for (unsigned v = 0; v < CARD_NUM_VECTORS; v++) {
			uint64_t one = 1;
			if (!(p->irq & (1u << v)))
				continue;
			m->irqs_sent++;
			if (m->irq_fd[v] >= 0 && write(m->irq_fd[v], &one, sizeof(one)) < 0) {
				/* counter saturated: the client is behind, the signal stands */
			}
		}
	}
}

static uint32_t tlp_bar_access(struct pcie_model *m, uint32_t off, bool we, uint32_t val);

static uint32_t bar_access(struct pcie_model *m, uint32_t off, bool we, uint32_t val)
{
	struct card_pins *p = &m->pins;
	uint32_t r;

	if (m->tlp)
		return tlp_bar_access(m, off, we, val);
	p->reg_req = 1;
	p->reg_we = we;
	p->reg_addr = (uint16_t)off;
	p->reg_wdata = val;
	pcie_cycle(m);
	p->reg_req = 0;
	p->reg_we = 0;
	while (!p->reg_ack)
		pcie_cycle(m);
	r = p->reg_rdata;
	/* A TLP takes far longer than this on a real link; a few clocks let a
	 * write's effects (error bits, doorbell checks) settle before the next
	 * access, as they always would on hardware. */
	for (int i = 0; i < 4; i++)
		pcie_cycle(m);
	return r;
}

uint32_t pcie_bar_read(struct pcie_model *m, uint32_t off)
{
	return bar_access(m, off, false, 0);
}

void pcie_bar_write(struct pcie_model *m, uint32_t off, uint32_t val)
{
	bar_access(m, off, true, val);
}

/* ---------------------------------------------------------------- --tlp */
/*
 * The card behind the PCIe adapter: pcie_model plays the PCIe block and the
 * root complex with sim/pcie/tlp_host.c. BAR accesses become MWr/MRd TLPs,
 * the card's DMA arrives as MRd/MWr TLPs checked against the client's
 * mappings (an unmapped read gets Unsupported Request, an unmapped write is
 * dropped, as an IOMMU would), and MSI-X messages (memory writes into the
 * MSI window, with the table programmed here as a host OS would) signal the
 * client's eventfds. The user clock runs at twice the card clock. --dma-stall
 * becomes back-pressure on both AXI streams, --dma-latency a random hold of
 * each read's completions.
 */
#define TLP_USER_PER_CARD 2
#define TLP_IDLE_CLOCKS   512             /* user clocks of silence before the PCIe side counts as idle */

static uint8_t *tlp_mem(void *ctx, uint64_t addr, size_t len, bool write)
{
	struct pcie_model *m = ctx;
	uint8_t *p = pcie_translate(m, addr, len, write);
	if (!p)
		m->dma_faults++;
	return p;
}

static void tlp_user_edge(struct pcie_model *m)
{
	struct card_pins *p = &m->pins;
	struct tlp_host *h = m->host;
	uint64_t d;
	uint8_t keep;
	bool last, moving;
	uint32_t user;

	if (!m->rx_presenting && tlp_host_rx_peek(h, &d, &keep, &last, &user) && !stall(m)) {
		m->rx_presenting = true;
		p->rx_tdata = d;
		p->rx_tkeep = keep;
		p->rx_tlast = last;
		p->rx_tuser = user;
	}
	p->rx_tvalid = m->rx_presenting;
	p->tx_tready = !stall(m);
	card_rtl_settle(m->rtl, p);
	bool rx_taken = p->rx_tvalid && p->rx_tready;
	bool tx_beat = p->tx_tvalid && p->tx_tready;
	uint64_t tdata = p->tx_tdata;
	uint8_t tkeep = p->tx_tkeep, tlast = p->tx_tlast, tuser = p->tx_tuser;
	card_rtl_user_edge(m->rtl, p);
	if (rx_taken) {
		tlp_host_rx_taken(h);
		m->rx_presenting = false;
	}
	if (tx_beat)
		tlp_host_tx_beat(h, tdata, tkeep, tlast, tuser);
	tlp_host_step(h);
	/* MSI-X messages: vector n writes to the window at 16 n */
	for (unsigned i = 0; i < h->nmsgs; i++) {
		uint64_t v = (h->msgs[i].addr - h->msi_base) / 16;
		uint64_t one = 1;
		m->irqs_sent++;
		if (v < CARD_NUM_VECTORS && m->irq_fd[v] >= 0 && write(m->irq_fd[v], &one, sizeof(one)) < 0) {
			/* counter saturated: the client is behind, the signal stands */
		}
	}
	h->nmsgs = 0;
	if (h->errors != m->tlp_errors_seen) {
		/* the adapter broke a PCIe rule: a bug, reported like a framing error */
		m->bus_errors += h->errors - m->tlp_errors_seen;
		if (m->tlp_errors_seen == 0)
			fprintf(stderr, "cardsim: TLP rule broken: %s\n", h->first_error);
		m->tlp_errors_seen = h->errors;
	}
	moving = rx_taken || tx_beat || p->tx_tvalid || m->rx_presenting || !tlp_host_idle(h) || !p->quiet;
	m->tlp_idle = moving ? 0 : m->tlp_idle + 1;
}

static void tlp_cycle(struct pcie_model *m)
{
	card_rtl_settle(m->rtl, &m->pins);
	card_rtl_tick(m->rtl, &m->pins);
	for (unsigned i = 0; i < TLP_USER_PER_CARD; i++)
		tlp_user_edge(m);
}

static uint32_t tlp_bar_access(struct pcie_model *m, uint32_t off, bool we, uint32_t val)
{
	struct tlp_host *h = m->host;

	if (we) {
		/* posted: later reads and writes stay behind it in the TLP stream */
		while (tlp_host_bar_write(h, off, val, 0xf) < 0)
			pcie_cycle(m);
		return 0;
	}
	while (tlp_host_bar_read(h, off, 1, 0xf, 0) < 0)
		pcie_cycle(m);
	for (unsigned i = 0; h->cpu_busy; i++) {
		if (i == 1000000) {
			fprintf(stderr, "cardsim: no completion for a BAR0 read at %x\n", off);
			m->bus_errors++;
			return 0xffffffffu;
		}
		pcie_cycle(m);
	}
	return h->cpu_status == 0 ? h->cpu_data[0] : 0xffffffffu;
}

/* After a power-on reset: the host's side of enumeration that the PCIe
 * block leaves to software: bus mastering, MPS 256 / MRRS 512, MSI-X
 * enabled with one message address per vector. */
static void tlp_setup(struct pcie_model *m)
{
	struct tlp_host *h = m->host;

	tlp_host_reset(h);
	m->rx_presenting = false;
	m->tlp_idle = 0;
	m->tlp_errors_seen = h->errors;
	h->mps = 256;
	h->mrrs = 512;
	h->rcb = 64;
	h->hold_max = m->dma_latency;
	m->pins.cfg_command = 1u << 2;
	m->pins.cfg_dcommand = (2u << 12) | (1u << 5);
	m->pins.msix_en = 1;
	for (unsigned v = 0; v < CARD_NUM_VECTORS; v++) {
		pcie_bar_write(m, CARD_MSIX_TABLE + 16 * v + 0, (uint32_t)(h->msi_base + 16 * v));
		pcie_bar_write(m, CARD_MSIX_TABLE + 16 * v + 4, 0);
		pcie_bar_write(m, CARD_MSIX_TABLE + 16 * v + 8, v);
		pcie_bar_write(m, CARD_MSIX_TABLE + 16 * v + 12, 0);
	}
	/* the table is written before the card can raise anything (the driver
	 * enables its queues with later writes), but let the writes land */
	for (unsigned i = 0; i < 100000 && (!tlp_host_idle(h) || m->rx_presenting); i++)
		pcie_cycle(m);
}

int pcie_set_tlp(struct pcie_model *m)
{
	m->host = calloc(1, sizeof(*m->host));
	if (!m->host)
		return -1;
	tlp_host_init(m->host, 7);
	m->host->mem_fn = tlp_mem;
	m->host->mem_ctx = m;
	m->host->lenient = true;
	m->host->ep_id = 0x0100;                /* bus 1, device 0, function 0 (cardsim_top.v) */
	m->tlp = true;
	pcie_hard_reset(m);
	return 0;
}

bool pcie_quiet(const struct pcie_model *m)
{
	if (!m->tlp)
		return m->pins.quiet;
	return m->pins.quiet && m->tlp_idle >= TLP_IDLE_CLOCKS;
}
