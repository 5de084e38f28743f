// Thin Verilator harness for tb_mgmt_top (sim/vl_wrap.h): the model and its
// clock; the outputs are read after the rising edge. Everything else is C.
#include "Vtb_mgmt_top.h"
#include "mgmt_pins.h"
#include "vl_wrap.h"

static void tb_in(const struct mgmt_pins *p);
static void tb_out(struct mgmt_pins *p);

VL_WRAP_LATE(tb, Vtb_mgmt_top, mgmt_pins)

static void tb_in(const struct mgmt_pins *p)
{
	top->rst_ni = p->rst_n;
	top->adm_sqe_valid_i = p->adm_sqe_valid;
	for (int i = 0; i < 16; i++)
		top->adm_sqe_i[i] = p->adm_sqe[i];
	top->adm_cqe_ready_i = p->adm_cqe_ready;
	top->dma_req_ready_i = p->dma_req_ready;
	top->dmabuf_en_i = p->dmabuf_en;
	top->dmabuf_we_i = p->dmabuf_we;
	top->dmabuf_be_i = p->dmabuf_be;
	top->dmabuf_addr_i = p->dmabuf_addr;
	top->dmabuf_wdata_i = p->dmabuf_wdata;
	top->dma_done_i = p->dma_done;
	top->dma_status_i = p->dma_status;
}

static void tb_out(struct mgmt_pins *p)
{
	p->adm_sqe_ready = top->adm_sqe_ready_o;
	p->adm_cqe_valid = top->adm_cqe_valid_o;
	for (int i = 0; i < 4; i++)
		p->adm_cqe[i] = top->adm_cqe_o[i];
	p->dma_req_valid = top->dma_req_valid_o;
	p->dma_dir = top->dma_dir_o;
	p->dma_host_addr = top->dma_host_addr_o;
	p->dma_len = top->dma_len_o;
	p->dmabuf_rdata = top->dmabuf_rdata_o;
	p->irq_coalesce = top->irq_coalesce_o;
	p->irq_coalesce_valid = top->irq_coalesce_valid_o;
	p->card_ready = top->card_ready_o;
	p->card_selftest_failed = top->card_selftest_failed_o;
	p->card_fatal = top->card_fatal_o;
	p->datapath_enable = top->datapath_enable_o;
	p->fw_version = top->fw_version_o;
	p->sim_tohost_valid = top->sim_tohost_valid_o;
	p->sim_tohost = top->sim_tohost_o;
	p->sim_console_valid = top->sim_console_valid_o;
	p->sim_console = top->sim_console_o;
	p->cpu_lockup = top->cpu_lockup_o;
	p->recovery = top->recovery_o;
}
