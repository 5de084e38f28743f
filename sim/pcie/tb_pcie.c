/*
 * Test of the PCIe endpoint adapter (hdl/pcie/pcie_adapter.v) in Verilator
 * against a TLP-level root complex (tlp_host.c) on one side and a model of
 * the card's ports on the other, each clock domain at its own rate.
 *
 *   tb_pcie [--seed N] [--ops N] [--card-period P] [--stall PCT]
 *
 * Phases: BAR0 register reads and writes (1 and 2 DWs, byte enables, a read
 * too long for the target), the MSI-X table, masking, function mask and PBA,
 * DMA reads and writes byte for byte under every MPS / MRRS / RCB setting
 * with completions reordered and split, tag exhaustion, an Unsupported
 * Request, a completion timeout, soft resets in the middle of transfers, all
 * with back-pressure on both AXI streams and on the card's ports.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "card_if.h"
#include "tb_pcie_pins.h"
#include "tlp_host.h"

#ifndef TB_NTAGS
#define TB_NTAGS 8
#endif
#ifndef TB_CPL_TO_W
#define TB_CPL_TO_W 14
#endif

#define LO_BASE   0x00100000ull           /* host memory below 4 GB */
#define HI_BASE   0x123450000ull          /* and above: 4-DW headers */
#define REG_SIZE  0x10000u                /* each region: 32 KiB read, 32 KiB write */
#define WR_OFF    0x8000u
#define MSIX_TABLE CARD_MSIX_TABLE       /* the adapter's default (contract/card_if.txt) */
#define MSIX_PBA   CARD_MSIX_PBA
#define NVEC       9

struct card {
	uint32_t regs[2048];
	unsigned reg_accesses;
	bool ack_pending;
	unsigned ack_delay;
	uint32_t ack_data;
	/* one DMA read */
	bool rd_active, rd_sent, rd_expect_err, rd_drop;
	uint64_t rd_addr;
	unsigned rd_len, rd_beat;
	/* one DMA write burst */
	bool wr_active, wr_wait_rsp, wr_expect_err;
	uint64_t wr_addr;
	unsigned wr_len, wr_beat;
	uint8_t wr_data[4096 + 8];
	uint16_t irq;
	bool srst;
	unsigned reads_done, writes_done, read_errs;
};

struct env {
	struct pcie_rtl *rtl;
	struct pcie_pins p;
	struct tlp_host h;
	struct card c;
	uint64_t t_user, t_card, now;
	unsigned card_period;
	unsigned stall;                     /* percent of clocks each side holds back */
	bool rx_presenting;
	uint64_t rng;
	uint64_t user_clocks, card_clocks;
	unsigned unexpected, timeouts, urs;
	unsigned cut_reads, cut_writes;     /* transfers a soft reset cut */
	uint8_t *expect_lo, *expect_hi;     /* expected write regions */
	unsigned failures;
};

static uint64_t rnd(struct env *e)
{
	e->rng ^= e->rng << 13;
	e->rng ^= e->rng >> 7;
	e->rng ^= e->rng << 17;
	return e->rng;
}

static bool stalled(struct env *e)
{
	return e->stall && rnd(e) % 100 < e->stall;
}

#define CHECK(e, cond, ...)                                                                             \
	do {                                                                                            \
		if (!(cond)) {                                                                          \
			if ((e)->failures++ < 10) {                                                     \
				fprintf(stderr, "tb_pcie: %s:%d: ", __func__, __LINE__);                 \
				fprintf(stderr, __VA_ARGS__);                                           \
				fputc('\n', stderr);                                                    \
			}                                                                               \
		}                                                                                       \
	} while (0)

/* ---------------------------------------------------------------- clocks */

static void user_edge(struct env *e)
{
	struct pcie_pins *p = &e->p;
	uint64_t d;
	uint8_t keep;
	bool last;
	uint32_t user;

	if (!e->rx_presenting && tlp_host_rx_peek(&e->h, &d, &keep, &last, &user) && !stalled(e)) {
		e->rx_presenting = true;
		p->rx_tdata = d;
		p->rx_tkeep = keep;
		p->rx_tlast = last;
		p->rx_tuser = user;
	}
	p->rx_tvalid = e->rx_presenting;
	p->tx_tready = !stalled(e);
	pcie_rtl_settle(e->rtl, p);
	bool rx_taken = p->rx_tvalid && p->rx_tready;
	bool tx_beat = p->tx_tvalid && p->tx_tready;
	uint64_t tdata = p->tx_tdata;
	uint8_t tkeep = p->tx_tkeep, tlast = p->tx_tlast, tuser = p->tx_tuser;
	pcie_rtl_edge(e->rtl, p, 1);
	e->user_clocks++;
	if (rx_taken) {
		tlp_host_rx_taken(&e->h);
		e->rx_presenting = false;
	}
	if (tx_beat)
		tlp_host_tx_beat(&e->h, tdata, tkeep, tlast, tuser);
	e->unexpected += p->stat_unexpected;
	e->timeouts += p->stat_timeout;
	e->urs += p->stat_ur;
	tlp_host_step(&e->h);
}

