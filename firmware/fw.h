/* The firmware's parts and its one state record. */
#ifndef FW_FW_H
#define FW_FW_H

#include <stdbool.h>
#include <stdint.h>

#include "card_if.h"   /* contract/, generated from contract/card_if.txt */

#ifndef FW_VERSION
#define FW_VERSION 0x00010000u
#endif
#define FW_NAME "pptp-mppe mgmt firmware"
#define FW_MAX_FLOWS 4096u

/* self-test result bits: CARD_IDENT_SELFTEST_*_MASK (contract/card_if.h) */

/* event log codes: enum card_ev (contract/card_if.h) */

struct fw_state {
	uint32_t card_status;      /* CARD_IDENT_CARD_STATE_*_MASK */
	uint32_t selftest_failed;  /* CARD_IDENT_SELFTEST_*_MASK */
	uint32_t selftest_clocks;
	uint32_t num_flows;        /* min(engine NUM_FLOWS, FW_MAX_FLOWS) */
	uint32_t flows_in_use;
	uint32_t flow_map[FW_MAX_FLOWS / 32];
	bool restart_pending;      /* FW_UPDATE accepted: run the loader after the completion */
	uint32_t restart_words;
	uint32_t fw_crc;           /* CRC-32 of the running image payload */
};
extern struct fw_state fw;

/* main.c */
void fw_boot(void);
void fw_poll(void);
void fw_trap(uint32_t mcause, uint32_t mepc);

/* evlog.c */
void evlog_add(uint16_t code, uint32_t arg);
/* Copies whole entries with sequence >= first into out (cap octets);
 * returns octets written. */
uint32_t evlog_read(uint32_t first, uint8_t *out, uint32_t cap);

/* flows.c */
void flows_rebuild(void);
/* Returns the status code (CARD_STATUS_*) of the operation. */
uint16_t flows_create(const struct card_flowp *p, uint32_t *flow);
uint16_t flows_destroy(uint32_t flow);
uint16_t flows_query(uint32_t flow, struct card_flowcnt *out);
bool flows_in_use(uint32_t flow);
int flows_lowest_free(void);

/* selftest.c */
uint32_t selftest_run(void);

/* fwupdate.c: 0 and the version if the image is good, else -1 and the reason */
int fwimg_check(const uint8_t *img, uint32_t len, uint32_t *version, uint32_t *reason);

/* admin.c */
void admin_execute(const struct card_sqe *sqe, struct card_cqe *cqe);

#endif
