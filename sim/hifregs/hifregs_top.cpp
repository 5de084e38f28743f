// Thin Verilator harness for hif_regs: copies struct hr_pins in and out
// around one clock. All test logic is in C (tb_hif_regs.c).
#include "Vhif_regs.h"
#include "hifregs_pins.h"
#include "vl_wrap.h"

VL_WRAP(hr, Vhif_regs, hr_pins)

extern "C" void hr_eval(struct hr_pins *p)
{
	top->rst_ni = p->rst_n;
	top->reg_req_i = p->reg_req;
	top->reg_we_i = p->reg_we;
	top->reg_addr_i = p->reg_addr;
	top->reg_wdata_i = p->reg_wdata;
	top->sq_head_i = p->sq_head;
	top->cq_tail_i = p->cq_tail;
	top->q_stop_i = 0;
	top->err_set_i = 0;
	top->err_q_i = 0;
	top->err_addr_i = 0;
	top->card_ready_i = 1;
	top->card_fatal_i = 0;
	top->selftest_failed_i = 0;
	top->mgmt_boot_i = 0;
	top->idle_i = 1;
	top->irq_coalesce_valid_i = 0;
	top->irq_coalesce_i = 0;
	top->cnt_op_i = 0;
	top->cnt_err_i = 0;
	top->cnt_irq_i = 0;
	top->cnt_bytes_in_i = 0;
	top->cnt_bytes_out_i = 0;
	top->eng_busy_i = 0;
	top->clk_i = 0;
	top->eval();
	p->reg_ack = top->reg_ack_o;
	p->reg_rdata = top->reg_rdata_o;
	p->q_en = top->q_en_o;
	p->q_init = top->q_init_o;
	p->sq_tail = top->sq_tail_o;
	p->cq_head = top->cq_head_o;
}