static void card_edge(struct env *e)
{
	struct pcie_pins *p = &e->p;
	struct card *c = &e->c;

	p->reg_ack = c->ack_pending && c->ack_delay == 0;
	p->reg_rdata = c->ack_data;
	p->dmar_req_valid = c->rd_active && !c->rd_sent;
	p->dmar_req_addr = c->rd_addr;
	p->dmar_req_len = (uint16_t)c->rd_len;
	p->dmar_req_tag = (uint8_t)(c->reads_done & 15);    /* the card's tag, returned with the answer */
	p->dmar_rsp_ready = c->rd_sent && !stalled(e);
	if (!p->dmaw_valid && c->wr_active && !c->wr_wait_rsp && !stalled(e)) {
		unsigned b = c->wr_beat;
		p->dmaw_valid = 1;
		p->dmaw_addr = c->wr_addr;
		p->dmaw_len = (uint16_t)c->wr_len;
		memcpy(&p->dmaw_data, c->wr_data + 8 * b, 8);
		p->dmaw_last = 8 * (b + 1) >= c->wr_len;
	}
	p->irq = c->irq;
	p->srst = c->srst;
	pcie_rtl_settle(e->rtl, p);
	bool req = p->reg_req, we = p->reg_we;
	uint16_t addr = p->reg_addr;
	uint32_t wdata = p->reg_wdata;
	bool ack = p->reg_ack;
	bool rd_req = p->dmar_req_valid && p->dmar_req_ready;
	bool rd_beat = p->dmar_rsp_valid && p->dmar_rsp_ready;
	uint64_t rd_data = p->dmar_rsp_data;
	uint8_t rd_tag = p->dmar_rsp_tag;
	bool rd_last = p->dmar_rsp_last, rd_err = p->dmar_rsp_err;
	bool wr_beat = p->dmaw_valid && p->dmaw_ready;
	bool wr_rsp = p->dmaw_rsp_valid, wr_err = p->dmaw_rsp_err;
	pcie_rtl_edge(e->rtl, p, 0);
	e->card_clocks++;
	c->irq = 0;
	c->srst = false;

	/* register port: the card acks every request, a read with its register */
	if (ack)
		c->ack_pending = false;
	else if (c->ack_pending && c->ack_delay)
		c->ack_delay--;
	if (req) {
		CHECK(e, !c->ack_pending, "a register request before the previous ack");
		CHECK(e, (addr & 3) == 0 && addr < 0x2000, "register address %x", addr);
		c->reg_accesses++;
		if (we)
			c->regs[(addr >> 2) & 2047] = wdata;
		c->ack_pending = true;
		c->ack_delay = (unsigned)(rnd(e) % 3);
		c->ack_data = we ? 0 : c->regs[(addr >> 2) & 2047];
	}
	/* DMA read */
	if (rd_req)
		c->rd_sent = true;
	if (rd_beat) {
		CHECK(e, c->rd_active && c->rd_sent && !c->rd_drop, "a DMA read beat nobody asked for");
		CHECK(e, rd_tag == (c->reads_done & 15), "read of %" PRIx64 "+%u: answered with tag %u, asked with %u",
		      c->rd_addr, c->rd_len, rd_tag, c->reads_done & 15);
		if (c->rd_expect_err) {
			CHECK(e, rd_err && rd_last, "read of %" PRIx64 "+%u: no error beat", c->rd_addr, c->rd_len);
		} else if (rd_err) {
			CHECK(e, 0, "read of %" PRIx64 "+%u answered an error", c->rd_addr, c->rd_len);
		} else {
			unsigned off = 8 * c->rd_beat, n = c->rd_len - off < 8 ? c->rd_len - off : 8;
			const uint8_t *m = tlp_host_mem(&e->h, c->rd_addr + off, n);
			uint8_t got[8];
			memcpy(got, &rd_data, 8);
			CHECK(e, m && memcmp(got, m, n) == 0, "read of %" PRIx64 "+%u: beat %u differs",
			      c->rd_addr, c->rd_len, c->rd_beat);
			for (unsigned i = n; i < 8; i++)
				CHECK(e, got[i] == 0, "read of %" PRIx64 "+%u: byte past the end not zero", c->rd_addr,
				      c->rd_len);
			CHECK(e, rd_last == (off + 8 >= c->rd_len), "read of %" PRIx64 "+%u: last on beat %u",
			      c->rd_addr, c->rd_len, c->rd_beat);
		}
		c->rd_beat++;
		if (rd_last || rd_err) {
			c->rd_active = false;
			c->reads_done++;
			c->read_errs += rd_err;
		}
	}
	/* DMA write */
	if (wr_beat) {
		p->dmaw_valid = 0;
		if (++c->wr_beat * 8 >= c->wr_len)
			c->wr_wait_rsp = true;
	}
	if (wr_rsp) {
		CHECK(e, c->wr_active && c->wr_wait_rsp, "a write response nobody waited for");
		CHECK(e, wr_err == c->wr_expect_err, "write of %" PRIx64 "+%u: err %u", c->wr_addr, c->wr_len,
		      wr_err);
		c->wr_active = false;
		c->writes_done++;
	}
}

