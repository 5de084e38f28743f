/*
 * The pins of hdl/hif_regs.v (the host interface's register file and
 * doorbells) at NQ = 2, as a plain C struct for sim/hifregs/tb_hif_regs.c:
 * only those the doorbell checks use. hr_cycle() applies the inputs, reads
 * the outputs that follow and gives one rising edge.
 */
#ifndef HIFREGS_PINS_H
#define HIFREGS_PINS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct hr_pins {
	/* inputs */
	uint8_t rst_n, reg_req, reg_we;
	uint16_t reg_addr;
	uint32_t reg_wdata;
	uint32_t sq_head, cq_tail;    /* queue 0 in [15:0], queue 1 in [31:16] */
	/* outputs, as they were before the edge */
	uint8_t reg_ack, q_en, q_init;
	uint32_t reg_rdata, sq_tail, cq_head;
};

void hr_open(int argc, char **argv);
void hr_eval(struct hr_pins *p);
void hr_cycle(struct hr_pins *p);
void hr_close(void);

#ifdef __cplusplus
}
#endif

#endif
