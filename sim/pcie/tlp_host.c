/* A root complex at the TLP level; see tlp_host.h. Section numbers are those
 * of the PCI Express Base Specification 2.1. */
#include "tlp_host.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* DW0 fields (2.2.1, Figure 2-4) */
#define FMT(d)    (((d) >> 29) & 3u)
#define TYPE(d)   (((d) >> 24) & 0x1fu)
#define TC(d)     (((d) >> 20) & 7u)
#define ATTR(d)   (((d) >> 12) & 3u)
#define LEN(d)    ((d) & 0x3ffu)
#define FMT_3DW   0u
#define FMT_4DW   1u
#define FMT_3DW_D 2u
#define FMT_4DW_D 3u
#define TYPE_MEM  0x00u
#define TYPE_CPL  0x0au
#define CPL_SC    0u
#define CPL_UR    1u
#define CPL_CA    4u

void tlp_host_error(struct tlp_host *h, const char *fmt, ...)
{
	va_list ap;

	if (h->errors++ == 0) {
		va_start(ap, fmt);
		vsnprintf(h->first_error, sizeof(h->first_error), fmt, ap);
		va_end(ap);
	}
}

static uint64_t rnd(struct tlp_host *h)
{
	h->rng ^= h->rng << 13;
	h->rng ^= h->rng >> 7;
	h->rng ^= h->rng << 17;
	return h->rng;
}

void tlp_host_init(struct tlp_host *h, uint64_t seed)
{
	memset(h, 0, sizeof(*h));
	h->mps = 128;
	h->mrrs = 512;
	h->rcb = 64;
	h->ep_id = 0x0100;
	h->host_id = 0x0000;
	h->bar0 = 0xf7000000u;
	h->msi_base = 0xfee00000u;
	h->msi_size = 0x100000u;
	h->split_pct = 50;
	h->rng = seed ? seed : 1;
}

void tlp_host_fini(struct tlp_host *h)
{
	for (unsigned i = 0; i < h->nregions; i++)
		free(h->regions[i].mem);
	h->nregions = 0;
}

void tlp_host_reset(struct tlp_host *h)
{
	memset(h->reads, 0, sizeof(h->reads));
	h->outstanding = 0;
	h->q_head = h->q_count = h->q_pos = 0;
	h->cpu_busy = false;
	h->rx_n = 0;
	h->nmsgs = 0;
}

int tlp_host_add_region(struct tlp_host *h, uint64_t base, size_t size)
{
	if (h->nregions == TLP_MAX_REGION)
		return -1;
	h->regions[h->nregions] = (struct tlp_region){ .base = base, .size = size, .mem = calloc(1, size) };
	return h->regions[h->nregions++].mem ? 0 : -1;
}

static uint8_t *mem_access(struct tlp_host *h, uint64_t addr, size_t len, bool write)
{
	if (h->mem_fn)
		return h->mem_fn(h->mem_ctx, addr, len, write);
	return tlp_host_mem(h, addr, len);
}

uint8_t *tlp_host_mem(struct tlp_host *h, uint64_t addr, size_t len)
{
	for (unsigned i = 0; i < h->nregions; i++) {
		struct tlp_region *r = &h->regions[i];
		if (addr >= r->base && addr - r->base < r->size && len <= r->size - (addr - r->base))
			return r->mem + (addr - r->base);
	}
	return NULL;
}

/* Byte count of a request from its length and byte enables (2.3.1.1, Table 2-21). */
static unsigned req_bytes(unsigned len, unsigned fbe, unsigned lbe)
{
	unsigned lead = 0, trail = 0;

	if (len == 1) {
		if (fbe == 0)
			return 1;
		while (!(fbe & (1u << lead)))
			lead++;
		while (!(fbe & (8u >> trail)))
			trail++;
		return 4 - lead - trail;
	}
	while (lead < 3 && !(fbe & (1u << lead)))
		lead++;
	while (trail < 3 && !(lbe & (8u >> trail)))
		trail++;
	return len * 4 - lead - trail;
}

static unsigned first_byte(unsigned fbe)
{
	for (unsigned i = 0; i < 4; i++)
		if (fbe & (1u << i))
			return i;
	return 0;
}