/* Runs the two clocks until done(e) or max user clocks. */
static bool run(struct env *e, bool (*done)(struct env *), uint64_t max)
{
	uint64_t until = e->user_clocks + max;
	while (!done(e)) {
		if (e->user_clocks >= until)
			return false;
		if (e->t_user <= e->t_card) {
			e->now = e->t_user;
			user_edge(e);
			e->t_user += 4;
		} else {
			e->now = e->t_card;
			card_edge(e);
			e->t_card += e->card_period;
		}
	}
	return true;
}

static bool cpu_done(struct env *e) { return !e->h.cpu_busy; }
static bool quiet(struct env *e)
{
	return tlp_host_idle(&e->h) && !e->c.rd_active && !e->c.wr_active && !e->c.ack_pending &&
	       !e->rx_presenting && !e->p.tx_tvalid;
}
static bool dma_done(struct env *e) { return !e->c.rd_active && !e->c.wr_active; }
static bool rd_done(struct env *e) { return !e->c.rd_active; }

static void settle_all(struct env *e, const char *what)
{
	/* a few hundred clocks more for posted writes and crossings to drain */
	CHECK(e, run(e, quiet, 2000000), "%s: the adapter never went quiet", what);
	uint64_t stop = e->user_clocks + 200;
	while (e->user_clocks < stop) {
		if (e->t_user <= e->t_card) {
			user_edge(e);
			e->t_user += 4;
		} else {
			card_edge(e);
			e->t_card += e->card_period;
		}
	}
}

/* ---------------------------------------------------------------- the CPU */

static uint32_t bar_read(struct env *e, uint32_t off, unsigned ndw, uint8_t fbe, uint8_t lbe, uint32_t *hi,
			 uint16_t *status)
{
	while (tlp_host_bar_read(&e->h, off, ndw, fbe, lbe) < 0)
		run(e, cpu_done, 100);
	CHECK(e, run(e, cpu_done, 200000), "BAR read at %x: no completion", off);
	if (hi)
		*hi = e->h.cpu_data[1];
	if (status)
		*status = e->h.cpu_status;
	return e->h.cpu_data[0];
}

static uint32_t bar_read32(struct env *e, uint32_t off)
{
	uint16_t st;
	uint32_t v = bar_read(e, off, 1, 0xf, 0, NULL, &st);
	CHECK(e, st == 0, "BAR read at %x: status %u", off, st);
	return v;
}

static void bar_write(struct env *e, uint32_t off, uint32_t v, uint8_t be)
{
	while (tlp_host_bar_write(&e->h, off, v, be) < 0)
		run(e, cpu_done, 100);
}

