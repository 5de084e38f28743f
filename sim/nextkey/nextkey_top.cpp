// Thin Verilator harness for nextkey_tb_top: copies struct nk_pins in and
// out around one clock. All test logic is in C (tb_nextkey.c).
#include "Vnextkey_tb_top.h"
#include "nextkey_pins.h"
#include "vl_wrap.h"

VL_WRAP(nk, Vnextkey_tb_top, nk_pins)

static void put128(VlWide<4> &w, const uint8_t *k)
{
	for (int i = 0; i < 4; i++)
		w[i] = (uint32_t)k[4 * i] | ((uint32_t)k[4 * i + 1] << 8) | ((uint32_t)k[4 * i + 2] << 16) |
		       ((uint32_t)k[4 * i + 3] << 24);
}

extern "C" void nk_eval(struct nk_pins *p)
{
	top->rst_ni = p->rst_n;
	top->start_i = p->start;
	top->clear_i = p->clear;
	top->kb_i = p->kb;
	top->rd_addr_i = p->rd_addr;
	top->ks_next_i = p->ks_next;
	top->ck_start_i = p->ck_start;
	top->ck_init_i = p->ck_init;
	put128(top->key_i, p->key);
	put128(top->start_key_i, p->start_key);
	top->clk_i = 0;
	top->eval();
	p->active = top->active_o;
	p->done = top->done_o;
	p->ks = top->ks_o;
	p->rd_data = top->rd_data_o;
	p->ij = top->ij_o;
	p->ck_active = top->ck_active_o;
	p->ck_done = top->ck_done_o;
	for (int i = 0; i < 16; i++) {
		p->key_o[i] = (uint8_t)(top->key_o[i / 4] >> (8 * (i % 4)));
		p->ck_key[i] = (uint8_t)(top->ck_key_o[i / 4] >> (8 * (i % 4)));
	}
}