static struct tlp_pkt *q_push(struct tlp_host *h)
{
	if (h->q_count == TLP_QUEUE)
		return NULL;
	struct tlp_pkt *p = &h->q[(h->q_head + h->q_count++) % TLP_QUEUE];
	memset(p->dw, 0, sizeof(uint32_t) * 4);
	p->n = 0;
	p->bar_hit = 0;
	return p;
}

/* The byte-enable rules of a request (2.2.5). */
static bool check_be(struct tlp_host *h, const char *what, unsigned len, unsigned fbe, unsigned lbe)
{
	if (len == 1 && lbe != 0) {
		tlp_host_error(h, "%s: 1-DW request with Last DW BE %x", what, lbe);
		return false;
	}
	if (len > 1 && (fbe == 0 || lbe == 0)) {
		tlp_host_error(h, "%s: %u-DW request with a zero byte enable (%x/%x)", what, len, fbe, lbe);
		return false;
	}
	/* contiguous enables within a request longer than 2 DWs (2.2.5) */
	if (len > 2 && ((fbe != 0xf && fbe != 0xe && fbe != 0xc && fbe != 0x8) ||
			(lbe != 0xf && lbe != 0x7 && lbe != 0x3 && lbe != 0x1))) {
		tlp_host_error(h, "%s: non-contiguous byte enables %x/%x", what, fbe, lbe);
		return false;
	}
	return true;
}

/* A memory request from the endpoint (MRd or MWr). */
static void ep_mem_request(struct tlp_host *h, const uint32_t *d, unsigned n)
{
	unsigned fmt = FMT(d[0]);
	bool wr = fmt & 2, a64 = fmt & 1;
	unsigned len = LEN(d[0]) ? LEN(d[0]) : 1024;
	unsigned hdr = a64 ? 4 : 3;
	uint16_t rid = d[1] >> 16;
	unsigned tag = (d[1] >> 8) & 0xff, lbe = (d[1] >> 4) & 0xf, fbe = d[1] & 0xf;
	uint64_t addr = a64 ? ((uint64_t)d[2] << 32 | (d[3] & ~3u)) : (d[2] & ~3u);
	const char *what = wr ? "MWr" : "MRd";

	if (rid != h->ep_id)
		tlp_host_error(h, "%s: requester ID %04x, the endpoint is %04x", what, rid, h->ep_id);
	/* addresses below 4 GB must use the 3-DW format (2.2.4.1) */
	if (a64 && addr >> 32 == 0)
		tlp_host_error(h, "%s: 4-DW header for address %llx below 4 GB", what, (unsigned long long)addr);
	if (TC(d[0]) != 0)
		tlp_host_error(h, "%s: traffic class %u", what, TC(d[0]));
	/* no request crosses a 4 KiB boundary (2.2.7) */
	if ((addr & 0xfff) + len * 4u > 4096)
		tlp_host_error(h, "%s: %llx + %u DWs crosses 4 KiB", what, (unsigned long long)addr, len);
	if (!check_be(h, what, len, fbe, lbe))
		return;
	if (wr) {
		h->mwr_tlps++;
		if (n != hdr + len) {
			tlp_host_error(h, "MWr: %u DWs for a %u-DW header and Length %u", n, hdr, len);
			return;
		}
		if (len * 4 > h->mps)
			tlp_host_error(h, "MWr: %u octets above Max_Payload_Size %u (2.2.2)", len * 4, h->mps);
		if (len * 4 > h->max_mwr_bytes)
			h->max_mwr_bytes = len * 4;
		if (addr >= h->msi_base && addr - h->msi_base < h->msi_size) {
			/* an MSI-X message: one DW, all bytes (6.8.2.2 and 6.8.3) */
			if (len != 1 || fbe != 0xf)
				tlp_host_error(h, "MSI-X message at %llx: %u DWs, BE %x", (unsigned long long)addr, len, fbe);
			if (h->nmsgs < TLP_MAX_MSGS)
				h->msgs[h->nmsgs++] = (struct tlp_msg){ .addr = addr, .data = d[hdr] };
			return;
		}
		uint8_t *m = mem_access(h, addr, len * 4u, true);
		if (!m) {
			h->write_faults++;
			if (!h->lenient)
				tlp_host_error(h, "MWr to %llx (%u DWs) outside host memory", (unsigned long long)addr, len);
			return;
		}
		for (unsigned i = 0; i < len; i++) {
			unsigned be = i == 0 ? fbe : i == len - 1 ? lbe : 0xf;
			for (unsigned b = 0; b < 4; b++)
				if (be & (1u << b)) {
					m[4 * i + b] = (uint8_t)(d[hdr + i] >> (8 * b));
					h->write_bytes++;
				}
		}
		return;
	}
	h->mrd_tlps++;
	if (n != hdr)
		tlp_host_error(h, "MRd with %u DWs", n);
	if (len * 4 > h->mrrs)
		tlp_host_error(h, "MRd: %u octets above Max_Read_Request_Size %u", len * 4, h->mrrs);
	if (len * 4 > h->max_mrd_bytes)
		h->max_mrd_bytes = len * 4;
	/* Extended Tag Field Enable is clear: 5-bit tags (2.2.6.2) */
	if (tag >= 32) {
		tlp_host_error(h, "MRd: tag %u with 5-bit tags", tag);
		return;
	}
	if (h->reads[tag].used) {
		tlp_host_error(h, "MRd: tag %u already outstanding", tag);
		return;
	}
	struct tlp_ep_read *r = &h->reads[tag];
	*r = (struct tlp_ep_read){
		.used = true, .next = addr, .end = addr + len * 4u, .bc = req_bytes(len, fbe, lbe),
		.first_off = first_byte(fbe), .trail = len * 4 - first_byte(fbe) - req_bytes(len, fbe, lbe), .rid = rid, .tc = (uint8_t)TC(d[0]), .attr = (uint8_t)ATTR(d[0]),
		.ur = mem_access(h, addr, len * 4u, false) == NULL,
		.hold = h->hold_max ? (unsigned)(rnd(h) % (h->hold_max + 1)) : 0,
		.drop = h->drop_next_read,
		.seq = h->rd_seq++,
	};
	h->drop_next_read = false;
	if (++h->outstanding > h->max_outstanding)
		h->max_outstanding = h->outstanding;
}