static void test_bar(struct env *e)
{
	uint32_t shadow[2048];
	unsigned before;

	memcpy(shadow, e->c.regs, sizeof(shadow));
	for (unsigned i = 0; i < 300; i++) {
		uint32_t off = (uint32_t)(rnd(e) % 0x2000) & ~3u;
		if (off >= MSIX_TABLE && off < 0x1000)
			continue;
		uint32_t v = (uint32_t)rnd(e);
		switch (rnd(e) % 3) {
		case 0:
			bar_write(e, off, v, 0xf);
			shadow[off >> 2] = v;
			break;
		case 1: {
			/* reads see every earlier write (a read may not pass a posted write, 2.4.1) */
			uint32_t got = bar_read32(e, off);
			CHECK(e, got == shadow[off >> 2], "BAR read %x: %08x, wrote %08x", off, got, shadow[off >> 2]);
			break;
		}
		default: {
			if (off + 4 >= MSIX_TABLE && off < 0x1000)
				break;
			uint32_t hi;
			uint16_t st;
			uint32_t lo = bar_read(e, off & ~7u, 2, 0xf, 0xf, &hi, &st);
			CHECK(e, st == 0 && lo == shadow[(off & ~7u) >> 2] && hi == shadow[((off & ~7u) >> 2) + 1],
			      "64-bit BAR read %x: %08x%08x", off & ~7u, hi, lo);
			break;
		}
		}
	}
	/* byte enables: the completion's Byte Count and Lower Address (checked by the model) */
	static const uint8_t bes[] = { 0x1, 0x2, 0x4, 0x8, 0x3, 0x6, 0xc, 0x7, 0xe, 0x9, 0x0 };
	for (unsigned i = 0; i < sizeof(bes); i++) {
		uint16_t st;
		bar_read(e, 0x210 + 4 * (i % 4), 1, bes[i], 0, NULL, &st);
		CHECK(e, st == 0, "BAR read with BE %x: status %u", bes[i], st);
	}
	/* a write with no byte enabled does nothing (2.2.5) */
	before = e->c.reg_accesses;
	bar_write(e, 0x21c, 0xdeadbeef, 0x0);
	settle_all(e, "zero-length write");
	CHECK(e, e->c.reg_accesses == before, "a zero-length write reached the card");
	/* a read longer than 2 DWs: Completer Abort, no data */
	uint16_t st;
	unsigned urs = e->urs;
	bar_read(e, 0x100, 4, 0xf, 0xf, NULL, &st);
	CHECK(e, st == 4, "a 4-DW BAR read: status %u, expected Completer Abort (4)", st);
	settle_all(e, "long read");
	CHECK(e, e->urs == urs + 1, "the refused read was not counted");
	/* the card still answers */
	bar_write(e, 0x21c, 0x12345678, 0xf);
	CHECK(e, bar_read32(e, 0x21c) == 0x12345678, "BAR after the refused read");
}

/* ---------------------------------------------------------------- MSI-X */

static unsigned msgs_for(struct env *e, unsigned from, unsigned v)
{
	unsigned n = 0;
	for (unsigned i = from; i < e->h.nmsgs; i++)
		if (e->h.msgs[i].addr == e->h.msi_base + 0x10 * v && e->h.msgs[i].data == 0x4000 + v)
			n++;
	return n;
}

static void pulse(struct env *e, uint16_t vecs)
{
	e->c.irq = vecs;
	uint64_t stop = e->card_clocks + 1;
	while (e->card_clocks < stop) {
		if (e->t_user <= e->t_card) {
			user_edge(e);
			e->t_user += 4;
		} else {
			card_edge(e);
			e->t_card += e->card_period;
		}
	}
}

