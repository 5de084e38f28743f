/*
 * The pins of hdl/hif_top.v (the host interface, HAS_MGMT=0) as a plain C
 * struct for sim/hiftop/tb_hif_stale.c: the BAR0 port, the DMA read and
 * write ports and the engine streams; the management-core side is tied off.
 * ht_eval() applies the inputs and reads the outputs with the clock low;
 * ht_cycle() does that and gives one rising edge.
 */
#ifndef HIFTOP_PINS_H
#define HIFTOP_PINS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct ht_pins {
	/* inputs */
	uint8_t rst_n, reg_req, reg_we;
	uint16_t reg_addr;
	uint32_t reg_wdata;
	uint8_t dmar_req_ready, dmar_rsp_valid, dmar_rsp_last, dmar_rsp_err, dmar_rsp_tag;
	uint64_t dmar_rsp_data;
	uint8_t dmaw_ready, dmaw_rsp_valid, dmaw_rsp_err;
	uint8_t in_ready;
	uint8_t out_valid, out_op, out_status, out_flags, out_last;
	uint16_t out_tag, out_flow, out_ccount, out_len;
	uint64_t out_data;
	/* outputs */
	uint8_t reg_ack;
	uint32_t reg_rdata;
	uint8_t dmar_req_valid, dmar_req_tag, dmar_rsp_ready;
	uint64_t dmar_req_addr;
	uint16_t dmar_req_len;
	uint8_t dmaw_valid, dmaw_last;
	uint64_t dmaw_addr, dmaw_data;
	uint16_t dmaw_len;
	uint8_t in_valid, in_op, in_last;
	uint16_t in_tag, in_flow, in_len;
	uint64_t in_data;
	uint8_t out_ready;
};

void ht_open(int argc, char **argv);
void ht_eval(struct ht_pins *p);
void ht_cycle(struct ht_pins *p);
void ht_close(void);

#ifdef __cplusplus
}
#endif

#endif
