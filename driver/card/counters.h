/*
 * A flow's counters as the caller of the engine API sees them, from what
 * the card reports. The card keeps seven of them in 32 bits
 * (docs/rtl-engine.md, "Departures from the C model"); the driver carries
 * them across wraps, so each must be read at least once per 2^32 events
 * (rx_dropped under a flood of 1 Mpps: once every 71 minutes). A card reset
 * starts the card's counters at zero again; the driver adds what it had
 * read before, so the caller's counters never go back (events between the
 * last read and the reset are lost).
 */
#ifndef CARD_COUNTERS_H
#define CARD_COUNTERS_H

#include <stdint.h>

#include "mppe/mppe.h"

#define CARD_CNT_CUMULATIVE 10      /* packets .. sanity_errors of struct mppe_counters */
#define CARD_CNT_NARROW     7       /* ccp_resets .. sanity_errors: 32 bits on the card */

struct card_counter_ext {
	uint32_t narrow_last[CARD_CNT_NARROW];   /* the card's 32-bit values at the last read */
	uint64_t narrow_high[CARD_CNT_NARROW];   /* wraps seen, times 2^32 */
	uint64_t base[CARD_CNT_CUMULATIVE];      /* counted before the last card reset */
	uint64_t seen[CARD_CNT_CUMULATIVE];      /* the caller's values at the last read */
};

/* m holds what the card reported; on return, what the caller sees. */
void card_counters_extend(struct card_counter_ext *x, struct mppe_counters *m);
/* The card was reset: its counters start again from zero. */
void card_counters_rebase(struct card_counter_ext *x);

#endif
