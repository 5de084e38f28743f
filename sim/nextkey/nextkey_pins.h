/*
 * The pins of sim/nextkey/nextkey_tb_top.v (the key-change unit as the
 * next-key precompute, u_dut, and as the engine's own key changes, u_ck) as
 * a plain C struct for sim/nextkey/tb_nextkey.c.
 * nk_eval() sets the inputs and returns the outputs as they are before the
 * next rising edge; nk_cycle() does the same, then runs the edge.
 */
#ifndef NEXTKEY_PINS_H
#define NEXTKEY_PINS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct nk_pins {
	/* inputs */
	uint8_t rst_n, start, clear, kb, rd_addr, ks_next;
	uint8_t ck_start, ck_init;        /* u_ck */
	uint8_t key[16], start_key[16];   /* octet n in bits [8n+7:8n] */
	/* outputs */
	uint8_t active, done, ks;
	uint8_t key_o[16];
	uint8_t ck_active, ck_done, ck_key[16];   /* u_ck; ck_key: the caller's register */
	uint64_t rd_data;
	uint16_t ij;
};

void nk_open(int argc, char **argv);
void nk_eval(struct nk_pins *p);
void nk_cycle(struct nk_pins *p);
void nk_close(void);

#ifdef __cplusplus
}
#endif

#endif
