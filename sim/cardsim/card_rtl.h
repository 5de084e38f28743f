/*
 * The Verilated card (hdl/card_top.v, inside sim/cardsim/cardsim_top.v) seen from C: the pins of its PCIe
 * side, and calls to move the clock. card_rtl.cpp is the thin C++ layer
 * Verilator needs; everything else in cardsim is C.
 */
#ifndef CARDSIM_CARD_RTL_H
#define CARDSIM_CARD_RTL_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct card_pins {
	/* to the card */
	uint8_t reg_req, reg_we;
	uint16_t reg_addr;
	uint32_t reg_wdata;
	uint8_t dmar_req_ready;
	uint8_t dmar_rsp_valid, dmar_rsp_last, dmar_rsp_err, dmar_rsp_tag;
	uint64_t dmar_rsp_data;
	uint8_t dmaw_ready, dmaw_rsp_valid, dmaw_rsp_err;
	/* --tlp: the PCIe adapter's AXI4-Stream side (sim/cardsim/cardsim_top.v) */
	uint8_t tlp_mode;
	uint8_t tx_tready;
	uint64_t rx_tdata;
	uint8_t rx_tkeep, rx_tlast, rx_tvalid;
	uint32_t rx_tuser;
	uint16_t cfg_command, cfg_dcommand;
	uint8_t msix_en, msix_fm;
	uint64_t tx_tdata;
	uint8_t tx_tkeep, tx_tlast, tx_tvalid, tx_tuser;
	uint8_t rx_tready;
	/* from the card */
	uint8_t reg_ack;
	uint32_t reg_rdata;
	uint8_t dmar_req_valid, dmar_rsp_ready;
	uint64_t dmar_req_addr;
	uint16_t dmar_req_len;
	uint8_t dmar_req_tag;
	uint8_t dmaw_valid, dmaw_last;
	uint64_t dmaw_addr, dmaw_data;
	uint16_t dmaw_len;
	uint16_t irq;
	uint8_t quiet;
	uint8_t srst;
};

struct card_rtl;

/* trace: an FST file to write the waveform to, or NULL; firmware: the
 * management core's image as $readmemh text (+imem=), or NULL */
struct card_rtl *card_rtl_new(const char *trace, const char *firmware);
void card_rtl_free(struct card_rtl *c);
/* Holds rst_ni low for a few clocks. */
void card_rtl_reset(struct card_rtl *c, struct card_pins *p);
/* Applies the inputs with the clock low and reads the outputs that follow. */
void card_rtl_settle(struct card_rtl *c, struct card_pins *p);
/* Rising edge: registers take the values settled above; outputs updated. */
void card_rtl_tick(struct card_rtl *c, struct card_pins *p);
/* --tlp: one edge of the PCIe user clock, inputs applied first. */
void card_rtl_user_edge(struct card_rtl *c, struct card_pins *p);
uint64_t card_rtl_cycles(const struct card_rtl *c);
/* Operations the card's engine farm took since the model was made, across
 * its resets (card_top farm_ops_o; 0 for a card without a farm). */
uint64_t card_rtl_farm_ops(const struct card_rtl *c);
/* Whether this build can write a waveform (sim/module.mk CARDSIM_WAVES=1);
 * without it card_rtl_new() refuses a trace file. */
int card_rtl_can_trace(void);

#ifdef __cplusplus
}
#endif

#endif
