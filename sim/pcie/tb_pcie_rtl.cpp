// Thin C++ layer over the Verilated PCIe adapter: pins in, pins out, clocks.
#include "tb_pcie_pins.h"

#include "Vpcie_adapter.h"
#include "verilated.h"
#if TB_WAVES
#include "verilated_fst_c.h"
#endif

struct pcie_rtl {
	VerilatedContext ctx;
	Vpcie_adapter top;
#if TB_WAVES
	VerilatedFstC *fst = nullptr;
#endif
	pcie_rtl() : top(&ctx) {}
};

static void put(pcie_rtl *r, const pcie_pins *p)
{
	Vpcie_adapter &t = r->top;
	t.s_axis_tx_tready_i = p->tx_tready;
	t.m_axis_rx_tdata_i = p->rx_tdata;
	t.m_axis_rx_tkeep_i = p->rx_tkeep;
	t.m_axis_rx_tlast_i = p->rx_tlast;
	t.m_axis_rx_tvalid_i = p->rx_tvalid;
	t.m_axis_rx_tuser_i = p->rx_tuser;
	t.cfg_bus_number_i = p->bus;
	t.cfg_device_number_i = p->dev;
	t.cfg_function_number_i = p->fn;
	t.cfg_command_i = p->command;
	t.cfg_dcommand_i = p->dcommand;
	t.cfg_interrupt_msixenable_i = p->msix_en;
	t.cfg_interrupt_msixfm_i = p->msix_fm;
	t.reg_ack_i = p->reg_ack;
	t.reg_rdata_i = p->reg_rdata;
	t.dmar_req_valid_i = p->dmar_req_valid;
	t.dmar_req_addr_i = p->dmar_req_addr;
	t.dmar_req_len_i = p->dmar_req_len;
	t.dmar_req_tag_i = p->dmar_req_tag;
	t.dmar_rsp_ready_i = p->dmar_rsp_ready;
	t.dmaw_valid_i = p->dmaw_valid;
	t.dmaw_last_i = p->dmaw_last;
	t.dmaw_addr_i = p->dmaw_addr;
	t.dmaw_data_i = p->dmaw_data;
	t.dmaw_len_i = p->dmaw_len;
	t.irq_i = p->irq;
	t.srst_i = p->srst;
}

static void get(const pcie_rtl *r, pcie_pins *p)
{
	const Vpcie_adapter &t = r->top;
	p->tx_tdata = t.s_axis_tx_tdata_o;
	p->tx_tkeep = t.s_axis_tx_tkeep_o;
	p->tx_tlast = t.s_axis_tx_tlast_o;
	p->tx_tvalid = t.s_axis_tx_tvalid_o;
	p->tx_tuser = t.s_axis_tx_tuser_o;
	p->rx_tready = t.m_axis_rx_tready_o;
	p->stat_unexpected = t.stat_cpl_unexpected_o;
	p->stat_timeout = t.stat_cpl_timeout_o;
	p->stat_ur = t.stat_ur_o;
	p->reg_req = t.reg_req_o;
	p->reg_we = t.reg_we_o;
	p->reg_addr = t.reg_addr_o;
	p->reg_wdata = t.reg_wdata_o;
	p->dmar_req_ready = t.dmar_req_ready_o;
	p->dmar_rsp_valid = t.dmar_rsp_valid_o;
	p->dmar_rsp_last = t.dmar_rsp_last_o;
	p->dmar_rsp_err = t.dmar_rsp_err_o;
	p->dmar_rsp_data = t.dmar_rsp_data_o;
	p->dmar_rsp_tag = t.dmar_rsp_tag_o;
	p->dmaw_ready = t.dmaw_ready_o;
	p->dmaw_rsp_valid = t.dmaw_rsp_valid_o;
	p->dmaw_rsp_err = t.dmaw_rsp_err_o;
}

static void dump(pcie_rtl *r)
{
#if TB_WAVES
	if (r->fst)
		r->fst->dump(r->ctx.time());
#endif
	r->ctx.timeInc(1);
}

extern "C" struct pcie_rtl *pcie_rtl_new(const char *trace)
{
	pcie_rtl *r = new pcie_rtl;
#if TB_WAVES
	if (trace) {
		r->ctx.traceEverOn(true);
		r->fst = new VerilatedFstC;
		r->top.trace(r->fst, 99);
		r->fst->open(trace);
	}
#else
	(void)trace;
#endif
	return r;
}

extern "C" void pcie_rtl_free(struct pcie_rtl *r)
{
#if TB_WAVES
	if (r->fst) {
		r->fst->close();
		delete r->fst;
	}
#endif
	r->top.final();
	delete r;
}

extern "C" void pcie_rtl_reset(struct pcie_rtl *r, struct pcie_pins *p)
{
	put(r, p);
	r->top.user_rst_ni = 0;
	r->top.card_rst_ni = 0;
	for (int i = 0; i < 4; i++) {
		r->top.user_clk_i = 0;
		r->top.card_clk_i = 0;
		r->top.eval();
		dump(r);
		r->top.user_clk_i = 1;
		r->top.card_clk_i = 1;
		r->top.eval();
		dump(r);
	}
	r->top.user_rst_ni = 1;
	r->top.card_rst_ni = 1;
	r->top.user_clk_i = 0;
	r->top.card_clk_i = 0;
	r->top.eval();
	get(r, p);
}

extern "C" void pcie_rtl_settle(struct pcie_rtl *r, struct pcie_pins *p)
{
	put(r, p);
	r->top.user_clk_i = 0;
	r->top.card_clk_i = 0;
	r->top.eval();
	get(r, p);
}

extern "C" void pcie_rtl_edge(struct pcie_rtl *r, struct pcie_pins *p, int user)
{
	if (user)
		r->top.user_clk_i = 1;
	else
		r->top.card_clk_i = 1;
	r->top.eval();
	dump(r);
	r->top.user_clk_i = 0;
	r->top.card_clk_i = 0;
	r->top.eval();
	get(r, p);
}
