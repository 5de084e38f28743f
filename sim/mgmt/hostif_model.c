#include <stdio.h>
#include <string.h>

#include "hostif_model.h"

enum { DMA_IDLE, DMA_ACCEPT, DMA_MOVE, DMA_DRAIN, DMA_DONE };
enum { DMA_ST_OK = 0, DMA_ST_UNMAPPED = 1 };

uint16_t cqe_code(const struct card_cqe *c)
{
	return (uint16_t)(c->status >> CARD_CQE_STATUS_CODE_SHIFT);
}

void hostif_reset(struct hostif *h, unsigned cycles)
{
	memset(&h->p, 0, sizeof h->p);
	h->dma_state = DMA_IDLE;
	h->sqe_to_send = false;
	h->cqe_seen = false;
	for (unsigned i = 0; i < cycles; i++)
		tb_cycle(&h->p);
	h->p.rst_n = 1;
	h->p.adm_cqe_ready = 1;
}

static bool iova_ok(uint64_t a, uint32_t len)
{
	return a >= HOST_IOVA_BASE && a - HOST_IOVA_BASE <= HOST_MEM_SIZE &&
	       len <= HOST_MEM_SIZE - (a - HOST_IOVA_BASE);
}

/* Sets the inputs for the next edge from what the last edge showed. */
static void dma_step(struct hostif *h)
{
	struct mgmt_pins *p = &h->p;

	p->dma_req_ready = 0;
	p->dmabuf_en = 0;
	p->dmabuf_we = 0;
	p->dma_done = 0;
	switch (h->dma_state) {
	case DMA_IDLE:
		if (p->dma_req_valid) {
			p->dma_req_ready = 1;
			h->dma_addr = p->dma_host_addr;
			h->dma_len = p->dma_len;
			h->dma_to_host = p->dma_dir;
			h->dma_words = (h->dma_len + 3) / 4;
			h->dma_word = 0;
			h->dma_count++;
			h->dma_status = iova_ok(h->dma_addr, h->dma_len) ? DMA_ST_OK : DMA_ST_UNMAPPED;
			h->dma_state = h->dma_status == DMA_ST_OK ? DMA_MOVE : DMA_DONE;
		}
		break;
	case DMA_MOVE: {
		uint8_t *m = h->mem + (h->dma_addr - HOST_IOVA_BASE);
		uint32_t k = h->dma_word;

		/* a read issued last clock has its data now */
		if (h->dma_to_host && k > 0) {
			uint32_t w = p->dmabuf_rdata;
			for (uint32_t b = 0; b < 4 && 4 * (k - 1) + b < h->dma_len; b++)
				m[4 * (k - 1) + b] = (uint8_t)(w >> (8 * b));
		}
		if (k == h->dma_words) {
			h->dma_state = DMA_DONE;
			p->dma_done = 1;
			p->dma_status = h->dma_status;
			h->dma_state = DMA_IDLE;
			break;
		}
		p->dmabuf_en = 1;
		p->dmabuf_addr = (uint16_t)k;
		if (!h->dma_to_host) {
			uint32_t w = 0;
			uint8_t be = 0;
			for (uint32_t b = 0; b < 4 && 4 * k + b < h->dma_len; b++) {
				w |= (uint32_t)m[4 * k + b] << (8 * b);
				be |= (uint8_t)(1u << b);
			}
			p->dmabuf_we = 1;
			p->dmabuf_wdata = w;
			p->dmabuf_be = be;
		}
		h->dma_word++;
		break;
	}
	case DMA_DONE:
		p->dma_done = 1;
		p->dma_status = h->dma_status;
		h->dma_state = DMA_IDLE;
		break;
	default:
		h->dma_state = DMA_IDLE;
		break;
	}
}

void hostif_cycle(struct hostif *h)
{
	struct mgmt_pins *p = &h->p;

	p->adm_sqe_valid = 0;
	if (h->sqe_to_send && p->adm_sqe_ready) {
		p->adm_sqe_valid = 1;
		memcpy(p->adm_sqe, h->sqe, sizeof h->sqe);
		h->sqe_to_send = false;
	}
	dma_step(h);
	tb_cycle(p);
	h->cycles++;
	if (p->sim_console_valid)
		putchar(p->sim_console);
	if (p->irq_coalesce_valid)
		h->irq_coalesce_pulses++;
	/* ready is always high: a completion shown now is taken at the next edge */
	if (p->adm_cqe_valid) {
		memcpy(&h->cqe, p->adm_cqe, sizeof h->cqe);
		h->cqe_seen = true;
	}
}

int hostif_wait_boot(struct hostif *h, uint64_t max_cycles)
{
	for (uint64_t n = 0; n < max_cycles; n++) {
		hostif_cycle(h);
		if (h->p.card_ready || h->p.card_selftest_failed || h->p.card_fatal)
			return 0;
	}
	return -1;
}

long hostif_admin(struct hostif *h, const struct card_sqe *sqe, struct card_cqe *cqe,
		  uint64_t max_cycles)
{
	uint64_t start = h->cycles;

	memcpy(h->sqe, sqe, sizeof h->sqe);
	h->sqe_to_send = true;
	h->cqe_seen = false;
	while (h->cycles - start < max_cycles) {
		hostif_cycle(h);
		if (h->cqe_seen) {
			hostif_cycle(h);   /* the hand-over edge: the slot frees */
			*cqe = h->cqe;
			return (long)(h->cycles - start);
		}
		if (h->p.cpu_lockup || h->p.card_fatal)
			break;
	}
	return -1;
}