static void test_msix(struct env *e)
{
	unsigned from;

	/* reset state: every vector masked (6.8.2.9) */
	for (unsigned v = 0; v < NVEC; v++)
		CHECK(e, bar_read32(e, MSIX_TABLE + 16 * v + 12) == 1, "vector %u not masked at reset", v);
	e->p.msix_en = 1;
	for (unsigned v = 0; v < NVEC; v++) {
		bar_write(e, MSIX_TABLE + 16 * v + 0, (uint32_t)(e->h.msi_base + 0x10 * v), 0xf);
		bar_write(e, MSIX_TABLE + 16 * v + 4, 0, 0xf);
		bar_write(e, MSIX_TABLE + 16 * v + 8, 0x4000 + v, 0xf);
	}
	for (unsigned v = 0; v < NVEC; v++) {
		CHECK(e, bar_read32(e, MSIX_TABLE + 16 * v) == (uint32_t)(e->h.msi_base + 0x10 * v), "table %u addr", v);
		CHECK(e, bar_read32(e, MSIX_TABLE + 16 * v + 8) == 0x4000 + v, "table %u data", v);
	}
	/* masked: pending, no message */
	from = e->h.nmsgs;
	pulse(e, 1u << 3);
	settle_all(e, "masked vector");
	CHECK(e, e->h.nmsgs == from, "a masked vector sent a message");
	CHECK(e, bar_read32(e, MSIX_PBA) == 1u << 3, "PBA %x, expected vector 3 pending", bar_read32(e, MSIX_PBA));
	/* unmask: the pending message goes, the bit clears */
	bar_write(e, MSIX_TABLE + 16 * 3 + 12, 0, 0xf);
	settle_all(e, "unmask");
	CHECK(e, msgs_for(e, from, 3) == 1, "vector 3 after unmask: %u messages", msgs_for(e, from, 3));
	CHECK(e, bar_read32(e, MSIX_PBA) == 0, "PBA not clear after the message");
	/* all unmasked, each vector once, several at once */
	for (unsigned v = 0; v < NVEC; v++)
		bar_write(e, MSIX_TABLE + 16 * v + 12, 0, 0xf);
	settle_all(e, "unmask all");
	from = e->h.nmsgs;
	pulse(e, 0x1ff);
	settle_all(e, "all vectors");
	for (unsigned v = 0; v < NVEC; v++)
		CHECK(e, msgs_for(e, from, v) == 1, "vector %u: %u messages", v, msgs_for(e, from, v));
	/* function mask: pending until cleared */
	e->p.msix_fm = 1;
	from = e->h.nmsgs;
	pulse(e, 1u << 5);
	settle_all(e, "function mask");
	CHECK(e, e->h.nmsgs == from, "a message under the function mask");
	CHECK(e, bar_read32(e, MSIX_PBA) == 1u << 5, "PBA under the function mask");
	e->p.msix_fm = 0;
	settle_all(e, "function unmask");
	CHECK(e, msgs_for(e, from, 5) == 1, "vector 5 after the function mask cleared");
	/* a 64-bit message address (here into host memory above 4 GB): a 4-DW MWr */
	uint64_t a64 = HI_BASE + WR_OFF + 0x7f00;
	bar_write(e, MSIX_TABLE + 16 * 8 + 0, (uint32_t)a64, 0xf);
	bar_write(e, MSIX_TABLE + 16 * 8 + 4, (uint32_t)(a64 >> 32), 0xf);
	settle_all(e, "table write");           /* posted: in the table before the event */
	from = e->h.nmsgs;
	pulse(e, 1u << 8);
	settle_all(e, "64-bit message");
	uint32_t got;
	memcpy(&got, tlp_host_mem(&e->h, a64, 4), 4);
	CHECK(e, e->h.nmsgs == from && got == 0x4008, "64-bit MSI-X address: %08x", got);
	memcpy(e->expect_hi + (a64 - HI_BASE), &got, 4);
	bar_write(e, MSIX_TABLE + 16 * 8 + 0, (uint32_t)(e->h.msi_base + 0x80), 0xf);
	bar_write(e, MSIX_TABLE + 16 * 8 + 4, 0x0, 0xf);
	/* disabled: events are dropped, not kept pending */
	e->p.msix_en = 0;
	from = e->h.nmsgs;
	pulse(e, 1u << 1);
	settle_all(e, "MSI-X disabled");
	CHECK(e, e->h.nmsgs == from && bar_read32(e, MSIX_PBA) == 0, "an event while MSI-X is disabled");
	e->p.msix_en = 1;
}

/* ---------------------------------------------------------------- DMA */

static void start_read(struct env *e, uint64_t addr, unsigned len, bool expect_err)
{
	struct card *c = &e->c;
	c->rd_active = true;
	c->rd_sent = false;
	c->rd_drop = false;
	c->rd_addr = addr;
	c->rd_len = len;
	c->rd_beat = 0;
	c->rd_expect_err = expect_err;
}

static void start_write(struct env *e, uint64_t addr, unsigned len)
{
	struct card *c = &e->c;
	uint8_t *exp = addr >= HI_BASE ? e->expect_hi + (addr - HI_BASE) : e->expect_lo + (addr - LO_BASE);

	c->wr_active = true;
	c->wr_wait_rsp = false;
	c->wr_expect_err = false;
	c->wr_addr = addr;
	c->wr_len = len;
	c->wr_beat = 0;
	for (unsigned i = 0; i < len; i++)
		c->wr_data[i] = (uint8_t)rnd(e);
	memset(c->wr_data + len, 0xcc, 8);
	memcpy(exp, c->wr_data, len);
}

