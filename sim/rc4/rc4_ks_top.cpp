// Thin Verilator harness for rc4_ks: copies struct rc4_ks_pins in and out
// around one clock. All test logic is in C (tb_rc4_ks.c).
#include "Vrc4_ks.h"
#include "rc4_ks_pins.h"
#include "vl_wrap.h"

VL_WRAP(rc4ks, Vrc4_ks, rc4_ks_pins)

extern "C" void rc4ks_eval(struct rc4_ks_pins *p)
{
	top->rst_ni = p->rst_n;
	top->ksa_start_i = p->ksa_start;
	vl_put_octets(top->key_i, p->key, 4);
	top->key_len_i = p->key_len;
	top->ks_next_i = p->ks_next;
	top->fill_i = p->fill;
	top->clk_i = 0;
	top->eval();
	p->busy = top->busy_o;
	p->ready = top->ready_o;
	p->ks = top->ks_o;
}
