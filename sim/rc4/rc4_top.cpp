// Thin Verilator harness for rc4_bram: copies struct rc4_pins in and out
// around one clock. All test logic is in C (tb_rc4.c).
#include "Vrc4_bram.h"
#include "rc4_pins.h"
#include "vl_wrap.h"

VL_WRAP(rc4, Vrc4_bram, rc4_pins)

extern "C" void rc4_eval(struct rc4_pins *p)
{
	top->rst_ni = p->rst_n;
	top->ksa_start_i = p->ksa_start;
	vl_put_octets(top->key_i, p->key, 4);
	top->key_len_i = p->key_len;
	top->ks_next_i = p->ks_next;
	top->ld_we_i = p->ld_we;
	top->ld_addr_i = p->ld_addr;
	top->ld_data_i = p->ld_data;
	top->rd_en_i = p->rd_en;
	top->rd_addr_i = p->rd_addr;
	top->ij_we_i = p->ij_we;
	top->ij_i = p->ij;
	top->clk_i = 0;
	top->eval();
	p->busy = top->busy_o;
	p->ready = top->ready_o;
	p->ks = top->ks_o;
	p->rd_data = top->rd_data_o;
	p->ij_o = top->ij_o;
}