/* a random transfer in one region's read or write half; o + len <= 4096 */
static void pick(struct env *e, bool write, uint64_t *addr, unsigned *len)
{
	uint64_t base = rnd(e) % 2 ? HI_BASE : LO_BASE;
	unsigned l;
	switch (rnd(e) % 4) {
	case 0: l = 1 + (unsigned)(rnd(e) % 16); break;
	case 1: l = 1 + (unsigned)(rnd(e) % 300); break;
	case 2: l = 1 + (unsigned)(rnd(e) % 4096); break;
	default: l = 64 * (1 + (unsigned)(rnd(e) % 64)); break;
	}
	unsigned a = (unsigned)(rnd(e) % (0x8000 - 4096));
	if (rnd(e) % 3 == 0)
		a &= ~63u;
	if ((a & 3) + l > 4096)
		l = 4096 - (a & 3);
	*addr = base + (write ? WR_OFF : 0) + a;
	*len = l;
}

static void dma_mix(struct env *e, unsigned ops, const char *what)
{
	unsigned reads = 0, writes = 0;
	while (reads < ops || writes < ops) {
		if (!e->c.rd_active && reads < ops) {
			uint64_t a;
			unsigned l;
			pick(e, false, &a, &l);
			start_read(e, a, l, false);
			reads++;
		}
		if (!e->c.wr_active && writes < ops) {
			uint64_t a;
			unsigned l;
			pick(e, true, &a, &l);
			start_write(e, a, l);
			writes++;
		}
		if (rnd(e) % 8 == 0)
			pulse(e, (uint16_t)(1u << (rnd(e) % NVEC)));
		if (rnd(e) % 16 == 0) {
			uint32_t off = 0x200 + 4 * (uint32_t)(rnd(e) % 32);
			uint32_t v = (uint32_t)rnd(e);
			bar_write(e, off, v, 0xf);
			CHECK(e, bar_read32(e, off) == v, "%s: BAR register during DMA", what);
		}
		if (!run(e, dma_done, 4000000)) {
			CHECK(e, 0, "%s: DMA stuck (read %d write %d)", what, e->c.rd_active, e->c.wr_active);
			return;
		}
	}
	settle_all(e, what);
}

static void compare_writes(struct env *e, const char *what)
{
	const uint8_t *lo = tlp_host_mem(&e->h, LO_BASE + WR_OFF, 0x8000);
	const uint8_t *hi = tlp_host_mem(&e->h, HI_BASE + WR_OFF, 0x8000);
	CHECK(e, memcmp(lo, e->expect_lo + WR_OFF, 0x8000) == 0, "%s: host memory below 4 GB differs", what);
	CHECK(e, memcmp(hi, e->expect_hi + WR_OFF, 0x8000) == 0, "%s: host memory above 4 GB differs", what);
}

static void set_config(struct env *e, unsigned mps_e, unsigned mrrs_e, unsigned rcb)
{
	e->h.mps = 128u << mps_e;
	e->h.mrrs = 128u << mrrs_e;
	e->h.rcb = rcb;
	e->p.dcommand = (uint16_t)((mrrs_e << 12) | (mps_e << 5));
	/* the endpoint sends at most 512 octets whatever MPS allows */
}

static void test_dma(struct env *e, unsigned ops)
{
	static const struct { unsigned mps, mrrs, rcb, hold, split; } cfgs[] = {
		{ 0, 2, 64, 0, 50 }, { 0, 0, 64, 40, 80 }, { 1, 5, 128, 20, 30 }, { 2, 3, 64, 100, 10 },
		{ 2, 5, 128, 0, 0 }, { 1, 1, 64, 60, 100 }, { 0, 5, 64, 10, 50 },
	};
	for (unsigned i = 0; i < sizeof(cfgs) / sizeof(cfgs[0]); i++) {
		char what[64];
		snprintf(what, sizeof(what), "MPS %u MRRS %u RCB %u", 128u << cfgs[i].mps, 128u << cfgs[i].mrrs,
			 cfgs[i].rcb);
		set_config(e, cfgs[i].mps, cfgs[i].mrrs, cfgs[i].rcb);
		e->h.hold_max = cfgs[i].hold;
		e->h.split_pct = cfgs[i].split;
		dma_mix(e, ops, what);
		compare_writes(e, what);
		/* the endpoint may send less than MPS, never more: the model checks each TLP */
	}
}

