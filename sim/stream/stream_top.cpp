// Thin Verilator harness for mppe_stream: copies struct st_pins in and out
// around one clock. All test logic is in C (tb_stream.c).
#include "Vmppe_stream.h"
#include "stream_pins.h"
#include "vl_wrap.h"

VL_WRAP(st, Vmppe_stream, st_pins)

extern "C" void st_eval(struct st_pins *p)
{
	top->in_valid_i = p->in_valid;
	top->in_data_i = p->in_data;
	top->out_space_i = p->out_space;
	top->start_i = p->start;
	top->start_words_i = p->start_words;
	top->pop_i = p->pop;
	top->seek_i = p->seek;
	top->boff_i = p->boff;
	top->bleft_i = p->bleft;
	top->oleft_we_i = p->oleft_we;
	top->oleft_i = p->oleft;
	top->emit_i = p->emit;
	top->emit_b_i = p->emit_b;
	top->stream_i = p->stream;
	top->ks_rdy_i = p->ks_rdy;
	top->ks_i = p->ks;
	top->clk_i = 0;
	top->eval();
	p->in_pop = top->in_pop_o;
	p->out_we = top->out_we_o;
	p->out_data = top->out_data_o;
	p->ks_next = top->ks_next_o;
	p->last = top->last_o;
	p->words_o = top->words_o;
	p->bleft_o = top->bleft_o;
}
