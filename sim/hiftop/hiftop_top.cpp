// Thin Verilator harness for hif_top: copies struct ht_pins in and out
// around one clock. All test logic is in C (tb_hif_stale.c).
#include "Vhif_top.h"
#include "hiftop_pins.h"
#include "vl_wrap.h"

VL_WRAP(ht, Vhif_top, ht_pins)

extern "C" void ht_eval(struct ht_pins *p)
{
	top->rst_ni = p->rst_n;
	top->reg_req_i = p->reg_req;
	top->reg_we_i = p->reg_we;
	top->reg_addr_i = p->reg_addr;
	top->reg_wdata_i = p->reg_wdata;
	top->dmar_req_ready_i = p->dmar_req_ready;
	top->dmar_rsp_valid_i = p->dmar_rsp_valid;
	top->dmar_rsp_data_i = p->dmar_rsp_data;
	top->dmar_rsp_last_i = p->dmar_rsp_last;
	top->dmar_rsp_err_i = p->dmar_rsp_err;
	top->dmar_rsp_tag_i = p->dmar_rsp_tag;
	top->dmaw_ready_i = p->dmaw_ready;
	top->dmaw_rsp_valid_i = p->dmaw_rsp_valid;
	top->dmaw_rsp_err_i = p->dmaw_rsp_err;
	top->in_ready_i = p->in_ready;
	top->out_valid_i = p->out_valid;
	top->out_tag_i = p->out_tag;
	top->out_flow_i = p->out_flow;
	top->out_op_i = p->out_op;
	top->out_status_i = p->out_status;
	top->out_flags_i = p->out_flags;
	top->out_ccount_i = p->out_ccount;
	top->out_len_i = p->out_len;
	top->out_data_i = p->out_data;
	top->out_last_i = p->out_last;
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
	p->reg_ack = top->reg_ack_o;
	p->reg_rdata = top->reg_rdata_o;
	p->dmar_req_valid = top->dmar_req_valid_o;
	p->dmar_req_addr = top->dmar_req_addr_o;
	p->dmar_req_len = top->dmar_req_len_o;
	p->dmar_req_tag = top->dmar_req_tag_o;
	p->dmar_rsp_ready = top->dmar_rsp_ready_o;
	p->dmaw_valid = top->dmaw_valid_o;
	p->dmaw_addr = top->dmaw_addr_o;
	p->dmaw_len = top->dmaw_len_o;
	p->dmaw_data = top->dmaw_data_o;
	p->dmaw_last = top->dmaw_last_o;
	p->in_valid = top->in_valid_o;
	p->in_tag = top->in_tag_o;
	p->in_flow = top->in_flow_o;
	p->in_op = top->in_op_o;
	p->in_len = top->in_len_o;
	p->in_data = top->in_data_o;
	p->in_last = top->in_last_o;
	p->out_ready = top->out_ready_o;
}
