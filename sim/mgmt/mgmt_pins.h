/*
 * The pins of the management subsystem's simulation top (tb_mgmt_top.v), as
 * plain C: the thin C++ shim (tb_mgmt.cpp) copies them to and from the
 * Verilated model once per clock, so every test harness is written in C.
 */
#ifndef MGMT_PINS_H
#define MGMT_PINS_H

#include <stdint.h>

struct mgmt_pins {
	/* inputs, sampled at the next rising edge */
	uint8_t rst_n;
	uint8_t adm_sqe_valid;
	uint32_t adm_sqe[16];
	uint8_t adm_cqe_ready;
	uint8_t dma_req_ready;
	uint8_t dmabuf_en, dmabuf_we, dmabuf_be;
	uint16_t dmabuf_addr;
	uint32_t dmabuf_wdata;
	uint8_t dma_done, dma_status;
	/* outputs, after the edge */
	uint8_t adm_sqe_ready, adm_cqe_valid;
	uint32_t adm_cqe[4];
	uint8_t dma_req_valid, dma_dir;
	uint64_t dma_host_addr;
	uint16_t dma_len;
	uint32_t dmabuf_rdata;
	uint32_t irq_coalesce;
	uint8_t irq_coalesce_valid;
	uint8_t card_ready, card_selftest_failed, card_fatal, datapath_enable;
	uint32_t fw_version;
	uint8_t sim_tohost_valid, sim_console_valid, sim_console, cpu_lockup;
	uint32_t sim_tohost;
	uint32_t recovery;   /* SYS RECOVERY: bit 31 update image runs, 23:16 lockup, 15:0 watchdog resets */
};

#ifdef __cplusplus
extern "C" {
#endif
/* Passes plusargs (+imem=FILE, +trace) to the model (sim/mgmt/tb_mgmt.cpp, on
 * sim/vl_wrap.h). */
void tb_open(int argc, char **argv);
/* One clock: inputs in, rising edge, outputs out. */
void tb_cycle(struct mgmt_pins *p);
uint64_t tb_cycles(void);
void tb_close(void);
#ifdef __cplusplus
}
#endif

#endif