/* A completion for one of the CPU's BAR0 reads. */
static void ep_completion(struct tlp_host *h, const uint32_t *d, unsigned n)
{
	bool data = FMT(d[0]) & 2;
	unsigned len = LEN(d[0]);
	uint16_t cid = d[1] >> 16, status = (d[1] >> 13) & 7, bc = d[1] & 0xfff;
	uint16_t rid = d[2] >> 16;
	unsigned tag = (d[2] >> 8) & 0xff, la = d[2] & 0x7f;

	h->cpl_tlps++;
	if (!h->cpu_busy || tag != h->cpu_tag || rid != h->host_id) {
		tlp_host_error(h, "unexpected completion: tag %u requester %04x", tag, rid);
		return;
	}
	if (cid != h->ep_id)
		tlp_host_error(h, "completion: completer ID %04x, the endpoint is %04x", cid, h->ep_id);
	h->cpu_status = status;
	h->cpu_busy = false;
	h->cpu_done = true;
	if (status != CPL_SC) {
		if (data || n != 3)
			tlp_host_error(h, "completion with status %u carries data", status);
		return;
	}
	unsigned want_bc = req_bytes(h->cpu_ndw, h->cpu_fbe, h->cpu_lbe);
	unsigned want_la = ((h->cpu_off & 0x7c) | (h->cpu_fbe ? first_byte(h->cpu_fbe) : 0)) & 0x7f;
	if (!data || len != h->cpu_ndw || n != 3 + len)
		tlp_host_error(h, "completion: %u DWs (Length %u) for a %u-DW read", n, len, h->cpu_ndw);
	else if (bc != want_bc || la != want_la)
		tlp_host_error(h, "completion: Byte Count %u Lower Address %x, expected %u %x (2.3.1.1)",
			       bc, la, want_bc, want_la);
	for (unsigned i = 0; i < len && i < 2 && 3 + i < n; i++)
		h->cpu_data[i] = d[3 + i];
}

static void ep_tlp(struct tlp_host *h)
{
	const uint32_t *d = h->rx;
	unsigned n = h->rx_n;

	if (n < 3) {
		tlp_host_error(h, "TLP of %u DWs", n);
		return;
	}
	if (TYPE(d[0]) == TYPE_MEM)
		ep_mem_request(h, d, n);
	else if (TYPE(d[0]) == TYPE_CPL && !(FMT(d[0]) & 1))
		ep_completion(h, d, n);
	else
		tlp_host_error(h, "TLP with format %u type %x", FMT(d[0]), TYPE(d[0]));
}

