// Thin Verilator harness for hif_regs: copies struct hr_pins in and out
// around one clock. All test logic is in C (tb_hif_regs.c).
#include "Vhif_regs.h"
#include "hifregs_pins.h"
#include "vl_wrap.h"

VL_WRAP(hr, Vhif_regs, hr_pins)

extern "C" void hr_eval(struct hr_pins *p)
{
	HR_PINS_IN(top, p);
	/* the rest of the card, idle and ready */
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
	HR_PINS_OUT(top, p);
}
