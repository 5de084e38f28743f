// Thin Verilator harness for mppe_top (sim/vl_wrap.h): copies struct
// tb_pins in and out around one clock. All test logic is in C (tb_mppe.c).
#include "Vmppe_top.h"
#include "tb_pins.h"
#include "vl_wrap.h"

VL_WRAP(tb, Vmppe_top, tb_pins)

extern "C" void tb_eval(struct tb_pins *p)
{
	top->rst_ni = p->rst_n;
	top->in_valid_i = p->in_valid;
	top->in_tag_i = p->in_tag;
	top->in_flow_i = p->in_flow;
	top->in_op_i = p->in_op;
	top->in_len_i = p->in_len;
	top->in_data_i = p->in_data;
	top->in_last_i = p->in_last;
	top->out_ready_i = p->out_ready;
	top->ctx_req_valid_i = p->ctx_req_valid;
	for (unsigned w = 0; w < MPPE_CTX_REQ_WORDS; w++)
		top->ctx_req_i[w] = p->ctx_req[w];
	top->ctx_rsp_ready_i = p->ctx_rsp_ready;

	top->clk_i = 0;
	top->eval();
	p->ready = top->ready_o;
	p->in_ready = top->in_ready_o;
	p->out_valid = top->out_valid_o;
	p->out_tag = top->out_tag_o;
	p->out_flow = top->out_flow_o;
	p->out_op = top->out_op_o;
	p->out_status = top->out_status_o;
	p->out_flags = top->out_flags_o;
	p->out_ccount = top->out_ccount_o;
	p->out_len = top->out_len_o;
	p->out_data = top->out_data_o;
	p->out_last = top->out_last_o;
	p->ctx_req_ready = top->ctx_req_ready_o;
	p->ctx_rsp_valid = top->ctx_rsp_valid_o;
	for (unsigned w = 0; w < MPPE_CTX_RSP_WORDS; w++)
		p->ctx_rsp[w] = top->ctx_rsp_o[w];
	p->engine_busy = top->engine_busy_o;
	p->in_framing_error = top->in_framing_error_o;
}

extern "C" unsigned tb_num_engines(void) { return TB_NUM_ENGINES; }
extern "C" unsigned tb_num_flows(void) { return TB_NUM_FLOWS; }
