/*
 * The pins of hdl/pcie/pcie_adapter.v seen from C, and calls that move one
 * of its two clocks. tb_pcie_rtl.cpp is the thin C++ layer Verilator needs;
 * the test and the TLP-level host model are C.
 */
#ifndef TB_PCIE_PINS_H
#define TB_PCIE_PINS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct pcie_pins {
	/* PCIe block side, to the adapter */
	uint8_t tx_tready;
	uint64_t rx_tdata;
	uint8_t rx_tkeep, rx_tlast, rx_tvalid;
	uint32_t rx_tuser;
	uint8_t bus, dev, fn;
	uint16_t command, dcommand;
	uint8_t msix_en, msix_fm;
	/* PCIe block side, from the adapter */
	uint64_t tx_tdata;
	uint8_t tx_tkeep, tx_tlast, tx_tvalid, tx_tuser;
	uint8_t rx_tready;
	uint8_t stat_unexpected, stat_timeout, stat_ur;
	/* card side, to the adapter */
	uint8_t reg_ack;
	uint32_t reg_rdata;
	uint8_t dmar_req_valid;
	uint64_t dmar_req_addr;
	uint16_t dmar_req_len;
	uint8_t dmar_req_tag;
	uint8_t dmar_rsp_ready;
	uint8_t dmaw_valid, dmaw_last;
	uint64_t dmaw_addr, dmaw_data;
	uint16_t dmaw_len;
	uint16_t irq;
	uint8_t srst;
	/* card side, from the adapter */
	uint8_t reg_req, reg_we;
	uint16_t reg_addr;
	uint32_t reg_wdata;
	uint8_t dmar_req_ready;
	uint8_t dmar_rsp_valid, dmar_rsp_last, dmar_rsp_err, dmar_rsp_tag;
	uint64_t dmar_rsp_data;
	uint8_t dmaw_ready, dmaw_rsp_valid, dmaw_rsp_err;
};

struct pcie_rtl;
struct pcie_rtl *pcie_rtl_new(const char *trace);
void pcie_rtl_free(struct pcie_rtl *r);
void pcie_rtl_reset(struct pcie_rtl *r, struct pcie_pins *p);
/* Inputs applied with both clocks low; outputs read back. */
void pcie_rtl_settle(struct pcie_rtl *r, struct pcie_pins *p);
/* A rising edge of the user clock (user != 0) or of the card clock. */
void pcie_rtl_edge(struct pcie_rtl *r, struct pcie_pins *p, int user);

#ifdef __cplusplus
}
#endif

#endif
