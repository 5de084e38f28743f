/*
 * Stream driver for the mppe_top test bench and benchmarks: queues
 * operations on the input stream, reassembles results from the output
 * stream, runs context-port commands, all through tb_cycle().
 */
#ifndef TB_DRV_H
#define TB_DRV_H

#include <stdbool.h>
#include <stdint.h>

#include "tb_pins.h"

#define TB_MAX_DATA 4096u

struct tb_op {
	uint32_t tag, flow;
	uint8_t op;
	uint16_t len;
	uint8_t data[TB_MAX_DATA];
};

struct tb_res {
	uint32_t tag, flow;
	uint8_t op, status, flags;
	uint16_t ccount, len;
	uint8_t data[TB_MAX_DATA];
};

struct tb_ctx_req {
	uint8_t cmd;              /* 1 CREATE, 2 DESTROY, 3 READ */
	uint32_t flow;
	uint8_t dir, stateful, key_bits;
	uint8_t start_key[16];
	uint16_t first_ccount, max_rekeys;
	uint8_t accept_pfc;
};

/* Field F of a context response (struct tb_pins from drv_ctx) */
#define TB_RSP(pins, F) MPPE_CTX_RSP_GET((pins).ctx_rsp, F)

typedef void (*tb_result_fn)(const struct tb_res *r, void *arg);

/* Opens the model, resets it and waits for the context wipe. */
int drv_open(int argc, char **argv, const char *wave, tb_result_fn fn, void *arg);
void drv_close(void);
/* Percent of cycles the bench holds back input valid / output ready. */
void drv_set_stalls(unsigned in_pct, unsigned out_pct, uint32_t seed);
/* Queues an operation (copied); runs cycles while the queue is full. */
void drv_submit(const struct tb_op *op);
/* Runs one clock. */
void drv_cycle(void);
/* Runs until every queued operation has its result; false on a hang. */
bool drv_drain(uint64_t max_idle_cycles);
/* Runs one context command to its response (traffic keeps flowing). */
bool drv_ctx(const struct tb_ctx_req *req, struct tb_pins *rsp);
unsigned drv_outstanding(void);
/* The next queued operation gets in_last on its first beat (a framing
 * error the card must survive); drv_framing_error() reads the sticky flag. */
void drv_bad_last_next(void);
bool drv_framing_error(void);
/* Runs until every queued operation has entered the card (results may be pending). */
void drv_flush_input(void);

#endif