void tlp_host_tx_beat(struct tlp_host *h, uint64_t data, uint8_t keep, bool last, uint8_t user)
{
	if (user != 0)
		tlp_host_error(h, "s_axis_tx_tuser %x (no ECRC, poisoning, streaming or discontinue)", user);
	if (keep != 0xff && !(keep == 0x0f && last))
		tlp_host_error(h, "s_axis_tx_tkeep %02x%s", keep, last ? " on the last beat" : "");
	if (h->rx_n + 2 > TLP_MAX_DW + 2) {
		tlp_host_error(h, "TLP longer than %u DWs", TLP_MAX_DW);
		h->rx_n = 0;
	}
	h->rx[h->rx_n++] = (uint32_t)data;
	if (keep == 0xff)
		h->rx[h->rx_n++] = (uint32_t)(data >> 32);
	if (last) {
		ep_tlp(h);
		h->rx_n = 0;
	}
}

/* The next completion of read r (tag): it ends at an RCB boundary or at the
 * end of the request, carries at most Max_Payload_Size (2.3.1.1). */
static void complete_one(struct tlp_host *h, unsigned tag)
{
	struct tlp_ep_read *r = &h->reads[tag];
	struct tlp_pkt *p;
	uint64_t stop;

	for (unsigned t = 0; t < 32; t++) {
		if (h->reads[t].used && !h->reads[t].drop && h->reads[t].seq < r->seq) {
			h->cpl_reordered++;
			break;
		}
	}

	if (r->ur) {
		p = q_push(h);
		if (!p)
			return;
		h->ur_reads++;
		/* Unsupported Request: a Cpl without data ends the request */
		p->dw[0] = (FMT_3DW << 29) | (TYPE_CPL << 24) | ((uint32_t)r->tc << 20) | ((uint32_t)r->attr << 12);
		p->dw[1] = ((uint32_t)h->host_id << 16) | (CPL_UR << 13) | (r->bc & 0xfff);
		p->dw[2] = ((uint32_t)r->rid << 16) | (tag << 8) | (uint32_t)((r->next + r->first_off) & 0x7f);
		p->n = 3;
		r->used = false;
		h->outstanding--;
		return;
	}
	/* the first RCB boundary, then further ones while within MPS, at random */
	stop = (r->next / h->rcb + 1) * h->rcb;
	if (stop > r->end)
		stop = r->end;
	while (stop < r->end) {
		uint64_t further = stop + h->rcb > r->end ? r->end : stop + h->rcb;
		if (further - r->next > h->mps || (unsigned)(rnd(h) % 100) < h->split_pct)
			break;
		stop = further;
	}
	unsigned ndw = (unsigned)((stop - r->next) / 4);
	unsigned bytes = (unsigned)(stop - r->next) - r->first_off;
	if (bytes > r->bc)
		bytes = r->bc;
	p = q_push(h);
	if (!p)
		return;
	p->dw[0] = (FMT_3DW_D << 29) | (TYPE_CPL << 24) | ((uint32_t)r->tc << 20) | ((uint32_t)r->attr << 12) |
		   (ndw & 0x3ff);
	p->dw[1] = ((uint32_t)h->host_id << 16) | (CPL_SC << 13) | (r->bc & 0xfff);
	p->dw[2] = ((uint32_t)r->rid << 16) | (tag << 8) | (uint32_t)((r->next + r->first_off) & 0x7f);
	const uint8_t *m = mem_access(h, r->next, ndw * 4u, false);
	if (!m) {
		/* unmapped since the request came: the client took the memory away */
		r->ur = true;
		h->q_count--;
		return;
	}
	for (unsigned i = 0; i < ndw; i++) {
		uint32_t v;
		memcpy(&v, m + 4 * i, 4);
		/* bytes outside the request's enables carry garbage: the endpoint must not use them */
		if (i == 0 && r->first_off)
			v = (v & (0xffffffffu << (8 * r->first_off))) | (0xa5a5a5a5u >> (32 - 8 * r->first_off));
		if (stop == r->end && i == ndw - 1 && r->trail)
			v = (v & (0xffffffffu >> (8 * r->trail))) | (0x5a5a5a5au << (32 - 8 * r->trail));
		p->dw[3 + i] = v;
	}
	p->n = 3 + ndw;
	r->bc -= bytes;
	r->first_off = 0;
	r->next = stop;
	if (r->next == r->end) {
		if (r->bc != 0)
			tlp_host_error(h, "model: tag %u ended with %u bytes left", tag, r->bc);
		r->used = false;
		h->outstanding--;
	}
}

