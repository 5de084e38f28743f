// Thin C++ layer over the Verilated card: pins in, pins out, clock.
#include "card_rtl.h"

#include <memory>
#include <string>

#include "Vcardsim_top.h"
#include "verilated.h"
#if VM_TRACE
#include "verilated_fst_c.h"
#else
/* built without --trace-fst (sim/module.mk CARDSIM_WAVES=0): no waveform */
struct VerilatedFstC {
	void dump(uint64_t) {}
	void close() {}
};
#endif

struct card_rtl {
	VerilatedContext ctx;
	Vcardsim_top top;
	VerilatedFstC *fst = nullptr;
	uint64_t cycles = 0;
	uint64_t farm_ops = 0;       // the farm's operations before the last reset
	card_rtl() : top(&ctx) {}
};

static void put(card_rtl *c, const card_pins *p)
{
	Vcardsim_top &t = c->top;
	t.reg_req_i = p->reg_req;
	t.reg_we_i = p->reg_we;
	t.reg_addr_i = p->reg_addr;
	t.reg_wdata_i = p->reg_wdata;
	t.dmar_req_ready_i = p->dmar_req_ready;
	t.dmar_rsp_valid_i = p->dmar_rsp_valid;
	t.dmar_rsp_last_i = p->dmar_rsp_last;
	t.dmar_rsp_err_i = p->dmar_rsp_err;
	t.dmar_rsp_data_i = p->dmar_rsp_data;
	t.dmar_rsp_tag_i = p->dmar_rsp_tag;
	t.dmaw_ready_i = p->dmaw_ready;
	t.dmaw_rsp_valid_i = p->dmaw_rsp_valid;
	t.dmaw_rsp_err_i = p->dmaw_rsp_err;
	t.tlp_mode_i = p->tlp_mode;
	t.s_axis_tx_tready_i = p->tx_tready;
	t.m_axis_rx_tdata_i = p->rx_tdata;
	t.m_axis_rx_tkeep_i = p->rx_tkeep;
	t.m_axis_rx_tlast_i = p->rx_tlast;
	t.m_axis_rx_tvalid_i = p->rx_tvalid;
	t.m_axis_rx_tuser_i = p->rx_tuser;
	t.cfg_command_i = p->cfg_command;
	t.cfg_dcommand_i = p->cfg_dcommand;
	t.cfg_interrupt_msixenable_i = p->msix_en;
	t.cfg_interrupt_msixfm_i = p->msix_fm;
}

static void get(const card_rtl *c, card_pins *p)
{
	const Vcardsim_top &t = c->top;
	p->reg_ack = t.reg_ack_o;
	p->reg_rdata = t.reg_rdata_o;
	p->dmar_req_valid = t.dmar_req_valid_o;
	p->dmar_rsp_ready = t.dmar_rsp_ready_o;
	p->dmar_req_addr = t.dmar_req_addr_o;
	p->dmar_req_len = t.dmar_req_len_o;
	p->dmar_req_tag = t.dmar_req_tag_o;
	p->dmaw_valid = t.dmaw_valid_o;
	p->dmaw_last = t.dmaw_last_o;
	p->dmaw_addr = t.dmaw_addr_o;
	p->dmaw_data = t.dmaw_data_o;
	p->dmaw_len = t.dmaw_len_o;
	p->irq = t.irq_o;
	p->quiet = t.quiet_o;
	p->srst = t.srst_o;
	p->tx_tdata = t.s_axis_tx_tdata_o;
	p->tx_tkeep = t.s_axis_tx_tkeep_o;
	p->tx_tlast = t.s_axis_tx_tlast_o;
	p->tx_tvalid = t.s_axis_tx_tvalid_o;
	p->tx_tuser = t.s_axis_tx_tuser_o;
	p->rx_tready = t.m_axis_rx_tready_o;
}

static void dump(card_rtl *c)
{
	if (c->fst)
		c->fst->dump(c->ctx.time());
	c->ctx.timeInc(1);
}

extern "C" struct card_rtl *card_rtl_new(const char *trace, const char *firmware)
{
	card_rtl *c = new card_rtl;
	if (firmware) {
		std::string arg = std::string("+imem=") + firmware;
		const char *argv[] = { "cardsim", arg.c_str() };
		c->ctx.commandArgs(2, argv);
	}
	if (trace) {
#if VM_TRACE
		c->ctx.traceEverOn(true);
		c->fst = new VerilatedFstC;
		c->top.trace(c->fst, 99);
		c->fst->open(trace);
#else
		delete c;
		return nullptr;
#endif
	}
	return c;
}

extern "C" void card_rtl_free(struct card_rtl *c)
{
	if (c->fst) {
		c->fst->close();
		delete c->fst;
	}
	c->top.final();
	delete c;
}

extern "C" void card_rtl_reset(struct card_rtl *c, struct card_pins *p)
{
	put(c, p);
	c->farm_ops += c->top.farm_ops_o;   // the card's count restarts with the reset
	c->top.rst_ni = 0;
	for (int i = 0; i < 4; i++) {
		c->top.clk_i = 0;
		c->top.eval();
		dump(c);
		c->top.clk_i = 1;
		c->top.eval();
		dump(c);
	}
	c->top.rst_ni = 1;
	c->top.clk_i = 0;
	c->top.eval();
	get(c, p);
}

extern "C" void card_rtl_settle(struct card_rtl *c, struct card_pins *p)
{
	put(c, p);
	c->top.clk_i = 0;
	c->top.eval();
	dump(c);
	get(c, p);
}

extern "C" void card_rtl_tick(struct card_rtl *c, struct card_pins *p)
{
	c->top.clk_i = 1;
	c->top.eval();
	dump(c);
	c->cycles++;
	get(c, p);
}

extern "C" void card_rtl_user_edge(struct card_rtl *c, struct card_pins *p)
{
	put(c, p);
	c->top.user_clk_i = 0;
	c->top.eval();
	c->top.user_clk_i = 1;
	c->top.eval();
	dump(c);
	c->top.user_clk_i = 0;
	c->top.eval();
	get(c, p);
}

extern "C" int card_rtl_can_trace(void)
{
	return VM_TRACE;
}

extern "C" uint64_t card_rtl_cycles(const struct card_rtl *c)
{
	return c->cycles;
}

extern "C" uint64_t card_rtl_farm_ops(const struct card_rtl *c)
{
	return c->farm_ops + c->top.farm_ops_o;
}