static void test_tags(struct env *e)
{
	/* 4 KiB at MRRS 128: 32 requests for NTAGS tags, completions held back */
	set_config(e, 0, 0, 64);
	e->h.hold_max = 400;
	e->h.max_outstanding = 0;
	for (unsigned i = 0; i < 4; i++) {
		start_read(e, LO_BASE + 0x1000 * i, 4096, false);
		CHECK(e, run(e, rd_done, 4000000), "tag exhaustion: read %u stuck", i);
	}
	CHECK(e, e->h.max_outstanding == TB_NTAGS, "tags outstanding at most %u, expected all %u",
	      e->h.max_outstanding, TB_NTAGS);
	/* completions of different tags may pass each other (2.4.1): the model
	 * must really do it, or the adapter's reassembly by Byte Count is not
	 * tested against it */
	CHECK(e, e->h.cpl_reordered > 0, "tag exhaustion: no completion passed an older read");
	e->h.hold_max = 0;
}

static void test_errors(struct env *e)
{
	unsigned t0 = e->timeouts;

	set_config(e, 1, 2, 64);
	/* outside host memory: the root complex answers Unsupported Request */
	start_read(e, 0x40000000ull, 100, true);
	CHECK(e, run(e, rd_done, 1000000), "UR read stuck");
	/* a part outside: the read is split, one MRd fails, the whole read errs */
	start_read(e, LO_BASE + REG_SIZE - 600, 1000, true);
	CHECK(e, run(e, rd_done, 1000000), "half-UR read stuck");
	/* a length the card port cannot carry in one piece */
	start_read(e, LO_BASE + 2, 4095, true);
	CHECK(e, run(e, rd_done, 1000000), "too-long read stuck");
	/* a read the root complex never answers: completion timeout */
	e->h.drop_next_read = true;
	start_read(e, LO_BASE + 0x100, 64, true);
	CHECK(e, run(e, rd_done, 1u << (TB_CPL_TO_W + 2)), "timeout read stuck");
	CHECK(e, e->timeouts == t0 + 1, "completion timeout not reported");
	tlp_host_forget_dropped(&e->h);
	/* everything works afterwards */
	start_read(e, LO_BASE + 0x104, 1000, false);
	CHECK(e, run(e, rd_done, 1000000), "read after errors stuck");
	/* bus mastering off: DMA answers errors, nothing goes on the link */
	e->p.command = 0;
	uint64_t tlps = e->h.mrd_tlps + e->h.mwr_tlps;
	start_read(e, LO_BASE, 64, true);
	CHECK(e, run(e, rd_done, 100000), "read without bus mastering stuck");
	start_write(e, LO_BASE + WR_OFF, 64);
	memcpy(e->expect_lo + WR_OFF, tlp_host_mem(&e->h, LO_BASE + WR_OFF, 64), 64);
	e->c.wr_expect_err = true;
	CHECK(e, run(e, dma_done, 100000), "write without bus mastering stuck");
	CHECK(e, e->h.mrd_tlps + e->h.mwr_tlps == tlps, "DMA without bus mastering");
	e->p.command = 4;
	settle_all(e, "errors");
}

static void test_soft_reset(struct env *e)
{
	set_config(e, 0, 0, 64);
	for (unsigned i = 0; i < 20; i++) {
		/* a read cut by srst: its beats must never reach the card */
		e->h.hold_max = 30;
		start_read(e, LO_BASE + 64 * i, 2000, false);
		uint64_t stop = e->card_clocks + 5 + rnd(e) % 60;
		while (e->card_clocks < stop && e->c.rd_active) {
			if (e->t_user <= e->t_card) { user_edge(e); e->t_user += 4; }
			else { card_edge(e); e->t_card += e->card_period; }
		}
		if (e->c.rd_active && e->c.rd_sent) {
			e->c.srst = true;
			e->c.rd_drop = true;
			e->cut_reads++;
			pulse(e, 0);
			e->c.rd_active = false;
		}
		/* a write burst cut by srst, then a whole one */
		start_write(e, LO_BASE + WR_OFF + 0x100 * i, 1500);
		stop = e->card_clocks + 3 + rnd(e) % 100;
		while (e->card_clocks < stop && e->c.wr_active) {
			if (e->t_user <= e->t_card) { user_edge(e); e->t_user += 4; }
			else { card_edge(e); e->t_card += e->card_period; }
		}
		if (e->c.wr_active) {
			e->c.srst = true;
			e->cut_writes += e->c.wr_beat > 0;
			pulse(e, 0);
			e->c.wr_active = false;
			e->p.dmaw_valid = 0;
		}
		e->h.hold_max = 0;
		settle_all(e, "soft reset");
		/* the part of the cut burst that went out is not predictable: take it as it is */
		memcpy(e->expect_lo + WR_OFF, tlp_host_mem(&e->h, LO_BASE + WR_OFF, 0x8000), 0x8000);
		start_read(e, LO_BASE + 8 * i + 1, 777, false);
		start_write(e, LO_BASE + WR_OFF + 0x4000 + 0x10 * i + 3, 999);
		CHECK(e, run(e, dma_done, 1000000), "DMA after soft reset stuck");
		settle_all(e, "after soft reset");
		compare_writes(e, "after soft reset");
	}
}