void tlp_host_step(struct tlp_host *h)
{
	unsigned ready[32], nready = 0;

	for (unsigned t = 0; t < 32; t++) {
		struct tlp_ep_read *r = &h->reads[t];
		if (!r->used || r->drop)
			continue;
		if (r->hold) {
			r->hold--;
			continue;
		}
		ready[nready++] = t;
	}
	/* any ready tag may go next: completions of different requests pass each other (2.4.1) */
	if (nready && h->q_count < TLP_QUEUE / 2)
		complete_one(h, ready[rnd(h) % nready]);
}

/* A read dropped on purpose is forgotten once the endpoint gave up on it. */
static void forget_dropped(struct tlp_host *h)
{
	for (unsigned t = 0; t < 32; t++)
		if (h->reads[t].used && h->reads[t].drop) {
			h->reads[t].used = false;
			h->outstanding--;
		}
}

bool tlp_host_rx_peek(struct tlp_host *h, uint64_t *data, uint8_t *keep, bool *last, uint32_t *user)
{
	if (!h->q_count)
		return false;
	struct tlp_pkt *p = &h->q[h->q_head];
	unsigned i = h->q_pos;
	bool two = i + 1 < p->n;
	*data = p->dw[i] | (two ? (uint64_t)p->dw[i + 1] << 32 : 0);
	*keep = two ? 0xff : 0x0f;
	*last = i + 2 >= p->n;
	*user = (uint32_t)p->bar_hit << 2;
	return true;
}

void tlp_host_rx_taken(struct tlp_host *h)
{
	struct tlp_pkt *p = &h->q[h->q_head];
	h->q_pos += 2;
	if (h->q_pos >= p->n) {
		h->q_pos = 0;
		h->q_head = (h->q_head + 1) % TLP_QUEUE;
		h->q_count--;
	}
}

int tlp_host_bar_write(struct tlp_host *h, uint32_t off, uint32_t data, uint8_t be)
{
	struct tlp_pkt *p = q_push(h);
	if (!p)
		return -1;
	uint64_t a = h->bar0 + off;
	p->dw[0] = (FMT_3DW_D << 29) | (TYPE_MEM << 24) | 1u;
	p->dw[1] = ((uint32_t)h->host_id << 16) | (0u << 8) | (be & 0xfu);
	p->dw[2] = (uint32_t)a & ~3u;
	p->dw[3] = data;
	p->n = 4;
	p->bar_hit = 1;
	return 0;
}

int tlp_host_bar_read(struct tlp_host *h, uint32_t off, unsigned ndw, uint8_t fbe, uint8_t lbe)
{
	if (h->cpu_busy)
		return -1;
	struct tlp_pkt *p = q_push(h);
	if (!p)
		return -1;
	uint64_t a = h->bar0 + off;
	h->cpu_tag = (uint8_t)((h->cpu_tag + 1) & 0x1f);
	p->dw[0] = (FMT_3DW << 29) | (TYPE_MEM << 24) | (ndw & 0x3ff);
	p->dw[1] = ((uint32_t)h->host_id << 16) | ((uint32_t)h->cpu_tag << 8) | ((lbe & 0xfu) << 4) | (fbe & 0xfu);
	p->dw[2] = (uint32_t)a & ~3u;
	p->n = 3;
	p->bar_hit = 1;
	h->cpu_busy = true;
	h->cpu_done = false;
	h->cpu_ndw = ndw;
	h->cpu_fbe = fbe;
	h->cpu_lbe = lbe;
	h->cpu_off = off;
	return 0;
}

bool tlp_host_idle(const struct tlp_host *h)
{
	return h->q_count == 0 && h->outstanding == 0 && !h->cpu_busy;
}

void tlp_host_forget_dropped(struct tlp_host *h)
{
	forget_dropped(h);
}
