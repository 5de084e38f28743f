/* A flow's counters carried across the card's 32-bit wraps and resets. See counters.h. */
#include "counters.h"

#include <stddef.h>
#include <string.h>

static const size_t cumulative[CARD_CNT_CUMULATIVE] = {
	/* 64 bits on the card */
	offsetof(struct mppe_counters, packets), offsetof(struct mppe_counters, bytes),
	offsetof(struct mppe_counters, key_changes),
	/* 32 bits on the card: the last CARD_CNT_NARROW */
	offsetof(struct mppe_counters, ccp_resets), offsetof(struct mppe_counters, rx_dropped),
	offsetof(struct mppe_counters, rx_out_of_order), offsetof(struct mppe_counters, rx_missed),
	offsetof(struct mppe_counters, rx_rekey_limited), offsetof(struct mppe_counters, rx_implausible),
	offsetof(struct mppe_counters, sanity_errors),
};

static uint64_t *counter(struct mppe_counters *m, unsigned i)
{
	return (uint64_t *)(void *)((unsigned char *)m + cumulative[i]);
}

void card_counters_extend(struct card_counter_ext *x, struct mppe_counters *m)
{
	for (unsigned i = 0; i < CARD_CNT_CUMULATIVE; i++) {
		uint64_t *v = counter(m, i);
		if (i >= CARD_CNT_CUMULATIVE - CARD_CNT_NARROW) {
			unsigned k = i - (CARD_CNT_CUMULATIVE - CARD_CNT_NARROW);
			uint32_t now = (uint32_t)*v;
			if (now < x->narrow_last[k])
				x->narrow_high[k] += 1ull << 32;
			x->narrow_last[k] = now;
			*v = x->narrow_high[k] + now;
		}
		*v += x->base[i];
		x->seen[i] = *v;
	}
}

void card_counters_rebase(struct card_counter_ext *x)
{
	memcpy(x->base, x->seen, sizeof(x->base));
	memset(x->narrow_last, 0, sizeof(x->narrow_last));
	memset(x->narrow_high, 0, sizeof(x->narrow_high));
}