int main(int argc, char **argv)
{
	static struct env env;
	struct env *e = &env;
	uint64_t seed = 1;
	unsigned ops = 300;
	const char *trace = NULL;

	e->card_period = 7;
	e->stall = 30;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--ops") && i + 1 < argc)
			ops = (unsigned)strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--card-period") && i + 1 < argc)
			e->card_period = (unsigned)strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--stall") && i + 1 < argc)
			e->stall = (unsigned)strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--trace") && i + 1 < argc)
			trace = argv[++i];
		else {
			fprintf(stderr, "usage: tb_pcie [--seed N] [--ops N] [--card-period P] [--stall PCT] [--trace F]\n");
			return 2;
		}
	}
	e->rng = seed * 0x9E3779B97F4A7C15ull + 1;
	tlp_host_init(&e->h, seed + 17);
	if (tlp_host_add_region(&e->h, LO_BASE, REG_SIZE) || tlp_host_add_region(&e->h, HI_BASE, REG_SIZE))
		return 1;
	e->expect_lo = calloc(1, REG_SIZE);
	e->expect_hi = calloc(1, REG_SIZE);
	for (unsigned i = 0; i < REG_SIZE; i++) {
		tlp_host_mem(&e->h, LO_BASE, REG_SIZE)[i] = (uint8_t)rnd(e);
		tlp_host_mem(&e->h, HI_BASE, REG_SIZE)[i] = (uint8_t)rnd(e);
	}
	memcpy(e->expect_lo, tlp_host_mem(&e->h, LO_BASE, REG_SIZE), REG_SIZE);
	memcpy(e->expect_hi, tlp_host_mem(&e->h, HI_BASE, REG_SIZE), REG_SIZE);
	e->p.bus = 1;
	e->p.dev = 0;
	e->p.fn = 0;
	e->h.ep_id = 0x0100;
	e->p.command = 4;                   /* Bus Master Enable */
	set_config(e, 0, 2, 64);
	e->rtl = pcie_rtl_new(trace);
	pcie_rtl_reset(e->rtl, &e->p);

	test_bar(e);
	test_msix(e);
	test_dma(e, ops);
	test_tags(e);
	test_errors(e);
	test_soft_reset(e);
	settle_all(e, "end");

	CHECK(e, e->h.errors == 0, "the root complex saw %u broken rules; first: %s", e->h.errors, e->h.first_error);
	CHECK(e, e->unexpected == 0, "%u unexpected completions", e->unexpected);
	printf("tb_pcie: seed %" PRIu64 " card period %u stall %u%%: %u DMA reads (%u errors), %u writes, "
	       "%" PRIu64 " MRd / %" PRIu64 " MWr / %" PRIu64 " CplD TLPs, %u MSI-X messages, "
	       "largest MRd %u MWr %u octets, %u tags at most, %" PRIu64 " completions passed an older read, "
	       "%u reads and %u bursts cut by a soft reset, "
	       "%" PRIu64 " user clocks: %s\n",
	       seed, e->card_period, e->stall, e->c.reads_done, e->c.read_errs, e->c.writes_done, e->h.mrd_tlps,
	       e->h.mwr_tlps, e->h.cpl_tlps, e->h.nmsgs, e->h.max_mrd_bytes, e->h.max_mwr_bytes,
	       e->h.max_outstanding, e->h.cpl_reordered, e->cut_reads, e->cut_writes, e->user_clocks, e->failures ? "FAILED" : "passed");
	pcie_rtl_free(e->rtl);
	tlp_host_fini(&e->h);
	free(e->expect_lo);
	free(e->expect_hi);
	return e->failures ? 1 : 0;
}
