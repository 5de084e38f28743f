// Thin Verilator harness for hif_top: copies struct ht_pins in and out
// around one clock. All test logic is in C (tb_hif_stale.c).
#include "Vhif_top.h"
#include "hiftop_pins.h"
#include "vl_wrap.h"

VL_WRAP(ht, Vhif_top, ht_pins)

extern "C" void ht_eval(struct ht_pins *p)
{
	HT_PINS_IN(top, p);
	/* no management core, nothing from it */
	top->eng_busy_i = 0;
	top->adm_sqe_ready_i = 0;
	top->adm_cqe_valid_i = 0;
	for (int i = 0; i < 4; i++)
		top->adm_cqe_i[i] = 0;
	top->dma_req_valid_i = 0;
	top->dma_host_addr_i = 0;
	top->dma_len_i = 0;
	top->dma_dir_i = 0;
	top->dmabuf_rdata_i = 0;
	top->irq_coalesce_i = 0;
	top->irq_coalesce_valid_i = 0;
	top->card_ready_i = 1;
	top->card_selftest_failed_i = 0;
	top->card_fatal_i = 0;
	top->datapath_enable_i = 1;
	top->mgmt_boot_i = 0;
	top->clk_i = 0;
	top->eval();
	HT_PINS_OUT(top, p);
}
