// Thin Verilator harness for nextkey_tb_top: copies struct nk_pins in and
// out around one clock. All test logic is in C (tb_nextkey.c).
#include "Vnextkey_tb_top.h"
#include "nextkey_pins.h"
#include "vl_wrap.h"

VL_WRAP(nk, Vnextkey_tb_top, nk_pins)

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
	vl_put_octets(top->key_i, p->key, 4);
	vl_put_octets(top->start_key_i, p->start_key, 4);
	top->clk_i = 0;
	top->eval();
	p->active = top->active_o;
	p->done = top->done_o;
	p->ks = top->ks_o;
	p->rd_data = top->rd_data_o;
	p->ij = top->ij_o;
	p->ck_active = top->ck_active_o;
	p->ck_done = top->ck_done_o;
	vl_get_octets(p->key_o, top->key_o, 4);
	vl_get_octets(p->ck_key, top->ck_key_o, 4);
}
